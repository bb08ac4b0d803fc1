import type { Config } from '@autowebiq/config';
import { loadPriceTable } from '@autowebiq/pricing';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CONFIG, PRICE_TABLE } from './tokens';

/** The parsed environment and the live price table, read once at boot. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: PRICE_TABLE, useValue: loadPriceTable(config) },
      ],
      exports: [CONFIG, PRICE_TABLE],
    };
  }
}

import type { Config } from '@autowebiq/config';
import { createDataSource } from '@autowebiq/db';
import { BuildReservations, LedgerService } from '@autowebiq/ledger';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG } from './tokens';

/**
 * A request must not wait long for a connection or a query: when Postgres is
 * unreachable the caller gets a 503 quickly and retries, instead of piling up.
 */
const CONNECT_TIMEOUT_MS = 3000;
const STATEMENT_TIMEOUT_MS = 15_000;

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [CONFIG],
      useFactory: async (config: Config) => {
        const ds = createDataSource({ ...config, applicationName: 'api-gateway' });
        ds.setOptions({
          extra: {
            max: config.DATABASE_POOL_SIZE,
            application_name: 'api-gateway',
            connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
            statement_timeout: STATEMENT_TIMEOUT_MS,
          },
        });
        return ds.initialize();
      },
    },
    { provide: LedgerService, inject: [DataSource], useFactory: (ds: DataSource) => new LedgerService(ds) },
    {
      provide: BuildReservations,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new BuildReservations(ds),
    },
  ],
  exports: [DataSource, LedgerService, BuildReservations],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

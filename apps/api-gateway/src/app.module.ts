import type { Config } from '@autowebiq/config';
import { Module, type DynamicModule } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { BalanceModule } from './balance/balance.module';
import { BuildsModule } from './builds/builds.module';
import { ConfigModule } from './core/config.module';
import { DatabaseModule } from './core/database.module';
import { RedisModule } from './core/redis.module';
import { ErrorsModule } from './errors/errors.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { MetaModule } from './meta/meta.module';
import { PricingModule } from './pricing/pricing.module';
import { SiteModule } from './site/site.module';
import { UsageModule } from './usage/usage.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        HealthModule,
        ErrorsModule,
        AuthModule,
        IdempotencyModule,
        AccountsModule,
        ApiKeysModule,
        BalanceModule,
        PricingModule,
        BuildsModule,
        SiteModule,
        UsageModule,
        MetaModule,
        WebModule,
      ],
    };
  }
}

import { ApiKeyRevocations, createRedis } from '@autowebiq/bus';
import type { Config } from '@autowebiq/config';
import { createDataSource } from '@autowebiq/db';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { ApiKeyAuthService } from './api-key-auth.service';
import { BuildAccessService } from './build-access.service';
import { EventFanoutService } from './event-fanout.service';
import { KeyRevocationService } from './key-revocation.service';
import { OpsController } from './ops.controller';
import { RealtimeMetrics } from './realtime-metrics.service';
import { RealtimeGateway } from './realtime.gateway';
import { CONFIG, DATA_SOURCE, REDIS, REDIS_BLOCKING } from './realtime.tokens';
import { SubscriptionHub } from './subscription-hub.service';
import { TimelineReader } from './timeline-reader.service';

@Module({
  controllers: [OpsController],
  providers: [
    {
      provide: REDIS,
      inject: [CONFIG],
      useFactory: (c: Config) => createRedis(c.REDIS_URL, { name: 'realtime' }),
    },
    {
      provide: REDIS_BLOCKING,
      inject: [CONFIG],
      // The stream read waits out a Redis outage rather than failing and spinning.
      useFactory: (c: Config) => createRedis(c.REDIS_URL, { name: 'realtime-fanout', forWorker: true }),
    },
    {
      provide: ApiKeyRevocations,
      inject: [REDIS, CONFIG],
      // Listening only: the gateway publishes. The subscriber is a connection of its own, closed by KeyRevocationService.
      useFactory: (redis: Redis, c: Config) => new ApiKeyRevocations(redis, c, 'realtime-revocations'),
    },
    {
      provide: DATA_SOURCE,
      inject: [CONFIG],
      useFactory: (c: Config) =>
        createDataSource({
          DATABASE_URL: c.DATABASE_URL,
          DATABASE_POOL_SIZE: Math.min(c.DATABASE_POOL_SIZE, 5),
          applicationName: 'realtime',
        }).initialize(),
    },
    RealtimeMetrics,
    ApiKeyAuthService,
    BuildAccessService,
    TimelineReader,
    SubscriptionHub,
    EventFanoutService,
    KeyRevocationService,
    RealtimeGateway,
  ],
})
export class RealtimeModule implements OnApplicationShutdown {
  /** The environment is parsed once, by main.ts, which also takes the log level from it. */
  static forRoot(config: Config): DynamicModule {
    return { module: RealtimeModule, providers: [{ provide: CONFIG, useValue: config }] };
  }

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.db.destroy();
  }
}

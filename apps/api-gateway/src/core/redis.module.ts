import {
  ApiKeyRevocations,
  BuildFlowProducer,
  CancelFlag,
  createRedis,
  EventPublisher,
} from '@autowebiq/bus';
import type { Config } from '@autowebiq/config';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CONFIG, REDIS } from './tokens';

/**
 * One Redis connection for the gateway's own commands, the event publisher, the flow producer, the cancel flag
 * and revoke notices; listening for revoke notices takes a connection of its own.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [CONFIG],
      useFactory: (c: Config) => {
        const redis = createRedis(c.REDIS_URL, { name: 'api-gateway' });
        // Concurrent requests' commands (rate limit, publish, flow add) share one write per tick instead of one each:
        // socket writes are a large part of a request's cost. ioredis reads this option on every command.
        redis.options.enableAutoPipelining = true;
        // Requests see the outage as 503s; one line per connection error keeps the log readable.
        let lastError = '';
        redis.on('error', (e: Error) => {
          if (e.message !== lastError) new Logger('redis').warn(e.message);
          lastError = e.message;
        });
        redis.on('ready', () => (lastError = ''));
        return redis;
      },
    },
    {
      provide: EventPublisher,
      inject: [REDIS, CONFIG],
      useFactory: (redis: Redis, c: Config) =>
        new EventPublisher(redis, {
          prefix: c.REDIS_PREFIX,
          eventsMaxLen: c.EVENTS_STREAM_MAXLEN,
          buildEventsMaxLen: c.BUILD_EVENTS_MAXLEN,
          buildKeysTtlSeconds: c.BUILD_KEYS_TTL_SECONDS,
        }),
    },
    {
      provide: BuildFlowProducer,
      inject: [REDIS, CONFIG],
      useFactory: (redis: Redis, c: Config) =>
        new BuildFlowProducer(redis, {
          prefix: c.REDIS_PREFIX,
          attempts: c.JOB_ATTEMPTS,
          backoffMs: c.JOB_BACKOFF_MS,
        }),
    },
    {
      provide: CancelFlag,
      inject: [REDIS, CONFIG],
      useFactory: (redis: Redis, c: Config) =>
        new CancelFlag(redis, { prefix: c.REDIS_PREFIX, ttlSeconds: c.BUILD_KEYS_TTL_SECONDS }),
    },
    {
      provide: ApiKeyRevocations,
      inject: [REDIS, CONFIG],
      useFactory: (redis: Redis, c: Config) => new ApiKeyRevocations(redis, c, 'api-gateway-revocations'),
    },
  ],
  exports: [REDIS, EventPublisher, BuildFlowProducer, CancelFlag, ApiKeyRevocations],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(BuildFlowProducer) private readonly flows: BuildFlowProducer,
    @Inject(CancelFlag) private readonly cancel: CancelFlag,
    @Inject(ApiKeyRevocations) private readonly revocations: ApiKeyRevocations,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.revocations.close();
    await Promise.allSettled([this.flows.close(), this.cancel.close()]);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

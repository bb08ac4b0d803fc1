import { BuildFlowProducer, CancelFlag, createRedis, EventPublisher } from '@autowebiq/bus';
import type { Config } from '@autowebiq/config';
import { createDataSource } from '@autowebiq/db';
import { LedgerService } from '@autowebiq/ledger';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

/**
 * What every part of billing shares: one Postgres pool and one set of Redis
 * connections per process, whichever of billing's transports a handler runs under.
 */
export class BillingResources {
  private constructor(
    readonly config: Config,
    readonly consumerName: string,
    readonly dataSource: DataSource,
    readonly ledger: LedgerService,
    readonly redis: Redis,
    readonly events: EventPublisher,
    readonly cancelFlag: CancelFlag,
    readonly flows: BuildFlowProducer,
  ) {}

  static async create(config: Config): Promise<BillingResources> {
    const consumerName = config.BILLING_CONSUMER_NAME ?? `${hostname()}-${process.pid}`;
    const dataSource = await createDataSource({
      DATABASE_URL: config.DATABASE_URL,
      DATABASE_POOL_SIZE: config.DATABASE_POOL_SIZE,
      applicationName: `billing:${consumerName}`,
    }).initialize();
    // Billing waits out a Redis outage (its work is queued there anyway) rather than failing commands.
    const redis = createRedis(config.REDIS_URL, { forWorker: true, name: `billing:${consumerName}` });
    const prefix = config.REDIS_PREFIX;
    return new BillingResources(
      config,
      consumerName,
      dataSource,
      new LedgerService(dataSource),
      redis,
      new EventPublisher(redis, {
        prefix,
        eventsMaxLen: config.EVENTS_STREAM_MAXLEN,
        buildEventsMaxLen: config.BUILD_EVENTS_MAXLEN,
        buildKeysTtlSeconds: config.BUILD_KEYS_TTL_SECONDS,
      }),
      new CancelFlag(redis, { prefix, ttlSeconds: config.BUILD_KEYS_TTL_SECONDS }),
      new BuildFlowProducer(redis, {
        prefix,
        attempts: config.JOB_ATTEMPTS,
        backoffMs: config.JOB_BACKOFF_MS,
      }),
    );
  }

  async close(): Promise<void> {
    await this.flows.close().catch(() => undefined);
    await this.cancelFlag.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

import {
  BuildFlowProducer,
  CancelFlag,
  createRedis,
  EventPublisher,
  SettleJobProducer,
} from '@autowebiq/bus';
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
    /**
     * For live `credits_update`s only: they go out a thousand at a time, and on their own
     * auto-pipelined connection each burst costs a few socket writes instead of two per
     * update (measured: a sixth of billing's CPU on a busy stream before).
     */
    readonly liveEvents: EventPublisher,
    private readonly liveRedis: Redis,
    readonly cancelFlag: CancelFlag,
    readonly flows: BuildFlowProducer,
    /** The sweeper asks again for the settle of a build whose worker's request was lost. */
    readonly settleJobs: SettleJobProducer,
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
    const liveRedis = redis.duplicate({
      enableAutoPipelining: true,
      connectionName: `billing-live:${consumerName}`,
    });
    const prefix = config.REDIS_PREFIX;
    const publisherOptions = {
      prefix,
      eventsMaxLen: config.EVENTS_STREAM_MAXLEN,
      buildEventsMaxLen: config.BUILD_EVENTS_MAXLEN,
      buildKeysTtlSeconds: config.BUILD_KEYS_TTL_SECONDS,
    };
    return new BillingResources(
      config,
      consumerName,
      dataSource,
      new LedgerService(dataSource),
      redis,
      new EventPublisher(redis, publisherOptions),
      new EventPublisher(liveRedis, publisherOptions),
      liveRedis,
      new CancelFlag(redis, { prefix, ttlSeconds: config.BUILD_KEYS_TTL_SECONDS }),
      new BuildFlowProducer(redis, {
        prefix,
        attempts: config.JOB_ATTEMPTS,
        backoffMs: config.JOB_BACKOFF_MS,
      }),
      new SettleJobProducer(redis, { prefix }),
    );
  }

  async close(): Promise<void> {
    await this.flows.close().catch(() => undefined);
    await this.settleJobs.close().catch(() => undefined);
    await this.cancelFlag.close();
    await Promise.all([this.redis, this.liveRedis].map((r) => r.quit().catch(() => r.disconnect())));
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

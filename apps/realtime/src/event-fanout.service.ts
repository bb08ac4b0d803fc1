import { BadEventEntry, parseEventEntry } from '@autowebiq/bus';
import type { Config } from '@autowebiq/config';
import { redisKeys, StreamName } from '@autowebiq/contracts';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RealtimeMetrics } from './realtime-metrics.service';
import { CONFIG, REDIS_BLOCKING } from './realtime.tokens';
import { SubscriptionHub } from './subscription-hub.service';

const BATCH = 1000;
const BLOCK_MS = 1000;
const RETRY_MS = 500;

/**
 * Reads every entry of stream `events` and hands it to the hub. Plain XREAD,
 * not a consumer group: every realtime node needs every event, because any
 * node may hold a socket watching the build.
 */
@Injectable()
export class EventFanoutService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(EventFanoutService.name);
  private readonly key: string;
  private lastId = '0-0';
  private running = false;
  private loop?: Promise<void>;
  /** False while the last read failed; /healthz reports it. */
  healthy = false;

  constructor(
    @Inject(REDIS_BLOCKING) private readonly redis: Redis,
    @Inject(CONFIG) config: Config,
    private readonly hub: SubscriptionHub,
    private readonly metrics: RealtimeMetrics,
  ) {
    this.key = redisKeys.stream(config.REDIS_PREFIX, StreamName.Events);
  }

  /**
   * Pins the read position to the newest entry before the port opens (instead of
   * XREAD `$`), so events appended while a read is retried after a reconnect are
   * still read, and everything appended once clients can connect is delivered.
   */
  async onApplicationBootstrap(): Promise<void> {
    const [newest] = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1);
    if (newest) this.lastId = newest[0];
    this.running = true;
    this.healthy = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.redis.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const res = await this.redis.xread(
          'COUNT',
          BATCH,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.key,
          this.lastId,
        );
        this.healthy = true;
        for (const [, entries] of res ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            this.handle(id, fields);
          }
        }
      } catch (e) {
        if (!this.running) return;
        this.healthy = false;
        this.log.error(`reading ${this.key} failed, retrying: ${String(e)}`);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  private handle(id: string, fields: string[]): void {
    try {
      this.hub.dispatch(parseEventEntry(id, fields));
      this.metrics.streamEntries.inc({ outcome: 'dispatched' });
    } catch (e) {
      if (!(e instanceof BadEventEntry)) throw e;
      this.metrics.streamEntries.inc({ outcome: 'rejected' });
      this.log.error(e.message);
    }
  }
}

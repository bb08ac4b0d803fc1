import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { isObservable, lastValueFrom } from 'rxjs';
import { createRedis } from '../redis';
import { RedisStreamsContext } from './redis-streams-context';
import { streamMetrics } from './stream-metrics';
import {
  ackBatch,
  autoClaim,
  ensureGroup,
  pruneIdleConsumers,
  readGroup,
  type DeadLetter,
  type StreamEntry,
} from './stream-ops';

export interface RedisStreamsServerOptions {
  redisUrl: string;
  /** The stream's full Redis key. */
  stream: string;
  /** The `@EventPattern` that receives this stream's batches. */
  pattern: string;
  group: string;
  /** Unique per process: XAUTOCLAIM tells live consumers from dead ones by name. */
  consumer: string;
  batchSize: number;
  blockMs: number;
  /** Entries pending this long with another consumer are presumed abandoned and taken over. */
  claimIdleMs: number;
  /** How often to look for abandoned entries; defaults to half of claimIdleMs. */
  claimIntervalMs?: number;
  /** Where entries the handler gives up on go, with the reason. Required if the handler returns dead letters. */
  deadLetterStream?: string;
  deadLetterMaxLen?: number;
  /** Consumers silent this long with nothing pending are removed from the group. */
  pruneIdleMs?: number;
  /**
   * Read the next batch while the handler works on the current one. Safe: entries read
   * ahead are pending to this consumer, so a failure re-reads them from its pending list.
   */
  prefetch?: boolean;
  /**
   * Batches handled at once (default 1), so one batch's database work overlaps the
   * next one's parsing. The handler must be safe to run concurrently with itself.
   */
  concurrency?: number;
}

/** What a handler returns: entries it could not process (they are dead-lettered); the rest are acknowledged. */
export interface StreamBatchResult {
  deadLetters?: DeadLetter[];
}

export type RedisStreamsServerEvents = {
  /** A batch was handled and acknowledged. */
  batch: (info: { entries: number; deadLetters: number; redelivered: boolean; ms: number }) => void;
  /** A batch failed; its entries stay pending and are read again after a pause. */
  failed: (error: Error) => void;
};

interface Batch {
  entries: StreamEntry[];
  deletedIds: string[];
  redelivered: boolean;
}

const MAX_RETRY_DELAY_MS = 5000;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * A NestJS transport for one Redis stream read by a consumer group. Each batch of
 * entries goes to the `@EventPattern(pattern)` handler as an array; when the
 * handler resolves, the batch is acknowledged (with its dead letters, atomically);
 * when it throws, nothing is acknowledged and the batch is read again from this
 * consumer's pending list after a pause, so an outage of the handler's database
 * loses nothing. Entries left pending by a consumer that died are taken over with
 * XAUTOCLAIM. Delivery is at least once: handlers must be idempotent per entry id.
 */
export class RedisStreamsServer extends Server<RedisStreamsServerEvents> implements CustomTransportStrategy {
  protected override readonly logger = new Logger(RedisStreamsServer.name);
  private reader?: Redis;
  private commands?: Redis;
  private running = false;
  private loop?: Promise<void>;
  /** Re-read own pending entries before new ones: at start (a restart under the same name) and after a failure. */
  private backlog = true;
  private claimCursor = '0-0';
  private nextClaimAt = 0;
  private nextPruneAt = 0;
  private retryDelayMs = 100;
  private readonly listeners: { [K in keyof RedisStreamsServerEvents]: RedisStreamsServerEvents[K][] } = {
    batch: [],
    failed: [],
  };

  constructor(private readonly options: RedisStreamsServerOptions) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    if (!this.getHandlerByPattern(this.options.pattern)) {
      callback(
        new Error(`No @EventPattern('${this.options.pattern}') handler for stream ${this.options.stream}`),
      );
      return;
    }
    const name = `streams:${this.options.consumer}`;
    this.reader = createRedis(this.options.redisUrl, { forWorker: true, name });
    this.commands = createRedis(this.options.redisUrl, { forWorker: true, name });
    ensureGroup(this.commands, this.options.stream, this.options.group).then(
      () => {
        this.running = true;
        this.loop = this.run();
        callback();
      },
      (error: Error) => callback(error),
    );
  }

  async close(): Promise<void> {
    this.running = false;
    await this.loop;
    this.loop = undefined;
    await Promise.all([this.reader, this.commands].map((c) => c?.quit().catch(() => c.disconnect())));
    this.reader = this.commands = undefined;
  }

  on<K extends keyof RedisStreamsServerEvents>(event: K, callback: RedisStreamsServerEvents[K]): void {
    this.listeners[event].push(callback);
  }

  unwrap<T>(): T {
    if (!this.commands) throw new Error('RedisStreamsServer is not listening yet');
    return this.commands as T;
  }

  private async run(): Promise<void> {
    const limit = Math.max(1, this.options.concurrency ?? 1);
    const inFlight = new Set<Promise<void>>();
    let ahead: Promise<Batch> | undefined;
    let failed: Error | undefined;
    while (this.running) {
      if (failed || (this.backlog && inFlight.size > 0)) {
        // The pending list is re-read only when nothing handed out is still being handled,
        // or the same entries would be handled twice at once.
        await Promise.all(inFlight);
        await ahead?.catch(() => undefined);
        ahead = undefined;
        if (failed) {
          this.backlog = true;
          const error = failed;
          failed = undefined;
          await this.pause(error, 'handle');
        }
        continue;
      }
      if (inFlight.size >= limit) {
        if (this.options.prefetch && !ahead && !this.backlog) {
          ahead = this.fetch();
          // Observed when taken; a failure there is handled like any read failure.
          ahead.catch(() => undefined);
        }
        await Promise.race(inFlight);
        continue;
      }
      let batch: Batch;
      try {
        batch = ahead ? await ahead : await this.fetch();
      } catch (error) {
        ahead = undefined;
        await this.pause(error as Error, 'read');
        continue;
      }
      ahead = undefined;
      if (batch.entries.length === 0 && batch.deletedIds.length === 0) continue;
      const task = this.dispatch(batch).then(
        () => {
          this.retryDelayMs = 100;
        },
        (error: Error) => {
          failed ??= error;
          streamMetrics.batches.inc({ stream: this.options.pattern, outcome: 'failed' });
          for (const listener of this.listeners.failed) listener(error);
        },
      );
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    }
    await Promise.all(inFlight);
    await ahead?.catch(() => undefined);
  }

  private async fetch(): Promise<Batch> {
    const o = this.options;
    const reader = this.reader as Redis;
    if (Date.now() >= this.nextClaimAt) {
      const claimed = await this.claim();
      if (claimed.entries.length > 0 || claimed.deletedIds.length > 0) return claimed;
    }
    if (this.backlog) {
      const own = await readGroup(reader, {
        stream: o.stream,
        group: o.group,
        consumer: o.consumer,
        count: o.batchSize,
        from: '0',
      });
      if (own.entries.length > 0 || own.deletedIds.length > 0) return { ...own, redelivered: true };
      this.backlog = false;
    }
    const fresh = await readGroup(reader, {
      stream: o.stream,
      group: o.group,
      consumer: o.consumer,
      count: o.batchSize,
      blockMs: o.blockMs,
      from: '>',
    });
    return { ...fresh, redelivered: false };
  }

  /** One step of a scan over the group's pending list; the scan restarts every claimIntervalMs. */
  private async claim(): Promise<Batch> {
    const o = this.options;
    const commands = this.commands as Redis;
    const claimed = await autoClaim(commands, {
      stream: o.stream,
      group: o.group,
      consumer: o.consumer,
      minIdleMs: o.claimIdleMs,
      count: o.batchSize,
      start: this.claimCursor,
    });
    this.claimCursor = claimed.next;
    if (claimed.next === '0-0') {
      this.nextClaimAt = Date.now() + (o.claimIntervalMs ?? Math.max(100, Math.floor(o.claimIdleMs / 2)));
      if (Date.now() >= this.nextPruneAt) {
        this.nextPruneAt = Date.now() + PRUNE_EVERY_MS;
        await pruneIdleConsumers(commands, o.stream, o.group, o.pruneIdleMs ?? 3_600_000, o.consumer);
      }
    }
    if (claimed.entries.length > 0) {
      streamMetrics.claimed.inc({ stream: o.pattern }, claimed.entries.length);
      this.logger.warn(
        `Took over ${claimed.entries.length} entries of ${o.stream} left pending by a consumer presumed dead`,
      );
    }
    return { entries: claimed.entries, deletedIds: claimed.deletedIds, redelivered: true };
  }

  private async dispatch(batch: Batch): Promise<void> {
    const o = this.options;
    const started = performance.now();
    let deadLetters: DeadLetter[] = [];
    if (batch.entries.length > 0) {
      const handler = this.getHandlerByPattern(o.pattern);
      if (!handler) throw new Error(`No @EventPattern('${o.pattern}') handler for stream ${o.stream}`);
      const context = new RedisStreamsContext([o.stream, o.group, o.consumer, batch.redelivered]);
      const out: unknown = await handler(batch.entries, context);
      const result = (isObservable(out) ? await lastValueFrom(out, { defaultValue: undefined }) : out) as
        StreamBatchResult | undefined;
      deadLetters = result?.deadLetters ?? [];
    }
    await ackBatch(this.commands as Redis, {
      stream: o.stream,
      group: o.group,
      ids: [...batch.entries.map((e) => e.id), ...batch.deletedIds],
      deadLetterStream: o.deadLetterStream,
      deadLetters,
      // Only dead letters need the original fields: no map of a whole batch when there are none.
      entries: deadLetters.length > 0 ? new Map(batch.entries.map((e) => [e.id, e])) : undefined,
      consumer: o.consumer,
      deadLetterMaxLen: o.deadLetterMaxLen,
    });
    const ms = performance.now() - started;
    const stream = o.pattern;
    streamMetrics.entries.inc({ stream, outcome: 'processed' }, batch.entries.length - deadLetters.length);
    if (deadLetters.length) streamMetrics.entries.inc({ stream, outcome: 'dead_letter' }, deadLetters.length);
    if (batch.deletedIds.length)
      streamMetrics.entries.inc({ stream, outcome: 'deleted' }, batch.deletedIds.length);
    streamMetrics.batches.inc({ stream, outcome: 'ok' });
    streamMetrics.batchSeconds.observe({ stream }, ms / 1000);
    for (const listener of this.listeners.batch) {
      listener({
        entries: batch.entries.length,
        deadLetters: deadLetters.length,
        redelivered: batch.redelivered,
        ms,
      });
    }
  }

  private async pause(error: Error, during: 'read' | 'handle'): Promise<void> {
    this.logger.error(
      `Stream ${this.options.stream}: ${during} failed, retrying in ${this.retryDelayMs} ms: ${error.message}`,
    );
    if (/NOGROUP/.test(error.message)) {
      // The stream or group vanished (a Redis without persistence restarted): recreate it and carry on.
      await ensureGroup(this.commands as Redis, this.options.stream, this.options.group).catch(
        () => undefined,
      );
    }
    await new Promise((r) => setTimeout(r, this.retryDelayMs));
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, MAX_RETRY_DELAY_MS);
  }
}

import { redisKeys } from '@autowebiq/contracts';
import type { Redis } from 'ioredis';

/** Why a build is asked to stop: its owner cancelled it, or billing found the wallet empty. */
export type CancelReason = 'cancelled' | 'over_budget';

/** The abort reason of a signal from `CancelFlag.watch`, so a handler can tell a cancel from a crash. */
export class BuildCancelledError extends Error {
  override readonly name = 'BuildCancelledError';
  constructor(
    readonly buildId: string,
    readonly reason: CancelReason,
  ) {
    super(reason === 'over_budget' ? 'The build ran out of credits' : 'The build was cancelled');
  }
}

export interface CancelWatch {
  readonly signal: AbortSignal;
  stop(): void;
}

export interface CancelFlagOptions {
  prefix: string;
  ttlSeconds: number;
  /** Fallback poll for watchers, covering pub/sub messages lost while Redis reconnects. */
  pollMs?: number;
}

const isReason = (v: string | null): v is CancelReason => v === 'cancelled' || v === 'over_budget';

/**
 * The Redis flag that asks a build's workers to stop. Setting it also publishes
 * on a channel, so watchers abort the call in flight within milliseconds; a slow
 * poll covers messages lost during a reconnect.
 */
export class CancelFlag {
  private subscriber?: Redis;
  private poller?: NodeJS.Timeout;
  private readonly watchers = new Map<string, Set<AbortController>>();

  constructor(
    private readonly redis: Redis,
    private readonly options: CancelFlagOptions,
  ) {}

  async set(buildId: string, reason: CancelReason = 'cancelled'): Promise<void> {
    await this.redis.set(
      redisKeys.buildCancel(this.options.prefix, buildId),
      reason,
      'EX',
      this.options.ttlSeconds,
    );
    await this.redis.publish(redisKeys.cancelChannel(this.options.prefix), buildId);
  }

  /** The reason the build was asked to stop, or null while it may run. */
  async get(buildId: string): Promise<CancelReason | null> {
    const value = await this.redis.get(redisKeys.buildCancel(this.options.prefix, buildId));
    return isReason(value) ? value : null;
  }

  async isSet(buildId: string): Promise<boolean> {
    return (await this.get(buildId)) !== null;
  }

  async clear(buildId: string): Promise<void> {
    await this.redis.del(redisKeys.buildCancel(this.options.prefix, buildId));
  }

  /** A signal that aborts (with a BuildCancelledError) as soon as the build's flag is set. Call stop() when done. */
  watch(buildId: string, parent?: AbortSignal): CancelWatch {
    const controller = new AbortController();
    const onParentAbort = () => controller.abort(parent?.reason);
    if (parent?.aborted) controller.abort(parent.reason);
    parent?.addEventListener('abort', onParentAbort, { once: true });
    let set = this.watchers.get(buildId);
    if (!set) this.watchers.set(buildId, (set = new Set()));
    set.add(controller);
    this.ensureListening();
    void this.check(buildId);
    return {
      signal: controller.signal,
      stop: () => {
        parent?.removeEventListener('abort', onParentAbort);
        const current = this.watchers.get(buildId);
        current?.delete(controller);
        if (current?.size === 0) this.watchers.delete(buildId);
        if (this.watchers.size === 0) this.stopPolling();
      },
    };
  }

  async close(): Promise<void> {
    this.stopPolling();
    this.watchers.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private ensureListening(): void {
    if (!this.subscriber) {
      const subscriber = this.redis.duplicate();
      this.subscriber = subscriber;
      subscriber.on('message', (_channel: string, buildId: string) => void this.check(buildId));
      subscriber.on('error', () => undefined);
      void subscriber.subscribe(redisKeys.cancelChannel(this.options.prefix)).catch(() => undefined);
    }
    if (!this.poller) {
      this.poller = setInterval(() => {
        for (const buildId of this.watchers.keys()) void this.check(buildId);
      }, this.options.pollMs ?? 1000);
      this.poller.unref();
    }
  }

  private stopPolling(): void {
    clearInterval(this.poller);
    this.poller = undefined;
  }

  private async check(buildId: string): Promise<void> {
    const controllers = this.watchers.get(buildId);
    if (!controllers?.size) return;
    const reason = await this.get(buildId).catch(() => null);
    if (!reason) return;
    for (const c of controllers) if (!c.signal.aborted) c.abort(new BuildCancelledError(buildId, reason));
  }
}

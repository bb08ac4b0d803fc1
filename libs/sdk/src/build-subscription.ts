import type {
  AgentMessageEvent,
  BuildCompleteEvent,
  BuildEvent,
  BuildFailedEvent,
  CreditsUpdateEvent,
} from '@autowebiq/contracts';
import { Emitter } from './emitter';
import { RealtimeError } from './errors';
import { SeqOrderer } from './seq-orderer';

export type TerminalEvent = BuildCompleteEvent | BuildFailedEvent;

export interface BuildSubscriptionEvents {
  /** Every event of the build, in seq order, each exactly once. */
  event: (e: BuildEvent) => void;
  agent_message: (e: AgentMessageEvent) => void;
  credits_update: (e: CreditsUpdateEvent & { build_id: string; seq: number }) => void;
  build_complete: (e: BuildCompleteEvent) => void;
  build_failed: (e: BuildFailedEvent) => void;
  /** The server acknowledged a (re)subscription; `replayed` events were missed and are being sent. */
  subscribed: (info: { afterSeq: number; replayed: number }) => void;
  error: (error: RealtimeError) => void;
}

/** What a subscription needs from its connection; kept narrow so it never reaches into the socket. */
export interface SubscriptionHost {
  resync(sub: BuildSubscription): void;
  release(sub: BuildSubscription): void;
}

const isTerminal = (e: BuildEvent): e is TerminalEvent =>
  e.type === 'build_complete' || e.type === 'build_failed';

/**
 * One build's timeline, live. Events from the socket (live or replayed after a
 * reconnect) and from REST backfill all pass through one seq orderer, so a
 * consumer sees every event once and in order. Iterating yields the whole
 * timeline from the subscription's start, ending with the terminal event.
 */
export class BuildSubscription extends Emitter<BuildSubscriptionEvents> implements AsyncIterable<BuildEvent> {
  readonly timeline: BuildEvent[] = [];
  /** Resolves with the first ack's replay count; rejects if the server refuses the subscription. */
  readonly ready: Promise<number>;
  /** Resolves with build_complete or build_failed. */
  readonly finished: Promise<TerminalEvent>;

  private readonly orderer: SeqOrderer<BuildEvent>;
  private readonly wakeups = new Set<() => void>();
  private resolveReady!: (replayed: number) => void;
  private rejectReady!: (e: Error) => void;
  private resolveFinished!: (e: TerminalEvent) => void;
  private rejectFinished!: (e: Error) => void;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private terminal: TerminalEvent | undefined;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    readonly buildId: string,
    afterSeq: number,
    private readonly host: SubscriptionHost,
    private readonly gapWaitMs = 500,
  ) {
    super();
    this.orderer = new SeqOrderer<BuildEvent>(afterSeq);
    this.ready = new Promise(
      (resolve, reject) => ((this.resolveReady = resolve), (this.rejectReady = reject)),
    );
    this.finished = new Promise(
      (resolve, reject) => ((this.resolveFinished = resolve), (this.rejectFinished = reject)),
    );
    // Callers that only iterate or only await one of them must not see an unhandled rejection.
    this.ready.catch(() => undefined);
    this.finished.catch(() => undefined);
  }

  /** The highest seq delivered: what a re-subscription asks to resume after. */
  get lastSeq(): number {
    return this.orderer.lastSeq;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get result(): TerminalEvent | undefined {
    return this.terminal;
  }

  /** Feeds one event (from the socket or from REST); duplicates and stale replays are dropped here. */
  ingest(event: BuildEvent): void {
    if (this.closed || event.build_id !== this.buildId) return;
    for (const e of this.orderer.push(event)) this.deliver(e);
    this.watchGap();
  }

  /** @internal the connection reports each subscribe ack. */
  acknowledged(afterSeq: number, replayed: number): void {
    this.resolveReady(replayed);
    this.emit('subscribed', { afterSeq, replayed });
    this.watchGap();
  }

  /** @internal the server refused the subscription (not_found, bad_request) or auth failed. */
  fail(error: RealtimeError): void {
    if (this.closed) return;
    this.failure = error;
    this.rejectReady(error);
    this.rejectFinished(error);
    this.emit('error', error);
    this.close();
  }

  /** Stops receiving; iteration ends after what was already delivered. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.gapTimer);
    if (!this.terminal && !this.failure)
      this.rejectFinished(new RealtimeError('closed', `Subscription to build ${this.buildId} was closed`));
    this.wake();
    this.host.release(this);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<BuildEvent> {
    for (let i = 0; ;) {
      if (i < this.timeline.length) {
        const e = this.timeline[i++];
        yield e;
        if (isTerminal(e)) return;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.closed) return;
      await new Promise<void>((resolve) => this.wakeups.add(resolve));
    }
  }

  private deliver(e: BuildEvent): void {
    this.timeline.push(e);
    // Set before listeners run, so a listener reading `result` on the terminal event sees it.
    if (isTerminal(e) && !this.terminal) this.terminal = e;
    this.emit('event', e);
    switch (e.type) {
      case 'agent_message':
        this.emit('agent_message', e);
        break;
      case 'credits_update':
        this.emit('credits_update', e as CreditsUpdateEvent & { build_id: string; seq: number });
        break;
      case 'build_complete':
        this.emit('build_complete', e);
        break;
      case 'build_failed':
        this.emit('build_failed', e);
        break;
    }
    if (this.terminal === e) this.resolveFinished(e);
    this.wake();
  }

  /**
   * Events held back behind a missing seq: give the replay in flight a moment
   * to fill it, then ask the server again from the last seq we have; if even
   * that leaves the hole, stop waiting so the feed never freezes.
   */
  private watchGap(): void {
    if (this.gapTimer || !this.orderer.hasGap || this.closed) return;
    const stuckAt = this.orderer.lastSeq;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      if (!this.orderer.hasGap || this.closed) return;
      if (this.orderer.lastSeq !== stuckAt) return this.watchGap();
      this.host.resync(this);
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined;
        if (this.orderer.hasGap && this.orderer.lastSeq === stuckAt) {
          for (const e of this.orderer.skipGap()) this.deliver(e);
        }
        this.watchGap();
      }, this.gapWaitMs * 4);
    }, this.gapWaitMs);
  }

  private wake(): void {
    for (const w of this.wakeups) w();
    this.wakeups.clear();
  }
}

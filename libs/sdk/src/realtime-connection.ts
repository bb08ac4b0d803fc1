import type {
  BuildEvent,
  ClientToServerEvents,
  CreditsUpdateEvent,
  ServerToClientEvents,
  SubscribeAck,
} from '@autowebiq/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { BuildSubscription, type SubscriptionHost } from './build-subscription';
import { Emitter } from './emitter';
import { RealtimeError } from './errors';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface RealtimeConnectionEvents {
  /** For a "Reconnecting…" banner: connected → reconnecting → connected (subscriptions resume by themselves). */
  state: (state: ConnectionState) => void;
  /** Every credits_update of the account, live or replayed; see BalanceTracker for a monotonic view. */
  credits_update: (e: CreditsUpdateEvent) => void;
  error: (error: RealtimeError) => void;
}

export interface RealtimeOptions {
  /** The realtime service's URL, or how to find it (GET /v1/meta). */
  url: string | (() => Promise<string>);
  token: string;
  /** How long a subscribe waits for its ack before it is sent again. */
  ackTimeoutMs?: number;
  /** How long a subscription waits for a missing seq before asking for a replay. */
  gapWaitMs?: number;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const BUILD_EVENTS = ['agent_message', 'credits_update', 'build_complete', 'build_failed'] as const;

/**
 * One Socket.IO connection to `realtime`. Subscriptions survive reconnects:
 * on every (re)connect each is sent again with `after_seq` = the last seq it
 * delivered, so the server replays exactly what was missed.
 */
export class RealtimeConnection extends Emitter<RealtimeConnectionEvents> implements SubscriptionHost {
  private socket: TypedSocket | undefined;
  private current: ConnectionState = 'connecting';
  private readonly subs = new Map<string, Set<BuildSubscription>>();
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: RealtimeOptions) {
    super();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    void this.open();
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The underlying socket, once the URL is known (for advanced use; prefer subscribe). */
  get rawSocket(): TypedSocket | undefined {
    return this.socket;
  }

  /** Follow one build from `afterSeq` (0 = its whole timeline) on. */
  subscribe(buildId: string, options: { afterSeq?: number } = {}): BuildSubscription {
    if (this.current === 'closed') throw new RealtimeError('closed', 'The realtime connection is closed');
    const sub = new BuildSubscription(buildId, options.afterSeq ?? 0, this, this.options.gapWaitMs);
    let set = this.subs.get(buildId);
    if (!set) this.subs.set(buildId, (set = new Set()));
    set.add(sub);
    if (this.socket?.connected) this.sendSubscribe(buildId, sub.lastSeq);
    return sub;
  }

  /** @internal */
  resync(sub: BuildSubscription): void {
    if (this.socket?.connected) this.sendSubscribe(sub.buildId, sub.lastSeq);
  }

  /** @internal */
  release(sub: BuildSubscription): void {
    const set = this.subs.get(sub.buildId);
    if (!set?.delete(sub) || set.size > 0) return;
    this.subs.delete(sub.buildId);
    if (this.socket?.connected) this.socket.emit('unsubscribe', { build_id: sub.buildId });
  }

  close(): void {
    if (this.current === 'closed' && !this.socket) return;
    this.setState('closed');
    for (const set of [...this.subs.values()]) for (const sub of [...set]) sub.close();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.removeAllListeners();
  }

  private async open(): Promise<void> {
    let url: string;
    try {
      url = typeof this.options.url === 'string' ? this.options.url : await this.options.url();
    } catch (error) {
      return this.fatal(
        new RealtimeError('unavailable', `Could not find the realtime service: ${(error as Error).message}`),
      );
    }
    if (this.current === 'closed') return;
    const socket: TypedSocket = io(url, {
      auth: { token: this.options.token },
      // WebSocket first; long-polling only where a proxy blocks upgrades.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 5_000,
      ...this.options.socketOptions,
    });
    this.socket = socket;

    socket.on('connect', () => {
      this.setState('connected');
      for (const [buildId, set] of this.subs)
        this.sendSubscribe(buildId, Math.min(...[...set].map((s) => s.lastSeq)));
    });
    socket.on('disconnect', () => this.setState(socket.active ? 'reconnecting' : 'closed'));
    socket.on('connect_error', (err) => {
      // A refusal by the server's auth middleware is final: socket.io does not retry it.
      if (!socket.active)
        return this.fatal(
          new RealtimeError(err.message === 'unauthorized' ? 'unauthorized' : 'connect_failed', err.message),
        );
      this.setState('reconnecting');
    });
    // Sent just before the server closes a socket whose key was revoked: as final as a refused handshake.
    socket.on('unauthorized', (notice) =>
      this.fatal(new RealtimeError('unauthorized', notice.error.message)),
    );
    for (const type of BUILD_EVENTS) {
      socket.on(type, (e: { build_id?: string; seq?: number; type: string }) => this.route(e));
    }
  }

  private route(e: { build_id?: string; seq?: number; type: string }): void {
    if (e.type === 'credits_update') this.emit('credits_update', e as CreditsUpdateEvent);
    if (typeof e.build_id !== 'string' || typeof e.seq !== 'number') return;
    for (const sub of this.subs.get(e.build_id) ?? []) sub.ingest(e as BuildEvent);
  }

  private sendSubscribe(buildId: string, afterSeq: number): void {
    const socket = this.socket;
    if (!socket) return;
    socket
      .timeout(this.ackTimeoutMs)
      .emit(
        'subscribe',
        { build_id: buildId, after_seq: afterSeq },
        (err: Error | null, ack: SubscribeAck) => {
          const set = this.subs.get(buildId);
          if (!set || this.socket !== socket) return;
          if (err) {
            // No ack in time: the next connect re-subscribes anyway; only retry while still connected.
            if (socket.connected) this.sendSubscribe(buildId, afterSeq);
            return;
          }
          if (ack.ok) {
            for (const sub of set) sub.acknowledged(afterSeq, ack.replayed);
            return;
          }
          if (ack.error.code === 'rate_limited' || ack.error.code === 'internal') {
            setTimeout(
              () => socket.connected && this.subs.has(buildId) && this.sendSubscribe(buildId, afterSeq),
              1_000,
            );
            return;
          }
          for (const sub of [...set]) sub.fail(new RealtimeError(ack.error.code, ack.error.message));
        },
      );
  }

  private fatal(error: RealtimeError): void {
    this.emit('error', error);
    for (const set of [...this.subs.values()]) for (const sub of [...set]) sub.fail(error);
    this.setState('closed');
  }

  private setState(state: ConnectionState): void {
    if (this.current === state) return;
    this.current = state;
    this.emit('state', state);
  }
}

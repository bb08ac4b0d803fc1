import { appendedAtMs, type EventEntry } from '@autowebiq/bus';
import type { Config } from '@autowebiq/config';
import type { BuildEvent, WireEvent } from '@autowebiq/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RealtimeMetrics } from './realtime-metrics.service';
import {
  accountRoom,
  buildRoom,
  BuildSubscription,
  type RealtimeServer,
  type RealtimeSocket,
} from './realtime-socket';
import { CONFIG } from './realtime.tokens';
import { TimelineReader } from './timeline-reader.service';

/** Live events held per subscription while its replay is read; beyond this the replay just reads again. */
const MAX_BUFFERED = 1000;
/** Replay rounds before going live anyway; each round only repeats when live events outran the last one. */
const MAX_ROUNDS = 5;

type Path = 'live' | 'replay' | 'account';

/**
 * Delivers events to this node's sockets: in seq order per socket and build,
 * replay first, then live, without duplicates or gaps.
 *
 * Slow clients: a socket whose engine.io write buffer has not drained for
 * REALTIME_STALL_MS (or holds more than REALTIME_MAX_PENDING_PACKETS) stops
 * getting live events; nothing is queued for it, so its memory stays bounded and
 * other sockets never wait. When it drains, it catches up from the stores exactly
 * like a reconnecting client. A socket that never drains is closed by the
 * heartbeat. Account-level `credits_update`s carry absolute balances, so a
 * stalled socket simply misses the intermediate ones.
 */
@Injectable()
export class SubscriptionHub {
  private readonly log = new Logger(SubscriptionHub.name);
  private server?: RealtimeServer;

  constructor(
    private readonly timeline: TimelineReader,
    private readonly metrics: RealtimeMetrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  attach(server: RealtimeServer): void {
    this.server = server;
  }

  /** Sends the build's events after `afterSeq`, then keeps the socket live on it. Resolves to the count replayed. */
  async subscribe(socket: RealtimeSocket, buildId: string, afterSeq: number): Promise<number> {
    let sub = socket.data.subs.get(buildId);
    if (!sub) {
      sub = new BuildSubscription(buildId, afterSeq);
      socket.data.subs.set(buildId, sub);
      this.metrics.subscriptions.inc();
      // Joining first means live events arriving while the replay is read are buffered, not lost.
      await socket.join(buildRoom(buildId));
    }
    sub.lastSeq = afterSeq;
    try {
      return await this.catchUp(socket, sub);
    } catch (e) {
      this.unsubscribe(socket, buildId);
      throw e;
    }
  }

  unsubscribe(socket: RealtimeSocket, buildId: string): void {
    const sub = socket.data.subs.get(buildId);
    if (!sub) return;
    sub.generation++;
    socket.data.subs.delete(buildId);
    this.metrics.subscriptions.dec();
    void socket.leave(buildRoom(buildId));
  }

  /** Forgets a disconnected socket's subscriptions and stops their catch-ups. */
  release(socket: RealtimeSocket): void {
    for (const sub of socket.data.subs.values()) sub.generation++;
    this.metrics.subscriptions.dec(socket.data.subs.size);
    socket.data.subs.clear();
  }

  /** Called when engine.io flushed the socket's buffer: stalled subscriptions catch up now. */
  onDrain(socket: RealtimeSocket): void {
    socket.data.lastDrainAt = Date.now();
    for (const sub of socket.data.subs.values()) {
      if (sub.state === 'stalled') this.catchUpInBackground(socket, sub);
    }
  }

  /** Fans one entry of stream `events` out to this node's sockets. */
  dispatch(entry: EventEntry): void {
    const server = this.server;
    if (!server) return;
    const { event, buildId, accountId } = entry;
    const rooms = server.of('/').adapter.rooms;
    const sockets = server.of('/').sockets;
    const watchers = buildId ? rooms.get(buildRoom(buildId)) : undefined;
    if (watchers) {
      const ready: string[] = [];
      for (const id of watchers) {
        const socket = sockets.get(id);
        const sub = socket?.data.subs.get(buildId);
        // The owner check already happened at subscribe; this guards against a producer bug.
        if (!socket || !sub || socket.data.accountId !== accountId) continue;
        if (this.acceptLive(socket, sub, event as BuildEvent)) ready.push(id);
      }
      this.broadcast(ready, event, 'live');
    }
    if (event.type === 'credits_update') {
      const members = rooms.get(accountRoom(accountId));
      const ready: string[] = [];
      for (const id of members ?? []) {
        const socket = sockets.get(id);
        // A socket watching the build got this update in its build's sequence already.
        if (!socket || (buildId && socket.data.subs.has(buildId)) || this.isStalled(socket)) continue;
        ready.push(id);
      }
      // Outside a subscription the update is a balance notice, not a timeline entry: without seq, so a
      // client that subscribes to the build later never sees one timeline entry twice.
      const { seq: _seq, ...notice } = event;
      this.broadcast(ready, notice, 'account');
    }
    this.metrics.lag.observe((Date.now() - appendedAtMs(entry.id)) / 1000);
  }

  /** Decides whether a live event goes out to this socket now, updating the subscription as if it had. */
  private acceptLive(socket: RealtimeSocket, sub: BuildSubscription, event: BuildEvent): boolean {
    if (event.seq <= sub.lastSeq) return false;
    switch (sub.state) {
      case 'catching_up':
        if (sub.buffer.length < MAX_BUFFERED) sub.buffer.push(event);
        else sub.overflowed = true;
        return false;
      case 'stalled':
        return false;
      case 'live':
        if (event.seq !== sub.lastSeq + 1) {
          // The missing seqs are in the build's stream, which already holds this event too.
          this.catchUpInBackground(socket, sub);
          return false;
        }
        if (this.isStalled(socket)) {
          sub.state = 'stalled';
          this.metrics.stalls.inc();
          return false;
        }
        sub.lastSeq = event.seq;
        return true;
    }
  }

  private isStalled(socket: RealtimeSocket): boolean {
    // engine.io keeps unsent packets in this (untyped) buffer while the transport is busy.
    const pending = (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
    if (pending === 0) return false;
    return (
      pending > this.config.REALTIME_MAX_PENDING_PACKETS ||
      Date.now() - socket.data.lastDrainAt > this.config.REALTIME_STALL_MS
    );
  }

  private catchUpInBackground(socket: RealtimeSocket, sub: BuildSubscription): void {
    this.catchUp(socket, sub).catch((e: unknown) => {
      // The client resumes with after_seq on reconnect, which is the same recovery from a clean state.
      this.log.error(`catch-up of build ${sub.buildId} for socket ${socket.id} failed: ${String(e)}`);
      socket.disconnect(true);
    });
  }

  /** Replays from the stores, then the live events buffered meanwhile; repeats if live events outran it. */
  private async catchUp(socket: RealtimeSocket, sub: BuildSubscription): Promise<number> {
    const generation = ++sub.generation;
    sub.state = 'catching_up';
    let sent = 0;
    for (let round = 1; ; round++) {
      sub.buffer = [];
      sub.overflowed = false;
      const stored = await this.timeline.eventsAfter(sub.buildId, sub.lastSeq);
      if (generation !== sub.generation) return sent;
      // Stored events are sent even across a gap: what was trimmed and never archived cannot come back.
      for (const event of stored) {
        if (event.seq <= sub.lastSeq) continue;
        this.send(socket, event, 'replay');
        sub.lastSeq = event.seq;
        sent++;
      }
      let complete = !sub.overflowed;
      for (const event of sub.buffer.sort((a, b) => a.seq - b.seq)) {
        if (event.seq <= sub.lastSeq) continue;
        if (event.seq !== sub.lastSeq + 1) {
          complete = false;
          break;
        }
        this.send(socket, event, 'replay');
        sub.lastSeq = event.seq;
        sent++;
      }
      if (complete || round === MAX_ROUNDS) {
        sub.buffer = [];
        sub.state = 'live';
        return sent;
      }
    }
  }

  private send(socket: RealtimeSocket, event: WireEvent, path: Path): void {
    (socket.emit as (type: string, e: WireEvent) => boolean)(event.type, event);
    this.metrics.delivered.inc({ type: event.type, path });
  }

  /** One emit to many sockets: socket.io encodes the packet once for all of them. */
  private broadcast(socketIds: string[], event: WireEvent, path: Path): void {
    if (socketIds.length === 0 || !this.server) return;
    (this.server.to(socketIds).emit as (type: string, e: WireEvent) => boolean)(event.type, event);
    this.metrics.delivered.inc({ type: event.type, path }, socketIds.length);
  }
}

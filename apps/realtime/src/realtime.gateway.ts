import type { Config } from '@autowebiq/config';
import { subscribeRequestSchema, type SubscribeAck } from '@autowebiq/contracts';
import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { z } from 'zod';
import { ApiKeyAuthService } from './api-key-auth.service';
import { BuildAccessService } from './build-access.service';
import { ConnectionLimiter } from './connection-limiter';
import { KeyRevocationService } from './key-revocation.service';
import { RealtimeMetrics } from './realtime-metrics.service';
import { accountRoom, type RealtimeServer, type RealtimeSocket } from './realtime-socket';
import { CONFIG } from './realtime.tokens';
import { SubscriptionHub } from './subscription-hub.service';
import { TokenBucket } from './token-bucket';

const unsubscribeSchema = z.object({ build_id: z.string().uuid() });

/** Server options (payload cap, heartbeat) come from config through RealtimeIoAdapter. */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly log = new Logger(RealtimeGateway.name);
  private readonly connections: ConnectionLimiter;

  constructor(
    private readonly auth: ApiKeyAuthService,
    private readonly access: BuildAccessService,
    private readonly hub: SubscriptionHub,
    private readonly revocations: KeyRevocationService,
    private readonly metrics: RealtimeMetrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.connections = new ConnectionLimiter(config.REALTIME_MAX_CONNECTIONS_PER_ACCOUNT);
  }

  afterInit(server: RealtimeServer): void {
    this.hub.attach(server);
    this.revocations.attach(server);
    server.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      this.auth.ownerOf(token).then(
        (owner) => {
          if (!owner) {
            this.metrics.rejections.inc({ reason: 'unauthorized' });
            return next(new Error('unauthorized'));
          }
          const { accountId, keyId } = owner;
          const release = this.connections.tryAcquire(accountId);
          if (!release) {
            this.metrics.rejections.inc({ reason: 'too_many_connections' });
            next(new Error('too_many_connections'));
            // Runs after the refusal is queued, and engine.io sends it before closing: the refused client
            // must not keep an idle transport open until Socket.IO's 45 s connect timeout.
            process.nextTick(() => socket.conn.close());
            return;
          }
          // A connection that closes during the handshake never emits 'disconnect', so both ends count.
          socket.once('disconnect', release);
          socket.conn.once('close', release);
          socket.data.accountId = accountId;
          socket.data.keyId = keyId;
          next();
        },
        (e: unknown) => {
          this.log.error(`auth lookup failed: ${String(e)}`);
          next(new Error('unavailable'));
        },
      );
    });
  }

  async handleConnection(socket: RealtimeSocket): Promise<void> {
    socket.data.subs = new Map();
    socket.data.subscribeBucket = new TokenBucket(
      this.config.REALTIME_SUBSCRIBE_BURST,
      this.config.REALTIME_SUBSCRIBE_PER_SECOND,
    );
    socket.data.lastDrainAt = Date.now();
    socket.conn.on('drain', () => this.hub.onDrain(socket));
    this.metrics.connectedSockets.inc();
    await socket.join(accountRoom(socket.data.accountId));
  }

  handleDisconnect(socket: RealtimeSocket): void {
    this.metrics.connectedSockets.dec();
    if (socket.data.subs) this.hub.release(socket);
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: RealtimeSocket,
    @MessageBody() body: unknown,
  ): Promise<SubscribeAck> {
    if (!socket.data.subscribeBucket.take()) {
      // A flood is answered once and the socket closed, so it cannot keep the node busy with replays.
      this.metrics.rejections.inc({ reason: 'subscribe_flood' });
      setImmediate(() => socket.disconnect(true));
      return {
        ok: false,
        error: { code: 'rate_limited', message: 'too many subscribe requests; reconnect and slow down' },
      };
    }
    const req = subscribeRequestSchema.safeParse(body);
    if (!req.success) {
      return {
        ok: false,
        error: { code: 'bad_request', message: 'expected { build_id: uuid, after_seq?: integer >= 0 }' },
      };
    }
    const { build_id: buildId, after_seq: afterSeq = 0 } = req.data;
    if (!socket.data.subs.has(buildId) && socket.data.subs.size >= this.config.REALTIME_MAX_SUBSCRIPTIONS) {
      return {
        ok: false,
        error: {
          code: 'bad_request',
          message: `at most ${this.config.REALTIME_MAX_SUBSCRIPTIONS} builds per connection`,
        },
      };
    }
    try {
      if (!(await this.access.canWatch(socket.data.accountId, buildId))) {
        this.metrics.rejections.inc({ reason: 'not_found' });
        return { ok: false, error: { code: 'not_found', message: `build ${buildId} not found` } };
      }
      const replayed = await this.hub.subscribe(socket, buildId, afterSeq);
      return { ok: true, replayed };
    } catch (e) {
      this.log.error(`subscribe to ${buildId} failed: ${String(e)}`);
      return { ok: false, error: { code: 'internal', message: 'could not read the build timeline; retry' } };
    }
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): { ok: boolean } {
    const req = unsubscribeSchema.safeParse(body);
    if (!req.success) return { ok: false };
    this.hub.unsubscribe(socket, req.data.build_id);
    return { ok: true };
  }
}

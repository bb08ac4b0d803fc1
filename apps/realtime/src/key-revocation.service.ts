import { ApiKeyRevocations } from '@autowebiq/bus';
import type { Config } from '@autowebiq/config';
import type { ApiKeyRevokedMessage, UnauthorizedNotice } from '@autowebiq/contracts';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiKeyAuthService } from './api-key-auth.service';
import { RealtimeMetrics } from './realtime-metrics.service';
import type { RealtimeServer } from './realtime-socket';
import { CONFIG } from './realtime.tokens';

const REVOKED: UnauthorizedNotice = {
  error: { code: 'key_revoked', message: 'The API key of this connection was revoked' },
};

/**
 * Ends what a revoked API key can do on this node. On the gateway's revoke notice the key leaves the auth
 * cache and every socket opened with it gets `unauthorized` (code `key_revoked`) and is closed. A notice
 * can be lost (pub/sub keeps nothing while this node is disconnected from Redis), so the keys of open
 * sockets are also checked against Postgres every REALTIME_AUTH_CACHE_SECONDS: the same bound that holds
 * for new handshakes then holds for open sockets too.
 */
@Injectable()
export class KeyRevocationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(KeyRevocationService.name);
  private server?: RealtimeServer;
  private recheckTimer?: NodeJS.Timeout;
  private rechecking = false;

  constructor(
    @Inject(ApiKeyRevocations) private readonly revocations: ApiKeyRevocations,
    private readonly auth: ApiKeyAuthService,
    private readonly metrics: RealtimeMetrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  attach(server: RealtimeServer): void {
    this.server = server;
  }

  /** Subscribed before the port opens: realtime needs Redis to start anyway (its stream read does). */
  async onApplicationBootstrap(): Promise<void> {
    await this.revocations.listen({
      revoked: (message) => this.revoked(message),
      problem: (description) => this.log.warn(description),
    });
    this.recheckTimer = setInterval(
      () => void this.recheckOpenSockets(),
      this.config.REALTIME_AUTH_CACHE_SECONDS * 1000,
    );
    this.recheckTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.recheckTimer);
    this.revocations.close();
  }

  private revoked(message: ApiKeyRevokedMessage): void {
    this.auth.forget(message.key_hash);
    this.closeSockets((keyId) => keyId === message.key_id);
  }

  private async recheckOpenSockets(): Promise<void> {
    if (this.rechecking || !this.server) return;
    this.rechecking = true;
    try {
      const keyIds = new Set<string>();
      for (const socket of this.server.of('/').sockets.values()) keyIds.add(socket.data.keyId);
      const valid = await this.auth.stillValid([...keyIds]);
      // Keys first seen while the query ran were not asked about: they wait for the next round.
      this.closeSockets((keyId) => keyIds.has(keyId) && !valid.has(keyId));
    } catch (e) {
      this.log.warn(
        `re-checking the keys of open sockets failed, next try in ${this.config.REALTIME_AUTH_CACHE_SECONDS} s: ${String(e)}`,
      );
    } finally {
      this.rechecking = false;
    }
  }

  private closeSockets(revoked: (keyId: string) => boolean): void {
    if (!this.server) return;
    const sockets = [...this.server.of('/').sockets.values()].filter((s) => revoked(s.data.keyId));
    for (const socket of sockets) {
      // Packets go out in order and the transport closes once they are flushed, so the notice arrives first.
      socket.emit('unauthorized', REVOKED);
      socket.disconnect(true);
      this.metrics.rejections.inc({ reason: 'key_revoked' });
    }
    if (sockets.length) this.log.log(`closed ${sockets.length} socket(s) of a revoked API key`);
  }
}

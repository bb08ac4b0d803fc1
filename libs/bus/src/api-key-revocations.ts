import type { Config } from '@autowebiq/config';
import {
  apiKeyRevokedMessageSchema,
  parseJsonAs,
  redisKeys,
  type ApiKeyRevokedMessage,
} from '@autowebiq/contracts';
import type { Redis } from 'ioredis';
import { createRedis } from './redis';

export interface RevocationHandlers {
  revoked(message: ApiKeyRevokedMessage): void;
  /** A message that is not an ApiKeyRevokedMessage, or a new connection error of the subscriber. */
  problem(description: string): void;
}

/**
 * Tells every gateway and realtime process that an API key was revoked, over Redis pub/sub, so each drops
 * it from its cache at once instead of after its TTL. Pub/sub keeps nothing: a process whose subscriber is
 * disconnected when a revoke is published never hears of it, so the caches keep their TTL as the bound.
 */
export class ApiKeyRevocations {
  private readonly channel: string;
  private subscriber?: Redis;

  /** `redis` publishes; `name` names the subscriber connection of `listen` in `CLIENT LIST`. */
  constructor(
    private readonly redis: Redis,
    private readonly config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>,
    private readonly name: string,
  ) {
    this.channel = redisKeys.apiKeyRevokedChannel(config.REDIS_PREFIX);
  }

  /** Call after the revoke committed; resolves with the number of processes that got it. */
  publish(message: ApiKeyRevokedMessage): Promise<number> {
    return this.redis.publish(this.channel, JSON.stringify(apiKeyRevokedMessageSchema.parse(message)));
  }

  /**
   * Subscribes on a connection of its own (a subscribed connection can run no other command). It waits
   * out a Redis outage and subscribes again after every reconnect; resolves once first subscribed.
   */
  async listen(handlers: RevocationHandlers): Promise<void> {
    if (this.subscriber) throw new Error('ApiKeyRevocations is already listening');
    const subscriber = createRedis(this.config.REDIS_URL, { name: this.name, forWorker: true });
    this.subscriber = subscriber;
    let lastError = '';
    subscriber.on('error', (e: Error) => {
      if (e.message !== lastError) handlers.problem(`revocation subscriber: ${e.message}`);
      lastError = e.message;
    });
    subscriber.on('ready', () => (lastError = ''));
    subscriber.on('message', (_channel: string, text: string) => {
      const message = parseJsonAs(apiKeyRevokedMessageSchema, text);
      if (message) handlers.revoked(message);
      else handlers.problem(`ignored a malformed message on ${this.channel}: ${text.slice(0, 200)}`);
    });
    await subscriber.subscribe(this.channel);
  }

  /** A subscriber has nothing to flush, so it is dropped at once, even while Redis is unreachable. */
  close(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }
}

import { Redis } from 'ioredis';

export interface CreateRedisOptions {
  /**
   * Workers and blocking consumers wait out a Redis outage instead of failing
   * their commands (BullMQ requires `maxRetriesPerRequest: null`); request
   * handlers want a quick error they can turn into a 503.
   */
  forWorker?: boolean;
  /** Shows in `CLIENT LIST`, which makes a stuck consumer easy to find. */
  name?: string;
}

/** A Redis connection that reconnects by itself after a restart of Redis. */
export function createRedis(url: string, options: CreateRedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: options.name,
    maxRetriesPerRequest: options.forWorker ? null : 2,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
    // A failover or a restart with AOF loading answers LOADING/READONLY for a while: reconnect instead of failing.
    reconnectOnError: (error) => /READONLY|LOADING/.test(error.message),
  });
}

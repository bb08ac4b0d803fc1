import type { Redis } from 'ioredis';
import { createRedis } from './redis';

/** Test-only: Redis connections of one spec file, all closed (and the file's keys deleted) at the end. */
export function redisForSpec(prefix: string) {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const connections: Redis[] = [];
  const connect = (forWorker = false) => {
    const r = createRedis(url, { forWorker });
    connections.push(r);
    return r;
  };
  return {
    url,
    connect,
    async cleanup() {
      const r = connect();
      // Plain keys use `prefix:`, BullMQ's use the hash-tagged `{prefix}:`.
      for (const pattern of [`${prefix}:*`, `{${prefix}}:*`]) {
        const keys = await r.keys(pattern);
        if (keys.length) await r.del(...keys);
      }
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

export async function readStream(redis: Redis, key: string): Promise<Record<string, string>[]> {
  const entries = await redis.xrange(key, '-', '+');
  return entries.map(([, fields]) => {
    const f: Record<string, string> = {};
    for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
    return f;
  });
}

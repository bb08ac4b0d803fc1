import type { Redis } from 'ioredis';

/** The JSON `data` field of every entry of a Redis stream, parsed, oldest first: what the platform's readers get. */
export async function streamData<T>(redis: Redis, key: string): Promise<T[]> {
  const entries = await redis.xrange(key, '-', '+');
  return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('data') + 1]) as T);
}

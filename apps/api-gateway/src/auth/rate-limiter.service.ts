import type { Config } from '@autowebiq/config';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CONFIG, REDIS } from '../core/tokens';
import { DependencyUnavailableError, withTimeout } from '../errors/unavailable';

/**
 * Fixed one-minute windows counted in Redis, so every gateway node shares the
 * limit. KEYS: the window's counter. ARGV: window length in ms. Returns the
 * count so far and the ms left in the window.
 */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
`;
const WINDOW_MS = 60_000;
const REDIS_TIMEOUT_MS = 2000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetS: number;
}

@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    redis.defineCommand('awqRateHit', { numberOfKeys: 1, lua: HIT });
  }

  /** Counts one request of `subject` (an API key id) against RATE_LIMIT_PER_MINUTE. */
  async hit(subject: string): Promise<RateDecision> {
    const window = Math.floor(Date.now() / WINDOW_MS);
    const key = `${this.config.REDIS_PREFIX}:ratelimit:{${subject}}:${window}`;
    const call = (this.redis as Redis & { awqRateHit(key: string, windowMs: number): Promise<[number, number]> }).awqRateHit(key, WINDOW_MS);
    let count: number;
    let ttlMs: number;
    try {
      [count, ttlMs] = await withTimeout(call, REDIS_TIMEOUT_MS, 'redis');
    } catch (e) {
      throw e instanceof DependencyUnavailableError ? e : new DependencyUnavailableError('redis', e);
    }
    const limit = this.config.RATE_LIMIT_PER_MINUTE;
    return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetS: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }
}

import type { Config } from '@autowebiq/config';
import { hashApiKey } from '@autowebiq/db';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CONFIG, DATA_SOURCE } from './realtime.tokens';
import { TtlCache } from './ttl-cache';

/** A refused key is remembered briefly, so a client retrying a bad key in a loop costs no queries. */
const REFUSED_TTL_MS = 5_000;

/**
 * Resolves an API key to its account. Keys are cached by hash for
 * REALTIME_AUTH_CACHE_SECONDS: a revoked key can still open sockets for that long,
 * which is the price of not asking Postgres on every reconnect of every tab.
 */
@Injectable()
export class ApiKeyAuthService {
  private readonly cache = new TtlCache<string | null>(10_000);

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The account id, or null when the key is unknown or revoked. */
  async accountOf(apiKey: unknown): Promise<string | null> {
    if (typeof apiKey !== 'string' || apiKey.length === 0 || apiKey.length > 256) return null;
    const hash = hashApiKey(apiKey);
    const cached = this.cache.get(hash);
    if (cached !== undefined) return cached;
    const rows: { account_id: string }[] = await this.db.query(
      `SELECT account_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const accountId = rows[0]?.account_id ?? null;
    this.cache.set(
      hash,
      accountId,
      accountId ? this.config.REALTIME_AUTH_CACHE_SECONDS * 1000 : REFUSED_TTL_MS,
    );
    return accountId;
  }
}

import type { Config } from '@autowebiq/config';
import type { ApiKeyResponse, CreatedApiKeyResponse } from '@autowebiq/contracts';
import { hashApiKey } from '@autowebiq/db';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CONFIG } from '../core/tokens';
import { notFound } from '../errors/api-error';
import { displayPrefix, generateApiKey } from './api-key-secret';

interface KeyRow {
  id: string;
  name: string | null;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface KeyOwner {
  keyId: string;
  accountId: string;
}

/** Unknown keys are remembered briefly too, so a client hammering a bad key costs no queries. */
const REFUSED_TTL_MS = 2000;
const CACHE_MAX = 10_000;

/**
 * API keys: created with the plain key shown once, stored as hashApiKey (the hash
 * realtime looks up too), revoked by setting revoked_at. Lookups are cached for
 * API_KEY_CACHE_SECONDS; a revoke on this node takes effect at once, on other
 * nodes within that time.
 */
@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, { owner: KeyOwner | null; until: number }>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async create(
    accountId: string,
    name: string | null,
    tx: EntityManager = this.db.manager,
  ): Promise<CreatedApiKeyResponse> {
    const key = generateApiKey();
    const [row]: KeyRow[] = await tx.query(
      `INSERT INTO api_keys (id, account_id, name, prefix, key_hash) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, name, prefix, created_at, revoked_at`,
      [randomUUID(), accountId, name, displayPrefix(key), hashApiKey(key)],
    );
    return { ...toView(row), key };
  }

  async list(accountId: string): Promise<ApiKeyResponse[]> {
    const rows: KeyRow[] = await this.db.query(
      `SELECT id, name, prefix, created_at, revoked_at FROM api_keys WHERE account_id = $1 ORDER BY created_at DESC, id`,
      [accountId],
    );
    return rows.map(toView);
  }

  async revoke(accountId: string, keyId: string): Promise<ApiKeyResponse> {
    const rows: KeyRow[] = await this.db.query(
      `WITH revoked AS (
         UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND account_id = $2
         RETURNING id, name, prefix, created_at, revoked_at
       ) SELECT * FROM revoked`,
      [keyId, accountId],
    );
    if (rows.length === 0) throw notFound('API key');
    for (const [hash, entry] of this.cache) if (entry.owner?.keyId === keyId) this.cache.delete(hash);
    return toView(rows[0]);
  }

  /** The key's owner, or null for an unknown or revoked key. */
  async authenticate(plainKey: string): Promise<KeyOwner | null> {
    const hash = hashApiKey(plainKey);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.owner;
    const rows: { id: string; account_id: string }[] = await this.db.query(
      `SELECT id, account_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const owner = rows[0] ? { keyId: rows[0].id, accountId: rows[0].account_id } : null;
    const ttl = owner ? this.config.API_KEY_CACHE_SECONDS * 1000 : REFUSED_TTL_MS;
    if (ttl > 0) {
      if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(hash, { owner, until: now + ttl });
    }
    return owner;
  }
}

const toView = (r: KeyRow): ApiKeyResponse => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  created_at: r.created_at.toISOString(),
  revoked_at: r.revoked_at ? r.revoked_at.toISOString() : null,
});

import type { DataSource } from 'typeorm';
import { hashApiKey } from './api-key-hash';

export interface ApiKeyOwner {
  keyId: string;
  accountId: string;
}

export interface ApiKeyLookupOptions {
  /** How long a found key is trusted without asking Postgres again; 0 asks every time. */
  ttlMs: number;
  /** How long an unknown or revoked key is refused without asking again, so a client looping on one costs no queries. */
  refusedTtlMs: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Resolves an API key to its owner by `hashApiKey`, caching both answers: the gateway (every request) and
 * realtime (every handshake) ask through this. The cache is why a revoke must reach every process:
 * `forget` drops a key at once; the TTL bounds how long a revoke that never arrived leaves it working.
 */
export class ApiKeyLookup {
  private readonly entries = new Map<string, { owner: ApiKeyOwner | null; until: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Pick<DataSource, 'query'>,
    private readonly options: ApiKeyLookupOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The key's owner, or null for an unknown or revoked key. */
  async owner(plainKey: string): Promise<ApiKeyOwner | null> {
    const hash = hashApiKey(plainKey);
    const cached = this.fresh(hash);
    if (cached !== undefined) return cached;
    const rows: { id: string; account_id: string }[] = await this.db.query(
      `SELECT id, account_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    // A refusal recorded while the query ran (a revoke notice) is newer than what the query read.
    if (this.fresh(hash) === null) return null;
    const owner = rows[0] ? { keyId: rows[0].id, accountId: rows[0].account_id } : null;
    this.remember(hash, owner, owner ? this.options.ttlMs : this.options.refusedTtlMs);
    return owner;
  }

  /** Refuses the key from now on without asking Postgres, e.g. when it was revoked. */
  forget(keyHash: string): void {
    this.remember(keyHash, null, Math.max(this.options.ttlMs, this.options.refusedTtlMs));
  }

  /** Which of these key ids still work, asked of Postgres; the others are refused from now on, cached or not. */
  async stillValid(keyIds: readonly string[]): Promise<Set<string>> {
    if (keyIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM api_keys WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL`,
      [keyIds],
    );
    const valid = new Set(rows.map((r) => r.id));
    const gone = new Set(keyIds.filter((id) => !valid.has(id)));
    if (gone.size > 0) {
      const hashes = [...this.entries]
        .filter(([, e]) => e.owner && gone.has(e.owner.keyId))
        .map(([hash]) => hash);
      for (const hash of hashes) this.forget(hash);
    }
    return valid;
  }

  /** The cached answer while it is fresh; undefined when Postgres must be asked. */
  private fresh(hash: string): ApiKeyOwner | null | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.owner;
    this.entries.delete(hash);
    return undefined;
  }

  private remember(hash: string, owner: ApiKeyOwner | null, ttlMs: number): void {
    this.entries.delete(hash);
    if (ttlMs <= 0) return;
    // Maps iterate in insertion order, so the first key is the oldest write.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(hash, { owner, until: this.now() + ttlMs });
  }
}

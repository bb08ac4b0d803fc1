import { ApiKeyRevocations } from '@autowebiq/bus';
import type { Config } from '@autowebiq/config';
import type { ApiKeyResponse, ApiKeyRevokedMessage, CreatedApiKeyResponse } from '@autowebiq/contracts';
import { ApiKeyLookup, hashApiKey, type ApiKeyOwner } from '@autowebiq/db';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CONFIG } from '../core/tokens';
import { notFound } from '../errors/api-error';
import { withTimeout } from '../errors/unavailable';
import { MetricsService } from '../health/metrics.service';
import { displayPrefix, generateApiKey } from './api-key-secret';

interface KeyRow {
  id: string;
  name: string | null;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** Unknown keys are remembered briefly too, so a client hammering a bad key costs no queries. */
const REFUSED_TTL_MS = 2000;
/** A revoke waits this long for Redis to take its notice; it has committed either way. */
const PUBLISH_TIMEOUT_MS = 2000;

/**
 * API keys: created with the plain key shown once, stored as hashApiKey (the hash
 * realtime looks up too), revoked by setting revoked_at. Lookups are cached for
 * API_KEY_CACHE_SECONDS. A revoke drops the key from this node's cache at once and
 * publishes an ApiKeyRevokedMessage, on which every gateway (this one included) and
 * every realtime node drop it too. A notice lost to a Redis outage leaves the key
 * working on other nodes until their cache entry expires: the TTL stays the bound.
 */
@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  private readonly log = new Logger(ApiKeysService.name);
  private readonly lookup: ApiKeyLookup;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) config: Config,
    @Inject(ApiKeyRevocations) private readonly revocations: ApiKeyRevocations,
    private readonly metrics: MetricsService,
  ) {
    this.lookup = new ApiKeyLookup(db, {
      ttlMs: config.API_KEY_CACHE_SECONDS * 1000,
      refusedTtlMs: REFUSED_TTL_MS,
    });
  }

  /** Not awaited: the gateway serves (and answers 503s) while Redis is down; the subscription follows when it is back. */
  onApplicationBootstrap(): void {
    this.revocations
      .listen({
        revoked: (message) => this.lookup.forget(message.key_hash),
        problem: (description) => this.log.warn(description),
      })
      .catch((e: Error) => this.log.warn(`not listening for revoked keys: ${e.message}`));
  }

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
    const rows: (KeyRow & { key_hash: string })[] = await this.db.query(
      `WITH revoked AS (
         UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND account_id = $2
         RETURNING id, name, prefix, created_at, revoked_at, key_hash
       ) SELECT * FROM revoked`,
      [keyId, accountId],
    );
    if (rows.length === 0) throw notFound('API key');
    const { key_hash: keyHash, ...row } = rows[0];
    this.lookup.forget(keyHash);
    await this.announceRevoke({ key_id: keyId, key_hash: keyHash, account_id: accountId });
    return toView(row);
  }

  /** The key's owner, or null for an unknown or revoked key. */
  authenticate(plainKey: string): Promise<ApiKeyOwner | null> {
    return this.lookup.owner(plainKey);
  }

  /** Also sent again for a key revoked before: a repeated revoke is how a client retries a lost notice. */
  private async announceRevoke(message: ApiKeyRevokedMessage): Promise<void> {
    try {
      await withTimeout(this.revocations.publish(message), PUBLISH_TIMEOUT_MS, 'redis');
    } catch (e) {
      this.metrics.afterCommitFailures.inc({ step: 'revocation' });
      this.log.warn(
        `revoke of key ${message.key_id} not announced (other nodes drop it within their cache TTL): ${(e as Error).message}`,
      );
    }
  }
}

const toView = (r: KeyRow): ApiKeyResponse => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  created_at: r.created_at.toISOString(),
  revoked_at: r.revoked_at ? r.revoked_at.toISOString() : null,
});

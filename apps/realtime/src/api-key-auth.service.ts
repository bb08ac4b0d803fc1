import type { Config } from '@autowebiq/config';
import { ApiKeyLookup, type ApiKeyOwner } from '@autowebiq/db';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CONFIG, DATA_SOURCE } from './realtime.tokens';

/** A refused key is remembered briefly, so a client retrying a bad key in a loop costs no queries. */
const REFUSED_TTL_MS = 5_000;

/**
 * Resolves a handshake's API key to its key and account. Keys are cached by hash for
 * REALTIME_AUTH_CACHE_SECONDS, so a reconnect of every tab does not ask Postgres. A revoke
 * reaches this node as a notice from the gateway (KeyRevocationService), which drops the key
 * here at once; if that notice is lost (Redis down at that moment) the key keeps opening
 * sockets until its entry expires, at most REALTIME_AUTH_CACHE_SECONDS, which is why the TTL stays.
 */
@Injectable()
export class ApiKeyAuthService {
  private readonly lookup: ApiKeyLookup;

  constructor(@Inject(DATA_SOURCE) db: DataSource, @Inject(CONFIG) config: Config) {
    this.lookup = new ApiKeyLookup(db, {
      ttlMs: config.REALTIME_AUTH_CACHE_SECONDS * 1000,
      refusedTtlMs: REFUSED_TTL_MS,
    });
  }

  /** The key and its account, or null when the key is missing, unknown or revoked. */
  async ownerOf(apiKey: unknown): Promise<ApiKeyOwner | null> {
    if (typeof apiKey !== 'string' || apiKey.length === 0 || apiKey.length > 256) return null;
    return this.lookup.owner(apiKey);
  }

  /** Refuses the key (by its stored hash) from now on. */
  forget(keyHash: string): void {
    this.lookup.forget(keyHash);
  }

  /** Which of these key ids still work, asked of Postgres. */
  stillValid(keyIds: readonly string[]): Promise<Set<string>> {
    return this.lookup.stillValid(keyIds);
  }
}

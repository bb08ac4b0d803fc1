import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from './realtime.tokens';
import { TtlCache } from './ttl-cache';

/** A build never changes owner, so a known owner can be kept for long. */
const OWNER_TTL_MS = 10 * 60_000;

/** Answers "may this account watch this build?" without telling apart missing and foreign builds. */
@Injectable()
export class BuildAccessService {
  private readonly owners = new TtlCache<string>(50_000);

  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async canWatch(accountId: string, buildId: string): Promise<boolean> {
    let owner = this.owners.get(buildId);
    if (owner === undefined) {
      const rows: { account_id: string }[] = await this.db.query(
        `SELECT account_id FROM builds WHERE id = $1`,
        [buildId],
      );
      // Misses are not cached: the build may be committed a moment after a fast client asks.
      if (!rows[0]) return false;
      owner = rows[0].account_id;
      this.owners.set(buildId, owner, OWNER_TTL_MS);
    }
    return owner === accountId;
  }
}

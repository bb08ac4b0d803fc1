import type { Config } from '@autowebiq/config';
import { redisKeys, wireEventSchema, type BuildEvent } from '@autowebiq/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { CONFIG, REDIS } from '../core/tokens';
import { withTimeout } from '../errors/unavailable';

const REDIS_TIMEOUT_MS = 3000;

/**
 * A build's events after a seq: from its capped Redis stream, and from Postgres
 * `build_events` (where billing archives finished timelines) for whatever the
 * stream no longer holds.
 */
@Injectable()
export class BuildTimelineService {
  private readonly log = new Logger(BuildTimelineService.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async after(buildId: string, afterSeq: number): Promise<BuildEvent[]> {
    const key = redisKeys.buildEvents(this.config.REDIS_PREFIX, buildId);
    const entries = await withTimeout(this.redis.xrange(key, '-', '+'), REDIS_TIMEOUT_MS, 'redis');
    const recent = entries.map(([, fields]) => this.parse(fields)).filter((e): e is BuildEvent => e !== null);
    const oldest = recent[0]?.seq ?? Number.POSITIVE_INFINITY;
    const older =
      oldest > afterSeq + 1
        ? ((await this.db.query(`SELECT payload FROM build_events WHERE build_id = $1 AND seq > $2 AND seq < $3 ORDER BY seq`, [
            buildId,
            afterSeq,
            Number.isFinite(oldest) ? oldest : 2 ** 31 - 1,
          ])) as { payload: BuildEvent }[]).map((r) => r.payload)
        : [];
    return older.concat(recent.filter((e) => e.seq > afterSeq));
  }

  /** An unreadable entry is left out (a gap the client can see) rather than making the whole timeline fail. */
  private parse(fields: string[]): BuildEvent | null {
    let data = '';
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'data') data = fields[i + 1];
    try {
      return wireEventSchema.parse(JSON.parse(data)) as BuildEvent;
    } catch (e) {
      this.log.error(`unreadable event entry: ${(e as Error).message}`);
      return null;
    }
  }
}

import type { Config } from '@autowebiq/config';
import { redisKeys, wireEventSchema, type BuildEvent } from '@autowebiq/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { RealtimeMetrics } from './realtime-metrics.service';
import { CONFIG, DATA_SOURCE, REDIS } from './realtime.tokens';
import { BadEventEntry, parseEventEntry } from './stream-entry';

/** Entries per XREVRANGE page; a reconnecting client usually misses fewer than this. */
const PAGE = 128;

/**
 * Reads the part of a build's timeline a socket has not seen. The build's Redis
 * stream is capped, so its oldest entries may be gone; those come from Postgres
 * `build_events`, where billing archives a finished build's timeline.
 */
@Injectable()
export class TimelineReader {
  private readonly log = new Logger(TimelineReader.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly metrics: RealtimeMetrics,
  ) {}

  /** The build's events with seq > afterSeq, in seq order. */
  async eventsAfter(buildId: string, afterSeq: number): Promise<BuildEvent[]> {
    const { events: recent, oldestSeq, covered } = await this.fromRedis(buildId, afterSeq);
    // Redis holds everything missed only if it reaches back to afterSeq + 1.
    const older =
      covered || oldestSeq === afterSeq + 1 ? [] : await this.fromPostgres(buildId, afterSeq, oldestSeq);
    const events = older.concat(recent);
    this.metrics.replayed.inc({ source: 'redis' }, recent.length);
    this.metrics.replayed.inc({ source: 'postgres' }, older.length);
    if (events.some((e, i) => e.seq !== afterSeq + 1 + i)) {
      this.metrics.replayGaps.inc();
      this.log.warn(
        `build ${buildId}: timeline after seq ${afterSeq} has gaps (trimmed from Redis, not archived yet)`,
      );
    }
    return events;
  }

  /** Newest-first pages until an entry at or before afterSeq shows the rest is already seen. */
  private async fromRedis(buildId: string, afterSeq: number) {
    const key = redisKeys.buildEvents(this.config.REDIS_PREFIX, buildId);
    const newestFirst: BuildEvent[] = [];
    let end = '+';
    let covered = false;
    for (;;) {
      const page = await this.redis.xrevrange(key, end, '-', 'COUNT', PAGE);
      for (const [id, fields] of page) {
        const entry = this.parse(id, fields);
        if (!entry) continue;
        const { event, seq } = entry;
        if (seq <= afterSeq) {
          covered = true;
          break;
        }
        newestFirst.push(event as BuildEvent);
      }
      if (covered || page.length < PAGE) break;
      end = `(${page[page.length - 1][0]}`;
    }
    const events = newestFirst.reverse();
    return { events, covered, oldestSeq: events[0]?.seq ?? Number.POSITIVE_INFINITY };
  }

  /** A malformed entry is skipped (and shows up as a gap) rather than making the whole build unwatchable. */
  private parse(id: string, fields: string[]) {
    try {
      return parseEventEntry(id, fields);
    } catch (e) {
      if (!(e instanceof BadEventEntry)) throw e;
      this.log.error(e.message);
      return null;
    }
  }

  private async fromPostgres(buildId: string, afterSeq: number, beforeSeq: number): Promise<BuildEvent[]> {
    const rows: { payload: unknown }[] = await this.db.query(
      `SELECT payload FROM build_events WHERE build_id = $1 AND seq > $2 AND seq < $3 ORDER BY seq`,
      [buildId, afterSeq, Number.isFinite(beforeSeq) ? beforeSeq : 2 ** 31 - 1],
    );
    return rows.map((r) => wireEventSchema.parse(r.payload) as BuildEvent);
  }
}

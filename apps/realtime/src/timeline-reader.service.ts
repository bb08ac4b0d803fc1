import type { Config } from '@autowebiq/config';
import { readBuildTimeline } from '@autowebiq/bus';
import type { BuildEvent } from '@autowebiq/contracts';
import { archivedBuildEvents } from '@autowebiq/db';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { RealtimeMetrics } from './realtime-metrics.service';
import { CONFIG, DATA_SOURCE, REDIS } from './realtime.tokens';

/**
 * Reads the part of a build's timeline a socket has not seen (Redis stream, then
 * Postgres for what the capped stream lost), counting where it came from and any gap.
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
    const timeline = await readBuildTimeline(this.redis, this.config.REDIS_PREFIX, buildId, afterSeq, {
      archive: (id, after, before) => archivedBuildEvents(this.db, id, after, before),
      onBadEntry: (e) => this.log.error(e.message),
    });
    this.metrics.replayed.inc({ source: 'redis' }, timeline.fromRedis);
    this.metrics.replayed.inc({ source: 'postgres' }, timeline.fromArchive);
    if (timeline.hasGaps) {
      this.metrics.replayGaps.inc();
      this.log.warn(
        `build ${buildId}: timeline after seq ${afterSeq} has gaps (trimmed from Redis, not archived yet)`,
      );
    }
    return timeline.events;
  }
}

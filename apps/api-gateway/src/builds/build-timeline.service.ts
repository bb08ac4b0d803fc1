import { readBuildTimeline } from '@autowebiq/bus';
import type { Config } from '@autowebiq/config';
import type { BuildEvent } from '@autowebiq/contracts';
import { archivedBuildEvents } from '@autowebiq/db';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { CONFIG, REDIS } from '../core/tokens';
import { withTimeout } from '../errors/unavailable';

const REDIS_TIMEOUT_MS = 3000;

/** A build's events after a seq, read the same way the realtime service replays them. */
@Injectable()
export class BuildTimelineService {
  private readonly log = new Logger(BuildTimelineService.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async after(buildId: string, afterSeq: number): Promise<BuildEvent[]> {
    const timeline = await withTimeout(
      readBuildTimeline(this.redis, this.config.REDIS_PREFIX, buildId, afterSeq, {
        archive: (id, after, before) => archivedBuildEvents(this.db, id, after, before),
        onBadEntry: (e) => this.log.error(e.message),
      }),
      REDIS_TIMEOUT_MS,
      'redis',
    );
    return timeline.events;
  }
}

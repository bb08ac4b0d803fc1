import { redisKeys, type BuildEvent } from '@autowebiq/contracts';
import type { Redis } from 'ioredis';
import { BadEventEntry, parseEventEntry } from './event-entry';

/** Entries per XREVRANGE page; a reader usually misses fewer than this. */
const PAGE = 128;

/** Where a build's timeline continues once its capped Redis stream no longer reaches back: seq in (afterSeq, beforeSeq). */
export type TimelineArchive = (buildId: string, afterSeq: number, beforeSeq: number) => Promise<BuildEvent[]>;

export interface BuildTimeline {
  /** seq > afterSeq, in seq order. */
  events: BuildEvent[];
  fromRedis: number;
  fromArchive: number;
  /** True when the seqs are not exactly afterSeq + 1, + 2, …: trimmed from Redis and not archived yet, or unreadable. */
  hasGaps: boolean;
}

/**
 * The part of a build's timeline after `afterSeq`: from the build's Redis stream,
 * newest first until an entry already seen shows the rest is covered, and from
 * the archive (Postgres `build_events`) for whatever the capped stream lost.
 * An unreadable entry is reported and skipped (a gap the reader can see) rather
 * than making the whole build unreadable.
 */
export async function readBuildTimeline(
  redis: Redis,
  prefix: string,
  buildId: string,
  afterSeq: number,
  opts: { archive: TimelineArchive; onBadEntry?: (e: BadEventEntry) => void },
): Promise<BuildTimeline> {
  const key = redisKeys.buildEvents(prefix, buildId);
  const newestFirst: BuildEvent[] = [];
  let end = '+';
  let covered = false;
  for (;;) {
    const page = await redis.xrevrange(key, end, '-', 'COUNT', PAGE);
    for (const [id, fields] of page) {
      let seq: number;
      let event: BuildEvent;
      try {
        const entry = parseEventEntry(id, fields);
        seq = entry.seq;
        event = entry.event as BuildEvent;
      } catch (e) {
        if (!(e instanceof BadEventEntry)) throw e;
        opts.onBadEntry?.(e);
        continue;
      }
      if (seq <= afterSeq) {
        covered = true;
        break;
      }
      newestFirst.push(event);
    }
    if (covered || page.length < PAGE) break;
    end = `(${page[page.length - 1][0]}`;
  }
  const recent = newestFirst.reverse();
  const oldestSeq = recent[0]?.seq ?? Number.POSITIVE_INFINITY;
  // Redis holds everything missed only if it reaches back to afterSeq + 1.
  const older = covered || oldestSeq === afterSeq + 1 ? [] : await opts.archive(buildId, afterSeq, oldestSeq);
  const events = older.concat(recent);
  return {
    events,
    fromRedis: recent.length,
    fromArchive: older.length,
    hasGaps: events.some((e, i) => e.seq !== afterSeq + 1 + i),
  };
}

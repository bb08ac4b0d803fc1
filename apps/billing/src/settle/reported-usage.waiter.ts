import { redisKeys } from '@autowebiq/contracts';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

export interface WaitResult {
  /** Reported events not billed yet when the wait ended; empty means settle may go ahead. */
  pending: string[];
  waitedMs: number;
}

/**
 * Waits until every usage event the workers reported for a build (the build's
 * `usage-reported` set) is billed (a row in usage_events) or was dead-lettered,
 * so settle never releases a hold while usage is still on its way.
 */
export class ReportedUsageWaiter {
  constructor(
    private readonly redis: Redis,
    private readonly dataSource: DataSource,
    private readonly prefix: string,
  ) {}

  async wait(buildId: string, timeoutMs: number): Promise<WaitResult> {
    const started = Date.now();
    let pending = await this.redis.smembers(redisKeys.buildUsageReported(this.prefix, buildId));
    let pollMs = 25;
    for (;;) {
      pending = await this.stillPending(buildId, pending);
      if (pending.length === 0 || Date.now() - started >= timeoutMs)
        return { pending, waitedMs: Date.now() - started };
      await new Promise((r) => setTimeout(r, pollMs));
      pollMs = Math.min(pollMs * 2, 500);
    }
  }

  private async stillPending(buildId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return ids;
    const [rows, dead] = await Promise.all([
      this.dataSource.query(`SELECT event_id FROM usage_events WHERE event_id = ANY($1::text[])`, [
        ids,
      ]) as Promise<{ event_id: string }[]>,
      this.redis.smembers(redisKeys.buildUsageDead(this.prefix, buildId)),
    ]);
    const done = new Set([...rows.map((r) => r.event_id), ...dead]);
    return ids.filter((id) => !done.has(id));
  }
}

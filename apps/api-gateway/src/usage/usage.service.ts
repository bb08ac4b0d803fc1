import { agentPerformance, usageByGroup } from '@autowebiq/analytics';
import type { UsageGroupBy, UsageResponse } from '@autowebiq/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface UsageQuery {
  from: Date;
  to: Date;
  groupBy: UsageGroupBy;
}

/** An account's usage report; the SQL lives in @autowebiq/analytics, shared with billing's learned estimates. */
@Injectable()
export class UsageService {
  constructor(private readonly db: DataSource) {}

  async usage(accountId: string, q: UsageQuery): Promise<UsageResponse> {
    const range = { accountId, from: q.from, to: q.to };
    const [{ data, total }, agents] = await Promise.all([
      usageByGroup(this.db, range, q.groupBy),
      agentPerformance(this.db, range),
    ]);
    return { from: q.from.toISOString(), to: q.to.toISOString(), group_by: q.groupBy, data, total, agents };
  }
}

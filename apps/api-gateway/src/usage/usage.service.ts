import { agentPerformance, usageByGroup } from '@autowebiq/analytics';
import type { UsageGroupBy, UsageResponse } from '@autowebiq/contracts';
import { LedgerService } from '@autowebiq/ledger';
import { microToCredits } from '@autowebiq/pricing';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface UsageQuery {
  from: Date;
  to: Date;
  groupBy: UsageGroupBy;
}

/**
 * An account's usage report: metered usage (the SQL lives in @autowebiq/analytics, shared with billing's
 * learned estimates) beside what the ledger charged for the same range.
 */
@Injectable()
export class UsageService {
  constructor(
    private readonly db: DataSource,
    private readonly ledger: LedgerService,
  ) {}

  async usage(accountId: string, q: UsageQuery): Promise<UsageResponse> {
    const range = { accountId, from: q.from, to: q.to };
    const [{ data, total }, agents, chargedMicro] = await Promise.all([
      usageByGroup(this.db, range, q.groupBy),
      agentPerformance(this.db, range),
      this.ledger.charged(accountId, q.from, q.to),
    ]);
    return {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      group_by: q.groupBy,
      data,
      total: { ...total, charged: microToCredits(chargedMicro), charged_micro: chargedMicro.toString() },
      agents,
    };
  }
}

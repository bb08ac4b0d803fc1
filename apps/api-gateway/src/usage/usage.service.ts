import type { AgentPerformance, AgentType, UsageBucket, UsageGroupBy, UsageResponse } from '@autowebiq/contracts';
import { microToCredits } from '@autowebiq/pricing';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface UsageQuery {
  from: Date;
  to: Date;
  groupBy: UsageGroupBy;
}

const GROUP_KEY: Record<UsageGroupBy, string> = {
  day: `to_char(date_trunc('day', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
  agent: 'agent',
  model: 'model',
};

interface BucketRow {
  key: string;
  calls: string;
  builds: string;
  input_tokens: string;
  output_tokens: string;
  credits_micro: string;
}

/**
 * Usage analytics over settled usage events (what was actually billed). All
 * usage SQL of the gateway is here, so analytics can grow without touching routes.
 */
@Injectable()
export class UsageService {
  constructor(private readonly db: DataSource) {}

  async usage(accountId: string, q: UsageQuery): Promise<UsageResponse> {
    const range = [accountId, q.from.toISOString(), q.to.toISOString()];
    const buckets: BucketRow[] = await this.db.query(
      `SELECT ${GROUP_KEY[q.groupBy]} AS key, count(*) AS calls, count(DISTINCT build_id) AS builds,
              sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(credits_micro) AS credits_micro
       FROM usage_events WHERE account_id = $1 AND occurred_at >= $2 AND occurred_at < $3
       GROUP BY 1 ORDER BY 1`,
      range,
    );
    const [total]: BucketRow[] = await this.db.query(
      `SELECT count(*) AS calls, count(DISTINCT build_id) AS builds, COALESCE(sum(input_tokens), 0) AS input_tokens,
              COALESCE(sum(output_tokens), 0) AS output_tokens, COALESCE(sum(credits_micro), 0) AS credits_micro
       FROM usage_events WHERE account_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
      range,
    );
    const agents = await this.agentPerformance(range);
    const totalBucket = toBucket({ ...total, key: 'total' });
    return {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      group_by: q.groupBy,
      data: buckets.map(toBucket),
      total: {
        calls: totalBucket.calls,
        builds: totalBucket.builds,
        tokens: totalBucket.tokens,
        credits: totalBucket.credits,
        credits_micro: totalBucket.credits_micro,
      },
      agents,
    };
  }

  /** A run is one attempt of one agent on one build; its duration comes from agent_runs when it finished. */
  private async agentPerformance(range: string[]): Promise<AgentPerformance[]> {
    const rows: { agent: AgentType; model: string; runs: string; tokens: string; credits_micro: string; avg_duration_s: string | null }[] =
      await this.db.query(
        `WITH runs AS (
           SELECT u.build_id, u.agent, u.attempt, u.model,
                  sum(u.input_tokens + u.output_tokens) AS tokens, sum(u.credits_micro) AS credits_micro
           FROM usage_events u WHERE u.account_id = $1 AND u.occurred_at >= $2 AND u.occurred_at < $3
           GROUP BY u.build_id, u.agent, u.attempt, u.model
         )
         SELECT r.agent, r.model, count(*) AS runs, sum(r.tokens) AS tokens, sum(r.credits_micro) AS credits_micro,
                avg(EXTRACT(EPOCH FROM (ar.finished_at - ar.started_at))) AS avg_duration_s
         FROM runs r LEFT JOIN agent_runs ar ON ar.build_id = r.build_id AND ar.agent = r.agent AND ar.attempt = r.attempt
         GROUP BY r.agent, r.model ORDER BY r.agent, r.model`,
        range,
      );
    return rows.map((r) => {
      const runs = Number(r.runs);
      return {
        agent: r.agent,
        model: r.model,
        runs,
        avg_tokens: Math.round(Number(r.tokens) / runs),
        avg_credits: microToCredits(BigInt(r.credits_micro) / BigInt(runs)),
        avg_duration_s: r.avg_duration_s === null ? 0 : Math.round(Number(r.avg_duration_s) * 10) / 10,
      };
    });
  }
}

function toBucket(r: BucketRow): UsageBucket {
  const input = Number(r.input_tokens);
  const output = Number(r.output_tokens);
  return {
    key: r.key,
    calls: Number(r.calls),
    builds: Number(r.builds),
    input_tokens: input,
    output_tokens: output,
    tokens: input + output,
    credits: microToCredits(BigInt(r.credits_micro)),
    credits_micro: String(r.credits_micro),
  };
}

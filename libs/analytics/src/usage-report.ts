import {
  AGENT_ORDER,
  type AgentPerformance,
  type AgentType,
  type UsageBucket,
  type UsageGroupBy,
} from '@autowebiq/contracts';
import { microToCredits } from '@autowebiq/pricing';
import type { DataSource } from 'typeorm';

export interface UsageRange {
  /** null for the whole platform (operators); an account sees only its own usage. */
  accountId: string | null;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface UsageTotals {
  calls: number;
  builds: number;
  tokens: number;
  credits: number;
  credits_micro: string;
}

/**
 * Billable tokens of a usage row: text tokens plus images at the token equivalent
 * of the build's own (frozen) price table, as billing priced them.
 */
const BILLABLE = `(u.input_tokens + u.output_tokens + u.images * (b.price_table->>'image_token_equivalent')::bigint)`;
const IN_RANGE = `($1::uuid IS NULL OR u.account_id = $1) AND u.occurred_at >= $2 AND u.occurred_at < $3`;

const GROUP_KEY: Record<UsageGroupBy, string> = {
  day: `to_char(u.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  agent: `u.agent`,
  model: `u.model`,
};

interface BucketRow {
  key: string;
  calls: number;
  builds: number;
  input_tokens: string;
  output_tokens: string;
  tokens: string;
  credits_micro: string;
}

/**
 * Metered usage (every LLM call billing received, priced with its build's table)
 * per day, agent or model over a range, and the range's totals. Usage later given
 * back at settle (retried attempts, platform failures) is counted here as used:
 * the ledger, not this report, is the record of charges.
 */
export async function usageByGroup(
  ds: DataSource,
  range: UsageRange,
  groupBy: UsageGroupBy,
): Promise<{ data: UsageBucket[]; total: UsageTotals }> {
  const params = [range.accountId, range.from, range.to];
  const [rows, [total]] = await Promise.all([
    ds.query(
      `SELECT ${GROUP_KEY[groupBy]} AS key, count(*)::int AS calls, count(DISTINCT u.build_id)::int AS builds,
              sum(u.input_tokens)::text AS input_tokens, sum(u.output_tokens)::text AS output_tokens,
              sum(${BILLABLE})::text AS tokens, sum(u.credits_micro)::text AS credits_micro
       FROM usage_events u JOIN builds b ON b.id = u.build_id
       WHERE ${IN_RANGE}
       GROUP BY 1 ORDER BY 1`,
      params,
    ) as Promise<BucketRow[]>,
    ds.query(
      `SELECT count(*)::int AS calls, count(DISTINCT u.build_id)::int AS builds,
              COALESCE(sum(${BILLABLE}), 0)::text AS tokens, COALESCE(sum(u.credits_micro), 0)::text AS credits_micro
       FROM usage_events u JOIN builds b ON b.id = u.build_id
       WHERE ${IN_RANGE}`,
      params,
    ) as Promise<{ calls: number; builds: number; tokens: string; credits_micro: string }[]>,
  ]);
  return {
    data: rows.map((r) => ({
      key: r.key,
      calls: r.calls,
      builds: r.builds,
      input_tokens: Number(r.input_tokens),
      output_tokens: Number(r.output_tokens),
      tokens: Number(r.tokens),
      credits: microToCredits(BigInt(r.credits_micro)),
      credits_micro: r.credits_micro,
    })),
    total: {
      calls: total.calls,
      builds: total.builds,
      tokens: Number(total.tokens),
      credits: microToCredits(BigInt(total.credits_micro)),
      credits_micro: total.credits_micro,
    },
  };
}

/**
 * What one run of each agent costs and takes on average, per model. A run is one
 * attempt of one agent on one build; its duration is the attempt's wall time when
 * the worker recorded it, else the sum of its calls' durations.
 */
export async function agentPerformance(ds: DataSource, range: UsageRange): Promise<AgentPerformance[]> {
  const rows: {
    agent: AgentType;
    model: string;
    runs: number;
    avg_tokens: number;
    avg_credits_micro: string;
    avg_duration_s: number;
  }[] = await ds.query(
    `WITH runs AS (
         SELECT u.build_id, u.agent, u.attempt, u.model, sum(${BILLABLE}) AS tokens, sum(u.credits_micro) AS credits_micro,
                sum(u.duration_ms) AS call_ms
         FROM usage_events u JOIN builds b ON b.id = u.build_id
         WHERE ${IN_RANGE}
         GROUP BY u.build_id, u.agent, u.attempt, u.model
       )
       SELECT r.agent, r.model, count(*)::int AS runs, avg(r.tokens)::float8 AS avg_tokens,
              round(avg(r.credits_micro))::text AS avg_credits_micro,
              avg(COALESCE(EXTRACT(EPOCH FROM ar.finished_at - ar.started_at), r.call_ms / 1000.0))::float8 AS avg_duration_s
       FROM runs r
       LEFT JOIN agent_runs ar ON ar.build_id = r.build_id AND ar.agent = r.agent AND ar.attempt = r.attempt AND ar.finished_at IS NOT NULL
       GROUP BY r.agent, r.model`,
    [range.accountId, range.from, range.to],
  );
  return rows
    .map((r) => ({
      agent: r.agent,
      model: r.model,
      runs: r.runs,
      avg_tokens: Math.round(r.avg_tokens),
      avg_credits: microToCredits(BigInt(r.avg_credits_micro)),
      avg_duration_s: Math.round(r.avg_duration_s * 10) / 10,
    }))
    .sort(
      (a, b) => AGENT_ORDER.indexOf(a.agent) - AGENT_ORDER.indexOf(b.agent) || a.model.localeCompare(b.model),
    );
}

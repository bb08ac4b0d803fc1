import { AGENT_TYPES, type AgentModels, type AgentType } from '@autowebiq/contracts';
import type { AgentTokenStats } from '@autowebiq/pricing';
import type { DataSource } from 'typeorm';

export type EstimateHistory = Partial<Record<AgentType, AgentTokenStats>>;

export interface EstimateHistoryOptions {
  /** Only the most recent settled builds per agent count, so estimates follow changes in the agents. */
  window?: number;
}

/**
 * What each agent has really used on the given model: p50 and p90 of the billable
 * tokens (images at their token equivalent) it was paid for per completed build,
 * from the breakdown settle stored on the build. Feed it to `estimateBuild` as
 * `history`; it uses an agent's figures once they have MIN_HISTORY_SAMPLES samples.
 */
export async function learnedEstimateHistory(
  ds: DataSource,
  models: AgentModels,
  options: EstimateHistoryOptions = {},
): Promise<EstimateHistory> {
  const rows: { agent: AgentType; p50: number; p90: number; samples: number }[] = await ds.query(
    `SELECT agent, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY tokens))::float8 AS p50,
            round(percentile_cont(0.9) WITHIN GROUP (ORDER BY tokens))::float8 AS p90, count(*)::int AS samples
     FROM (
       SELECT x.agent, (b.usage->'agents'->x.agent->>'tokens')::bigint AS tokens,
              row_number() OVER (PARTITION BY x.agent ORDER BY b.settled_at DESC) AS recent
       FROM unnest($1::text[], $2::text[]) AS x(agent, model)
       JOIN builds b ON b.status = 'completed' AND b.settled_at IS NOT NULL
                    AND b.models->>x.agent = x.model AND b.usage->'agents' ? x.agent
     ) s
     WHERE recent <= $3
     GROUP BY agent`,
    [AGENT_TYPES, AGENT_TYPES.map((a) => models[a]), options.window ?? 500],
  );
  return Object.fromEntries(rows.map((r) => [r.agent, { p50: r.p50, p90: r.p90, samples: r.samples }]));
}

/**
 * `learnedEstimateHistory` remembered for a while per set of models: estimates are
 * asked for on every build request, and history moves slowly.
 */
export class EstimateHistoryCache {
  private readonly entries = new Map<string, { at: number; value: Promise<EstimateHistory> }>();

  constructor(
    private readonly ds: DataSource,
    private readonly ttlMs = 60_000,
    private readonly options: EstimateHistoryOptions = {},
  ) {}

  get(models: AgentModels): Promise<EstimateHistory> {
    const key = AGENT_TYPES.map((a) => models[a]).join('\u0000');
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = learnedEstimateHistory(this.ds, models, this.options);
    this.entries.set(key, { at: Date.now(), value });
    // A failed read is not remembered: the next request asks the database again.
    value.catch(() => this.entries.delete(key));
    return value;
  }
}

import {
  AGENT_ORDER,
  LAST_AGENT,
  type AgentType,
  type PriceTable,
  type SettleJobPayload,
  type TokenUsage,
} from '@autowebiq/contracts';
import { billableTokens, microToCredits } from '@autowebiq/pricing';

export type FinalStatus = 'completed' | 'failed' | 'cancelled' | 'over_budget';

export interface SettleBuildRow {
  status: string;
  failureReason: string | null;
  cancelRequested: boolean;
  spentMicro: bigint;
  priceTable: PriceTable;
}

export interface UsageRow {
  eventId: string;
  agent: AgentType;
  attempt: number;
  inputTokens: number;
  outputTokens: number;
  images: number;
  creditsMicro: bigint;
  occurredAt: Date;
}

export interface AgentRunRow {
  agent: AgentType;
  attempt: number;
  status: string;
}

export interface SettlePlan {
  status: FinalStatus;
  failureReason: string | null;
  /** A platform failure refunded in full: the whole hold and everything captured goes back. */
  fullRefund: boolean;
  /** Captured usage of attempts whose results were not used, given back as `platform_retry`. */
  retryRefundMicro: bigint;
  /** Reason of the hold's release transfer. */
  releaseReason: string;
  /** What the user paid for, per agent: the breakdown stored on the build and sent in build_complete. */
  usage: TokenUsage;
}

const RELEASE_REASON: Record<FinalStatus, string> = {
  completed: 'build_completed',
  failed: 'build_failed',
  cancelled: 'user_cancelled',
  over_budget: 'over_budget',
};

/**
 * Whether the pipeline produced its site: the last agent's run completed. The worker
 * records that before BullMQ completes the job, so it holds for every `pipeline_finished`
 * request, and it stays true when that request was lost and the settle comes from
 * billing's sweeper or a hold that expired.
 */
export const pipelineCompleted = (runs: AgentRunRow[]) =>
  runs.some((r) => r.agent === LAST_AGENT && r.status === 'completed');

/**
 * The outcome of a build, from what asked for the settle and what Postgres holds
 * (nothing marks a build completed before its settle, so that comes from its runs).
 * Over budget wins (the user must see why it stopped); then a pipeline that produced
 * its site completed, whatever asked (a cancel after the last stage changes nothing,
 * a late settle of a lost request charges what ran); then a cancel by the user (they
 * pay for what ran); anything else failed.
 */
export function decideStatus(
  trigger: SettleJobPayload['trigger'],
  build: SettleBuildRow,
  runs: AgentRunRow[],
): FinalStatus {
  if (build.status === 'over_budget' || trigger === 'over_budget') return 'over_budget';
  if (pipelineCompleted(runs)) return 'completed';
  if (build.cancelRequested || trigger === 'cancelled') return 'cancelled';
  return 'failed';
}

function failureReasonOf(
  status: FinalStatus,
  payload: Pick<SettleJobPayload, 'trigger' | 'reason'>,
  build: SettleBuildRow,
): string | null {
  switch (status) {
    case 'completed':
      return null;
    case 'over_budget':
      return (
        build.failureReason ??
        payload.reason ??
        'Credit limit reached: the build used more credits than your balance allowed'
      );
    case 'cancelled':
      return payload.reason ?? build.failureReason ?? 'Cancelled by the user';
    case 'failed':
      return payload.trigger === 'hold_expired'
        ? 'hold expired'
        : (payload.reason ?? build.failureReason ?? 'The build failed');
  }
}

/**
 * The attempt of each agent whose result the build used: the one that completed,
 * or, when none did (the build stopped inside that agent), the last one that ran.
 */
export function usedAttempts(rows: UsageRow[], runs: AgentRunRow[]): Map<AgentType, number> {
  const used = new Map<AgentType, number>();
  for (const r of runs)
    if (r.status === 'completed') used.set(r.agent, Math.max(used.get(r.agent) ?? 0, r.attempt));
  const last = new Map<AgentType, number>();
  for (const a of [...rows, ...runs]) last.set(a.agent, Math.max(last.get(a.agent) ?? 0, a.attempt));
  for (const [agent, attempt] of last) if (!used.has(agent)) used.set(agent, attempt);
  return used;
}

/**
 * What was actually paid for each usage row. Usually its price; when the wallet
 * ran dry (over budget) the captures fell short, and the shortfall belongs to the
 * last rows captured, so rows are paid in order until `spentMicro` is used up.
 */
export function paidPerRow(rows: UsageRow[], spentMicro: bigint): bigint[] {
  let remaining = spentMicro;
  return rows.map((r) => {
    const paid = r.creditsMicro < remaining ? r.creditsMicro : remaining > 0n ? remaining : 0n;
    remaining -= paid;
    return paid;
  });
}

/** Rows in capture order: when they happened, ties broken by id. */
export const captureOrder = (a: UsageRow, b: UsageRow) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() ||
  (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

export function planSettle(input: {
  payload: Pick<SettleJobPayload, 'trigger' | 'reason'>;
  build: SettleBuildRow;
  rows: UsageRow[];
  runs: AgentRunRow[];
  refundOnPlatformFailure: boolean;
}): SettlePlan {
  const { build } = input;
  const status = decideStatus(input.payload.trigger, build, input.runs);
  const fullRefund = status === 'failed' && input.refundOnPlatformFailure;
  const rows = [...input.rows].sort(captureOrder);
  const paid = paidPerRow(rows, build.spentMicro);
  const used = usedAttempts(rows, input.runs);

  let retryRefundMicro = 0n;
  const agents: TokenUsage['agents'] = {};
  const perAgent = new Map<AgentType, { tokens: bigint; micro: bigint }>();
  rows.forEach((r, i) => {
    if (used.get(r.agent) !== r.attempt) {
      retryRefundMicro += paid[i];
      return;
    }
    const a = perAgent.get(r.agent) ?? { tokens: 0n, micro: 0n };
    a.tokens += billableTokens(build.priceTable, {
      model: '',
      input_tokens: r.inputTokens,
      output_tokens: r.outputTokens,
      images: r.images,
    });
    a.micro += fullRefund ? 0n : paid[i];
    perAgent.set(r.agent, a);
  });
  let totalTokens = 0n;
  let totalMicro = 0n;
  for (const agent of AGENT_ORDER) {
    const a = perAgent.get(agent);
    if (!a) continue;
    totalTokens += a.tokens;
    totalMicro += a.micro;
    agents[agent] = {
      tokens: Number(a.tokens),
      credits: microToCredits(a.micro),
      credits_micro: a.micro.toString(),
    };
  }
  return {
    status,
    failureReason: failureReasonOf(status, input.payload, build),
    fullRefund,
    retryRefundMicro: fullRefund ? 0n : retryRefundMicro,
    releaseReason: fullRefund ? 'platform_failure' : RELEASE_REASON[status],
    usage: {
      total_tokens: Number(totalTokens),
      total_credits: microToCredits(totalMicro),
      total_credits_micro: totalMicro.toString(),
      agents,
    },
  };
}

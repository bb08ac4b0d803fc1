import type { AgentType } from '@autowebiq/contracts';
import { DEFAULT_PRICE_TABLE } from '@autowebiq/pricing';
import {
  decideStatus,
  paidPerRow,
  planSettle,
  usedAttempts,
  type SettleBuildRow,
  type UsageRow,
} from './settle-plan';

const build = (over: Partial<SettleBuildRow> = {}): SettleBuildRow => ({
  status: 'running',
  failureReason: null,
  cancelRequested: false,
  spentMicro: 0n,
  priceTable: DEFAULT_PRICE_TABLE,
  ...over,
});

let n = 0;
const row = (agent: AgentType, attempt: number, creditsMicro: bigint, tokens = 100): UsageRow => ({
  eventId: `e${n++}`,
  agent,
  attempt,
  inputTokens: tokens,
  outputTokens: 0,
  images: 0,
  creditsMicro,
  occurredAt: new Date(1_700_000_000_000 + n),
});

describe('settle plan', () => {
  it('decides the final status: over budget first, then the user cancel, then failure', () => {
    expect(decideStatus('pipeline_finished', build())).toBe('completed');
    expect(decideStatus('pipeline_failed', build())).toBe('failed');
    expect(decideStatus('hold_expired', build())).toBe('failed');
    expect(decideStatus('hold_expired', build({ status: 'completed' }))).toBe('completed');
    expect(decideStatus('cancelled', build())).toBe('cancelled');
    expect(decideStatus('pipeline_failed', build({ cancelRequested: true }))).toBe('cancelled');
    expect(decideStatus('pipeline_finished', build({ cancelRequested: true }))).toBe('completed');
    expect(decideStatus('cancelled', build({ status: 'over_budget' }))).toBe('over_budget');
    expect(decideStatus('pipeline_failed', build({ status: 'over_budget', cancelRequested: true }))).toBe(
      'over_budget',
    );
  });

  it('uses the completed attempt of each agent, else its last one', () => {
    const rows = [
      row('planner', 1, 1n),
      row('planner', 2, 1n),
      row('frontend', 1, 1n),
      row('frontend', 2, 1n),
      row('testing', 3, 1n),
    ];
    const used = usedAttempts(rows, [
      { agent: 'planner', attempt: 1, status: 'completed' },
      { agent: 'planner', attempt: 2, status: 'failed' },
      { agent: 'frontend', attempt: 1, status: 'failed' },
    ]);
    expect(Object.fromEntries(used)).toEqual({ planner: 1, frontend: 2, testing: 3 });
  });

  it('puts a shortfall on the last rows captured', () => {
    const rows = [row('planner', 1, 500n), row('planner', 1, 300n), row('image', 1, 400n)];
    expect(paidPerRow(rows, 1200n)).toEqual([500n, 300n, 400n]);
    expect(paidPerRow(rows, 650n)).toEqual([500n, 150n, 0n]);
    expect(paidPerRow(rows, 0n)).toEqual([0n, 0n, 0n]);
  });

  it('gives back the usage of discarded attempts and breaks down only what was paid', () => {
    const rows = [
      row('planner', 1, 700n, 700),
      row('planner', 2, 600n, 600),
      row('frontend', 1, 2000n, 2000),
    ];
    const plan = planSettle({
      payload: { trigger: 'pipeline_finished' },
      build: build({ spentMicro: 3300n }),
      rows,
      runs: [{ agent: 'planner', attempt: 2, status: 'completed' }],
      refundOnPlatformFailure: true,
    });
    expect(plan).toMatchObject({
      status: 'completed',
      fullRefund: false,
      retryRefundMicro: 700n,
      releaseReason: 'build_completed',
    });
    expect(plan.usage).toEqual({
      total_tokens: 2600,
      total_credits: 0.0026,
      total_credits_micro: '2600',
      agents: {
        planner: { tokens: 600, credits: 0.0006, credits_micro: '600' },
        frontend: { tokens: 2000, credits: 0.002, credits_micro: '2000' },
      },
    });
  });

  it('refunds a platform failure in full unless the policy is off', () => {
    const input = {
      payload: { trigger: 'pipeline_failed' as const, reason: 'provider down' },
      build: build({ spentMicro: 900n }),
      rows: [row('planner', 1, 900n)],
      runs: [],
    };
    const full = planSettle({ ...input, refundOnPlatformFailure: true });
    expect(full).toMatchObject({
      status: 'failed',
      failureReason: 'provider down',
      fullRefund: true,
      releaseReason: 'platform_failure',
    });
    expect(full.usage.total_credits_micro).toBe('0');
    const kept = planSettle({ ...input, refundOnPlatformFailure: false });
    expect(kept).toMatchObject({ fullRefund: false, retryRefundMicro: 0n, releaseReason: 'build_failed' });
    expect(kept.usage.total_credits_micro).toBe('900');
  });
});

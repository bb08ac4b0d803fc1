import { AGENT_ORDER, type AgentType } from '@autowebiq/contracts';
import { DEFAULT_PRICE_TABLE } from '@autowebiq/pricing';
import {
  decideStatus,
  paidPerRow,
  planSettle,
  usedAttempts,
  type AgentRunRow,
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
  // What agent_runs hold when each kind of settle request comes: the worker records its run before BullMQ
  // completes or fails the job, and a build's status is only ever `running` or `over_budget` before its settle.
  const finished: AgentRunRow[] = AGENT_ORDER.map((agent) => ({ agent, attempt: 1, status: 'completed' }));
  const stoppedIn = (agent: AgentType, status: 'failed' | 'cancelled'): AgentRunRow[] => [
    ...finished.slice(0, AGENT_ORDER.indexOf(agent)),
    { agent, attempt: 1, status },
  ];

  it('completes a build whose last agent completed, whatever asked for the settle, unless it ran out of credits', () => {
    expect(decideStatus('pipeline_finished', build(), finished)).toBe('completed');
    // The settle request was lost: the sweeper asks again, or the hold expires first.
    expect(decideStatus('hold_expired', build(), finished)).toBe('completed');
    // A cancel that came after the last stage finished changes nothing.
    expect(decideStatus('pipeline_finished', build({ cancelRequested: true }), finished)).toBe('completed');
    expect(decideStatus('hold_expired', build({ cancelRequested: true }), finished)).toBe('completed');
    expect(decideStatus('over_budget', build({ status: 'over_budget' }), finished)).toBe('over_budget');
  });

  it('ends a build that stopped early as over budget first, then cancelled by its user, else failed', () => {
    expect(decideStatus('pipeline_failed', build(), stoppedIn('frontend', 'failed'))).toBe('failed');
    expect(decideStatus('pipeline_failed', build(), stoppedIn('testing', 'failed'))).toBe('failed');
    expect(decideStatus('hold_expired', build(), stoppedIn('image', 'failed'))).toBe('failed');
    expect(decideStatus('hold_expired', build(), [])).toBe('failed');
    const cancelled = build({ cancelRequested: true });
    expect(decideStatus('cancelled', cancelled, stoppedIn('image', 'cancelled'))).toBe('cancelled');
    expect(decideStatus('cancelled', cancelled, [])).toBe('cancelled');
    expect(decideStatus('pipeline_failed', cancelled, stoppedIn('planner', 'failed'))).toBe('cancelled');
    expect(decideStatus('hold_expired', cancelled, stoppedIn('planner', 'cancelled'))).toBe('cancelled');
    const over = build({ status: 'over_budget', cancelRequested: true });
    expect(decideStatus('over_budget', over, stoppedIn('frontend', 'cancelled'))).toBe('over_budget');
    expect(decideStatus('hold_expired', over, stoppedIn('frontend', 'cancelled'))).toBe('over_budget');
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
      runs: [
        { agent: 'planner', attempt: 1, status: 'failed' },
        ...finished.map((r) => (r.agent === 'planner' ? { ...r, attempt: 2 } : r)),
      ],
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
      runs: stoppedIn('planner', 'failed'),
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

  it('charges what ran when the hold of a completed build expired before its settle', () => {
    const plan = planSettle({
      payload: { trigger: 'hold_expired', reason: 'hold expired' },
      build: build({ spentMicro: 1500n }),
      rows: [row('planner', 1, 500n, 500), row('testing', 1, 1000n, 1000)],
      runs: finished,
      refundOnPlatformFailure: true,
    });
    expect(plan).toMatchObject({
      status: 'completed',
      failureReason: null,
      fullRefund: false,
      retryRefundMicro: 0n,
      releaseReason: 'build_completed',
    });
    expect(plan.usage.total_credits_micro).toBe('1500');
  });
});

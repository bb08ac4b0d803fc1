import type { BuildEvent } from '@autowebiq/contracts';
import { BuildProgress } from './build-progress';
import { bar } from './progress-line.format';

const buildId = '5b0f8a8e-8a4c-4f7e-9d61-2b1b3c4d5e6f';
let seq = 0;
const message = (agent_type: string, status: string, progress: number, tokens = 0): BuildEvent =>
  ({
    type: 'agent_message',
    build_id: buildId,
    seq: ++seq,
    ts: '2026-01-01T00:00:00Z',
    agent_type,
    message: `${agent_type} ${status}`,
    status,
    progress,
    tokens_used: tokens,
    credits_used: tokens / 1000,
  }) as BuildEvent;

const balance = {
  credits: 90,
  held: 10,
  total: 100,
  credits_micro: '90000000',
  held_micro: '10000000',
  total_micro: '100000000',
};

describe('BuildProgress', () => {
  it("places an agent's progress inside its own phase and never moves it back", () => {
    const p = new BuildProgress('10000000', balance);
    p.apply(message('image', 'working', 40));
    expect(p.agents.image.fraction).toBeCloseTo(10 / 25);
    p.apply(message('image', 'working', 35));
    expect(p.agents.image.fraction).toBeCloseTo(10 / 25);
    expect(p.overall).toBe(40);
    p.apply(message('image', 'completed', 55, 1000));
    expect(p.agents.image).toMatchObject({ fraction: 1, status: 'completed', tokens: 1000, credits: 1 });
    expect(p.agents.planner.status).toBe('pending');
  });

  it('follows the build spend and the wallet from credits_update', () => {
    const p = new BuildProgress('10000000', balance);
    p.apply({
      type: 'credits_update',
      build_id: buildId,
      seq: ++seq,
      ts: '2026-01-01T00:00:00Z',
      credits: 90,
      held: 7.5,
      total: 97.5,
      credits_micro: '90000000',
      held_micro: '7500000',
      total_micro: '97500000',
      build_spent: 2.5,
      build_reserved: 10,
      build_spent_micro: '2500000',
      build_reserved_micro: '10000000',
      transaction: { amount: -2.5, amount_micro: '-2500000', operation: 'usage' },
    } as BuildEvent);
    expect(p.spentMicro).toBe('2500000');
    expect(p.spentFraction).toBeCloseTo(0.25);
  });
});

describe('bar', () => {
  it('draws the specification bar, clamped', () => {
    expect(bar(0.5, 10)).toBe('━━━━━░░░░░');
    expect(bar(2, 4)).toBe('━━━━');
    expect(bar(-1, 4)).toBe('░░░░');
  });
});

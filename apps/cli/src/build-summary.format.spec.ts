import type { BuildResponse } from '@autowebiq/contracts';
import { formatSummary } from './build-summary.format';
import { Style } from './terminal.style';

const build: BuildResponse = {
  id: '5b0f8a8e-8a4c-4f7e-9d61-2b1b3c4d5e6f',
  status: 'completed',
  prompt: 'a bakery',
  models: { planner: 'gpt-4o', image: 'dall-e-3', frontend: 'gpt-5', testing: 'gpt-4o' },
  reserved: 10,
  spent: 4.521,
  refunded: 5.479,
  reserved_micro: '10000000',
  spent_micro: '4521000',
  refunded_micro: '5479000',
  estimate: { low: 3.1, expected: 4.5, high: 10 },
  usage: {
    total_tokens: 4521,
    total_credits: 4.521,
    total_credits_micro: '4521000',
    agents: {
      planner: { tokens: 650, credits: 0.65, credits_micro: '650000' },
      image: { tokens: 1000, credits: 1, credits_micro: '1000000' },
      frontend: { tokens: 2800, credits: 2.8, credits_micro: '2800000' },
      testing: { tokens: 71, credits: 0.071, credits_micro: '71000' },
    },
  },
  failure_reason: null,
  site_url: null,
  created_at: '2026-01-01T00:00:00Z',
  started_at: null,
  finished_at: null,
  duration_s: 28.4,
};

describe('formatSummary', () => {
  it("prints the specification's summary and per-agent breakdown", () => {
    const end = {
      type: 'build_complete' as const,
      build_id: build.id,
      seq: 40,
      ts: '2026-01-01T00:00:28Z',
      duration_s: 28.4,
      site_url: '/x',
      result: { token_usage: build.usage! },
    };
    const lines = formatSummary(new Style(false), end, build, { dir: 'out', files: 7 });
    expect(lines.slice(0, 13)).toEqual([
      '✅ Build Complete! Website generated successfully in 28.4s',
      '',
      'Usage Summary:',
      '• Total tokens: 4,521',
      '• Total credits: 4.52',
      '',
      'Per-Agent Breakdown:',
      '• planner: 650 tokens (0.65 credits)',
      '• image: 1,000 tokens (1.00 credits)',
      '• frontend: 2,800 tokens (2.80 credits)',
      '• testing: 71 tokens (0.07 credits)',
      '',
      expect.stringContaining('agent'),
    ]);
    const text = lines.join('\n');
    expect(text).toMatch(/frontend\s+gpt-5\s+2,800\s+2\.80/);
    expect(text).toContain('Reserved 10.00 · spent 4.52 · refunded 5.48 credits');
    expect(text).toContain('Site written to out (7 files)');
  });

  it('names the reason of a failure', () => {
    const end = {
      type: 'build_failed' as const,
      build_id: build.id,
      seq: 9,
      ts: '2026-01-01T00:00:28Z',
      reason: 'the provider kept failing',
      refunded: 10,
      refunded_micro: '10000000',
      status: 'failed' as const,
    };
    const lines = formatSummary(
      new Style(false),
      end,
      { ...build, usage: null, status: 'failed' },
      undefined,
    );
    expect(lines[0]).toBe('❌ Build failed: the provider kept failing');
  });
});

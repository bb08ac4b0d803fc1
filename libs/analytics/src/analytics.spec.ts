import { usageEventId, type AgentType } from '@autowebiq/contracts';
import { DEFAULT_PRICE_TABLE, estimateBuild, MIN_HISTORY_SAMPLES, priceUsage } from '@autowebiq/pricing';
import { createTestDatabase, insertAccount, insertBuildRow, type TestDatabase } from '@autowebiq/testing';
import { EstimateHistoryCache, learnedEstimateHistory } from './estimate-history';
import { agentPerformance, usageByGroup } from './usage-report';

const MODELS = { planner: 'gpt-4o', image: 'dall-e-3', frontend: 'gpt-5', testing: 'gpt-4o' };

describe('analytics', () => {
  let db: TestDatabase;
  let accountId: string;
  let other: string;

  beforeAll(async () => {
    db = await createTestDatabase('analytics');
    accountId = await insertAccount(db.dataSource);
    other = await insertAccount(db.dataSource);
  });

  afterAll(async () => {
    await db.drop();
  });

  const addUsage = async (
    buildId: string,
    owner: string,
    e: {
      agent: AgentType;
      attempt?: number;
      call: number;
      model: string;
      input: number;
      output: number;
      images?: number;
      at: string;
      ms?: number;
    },
  ) => {
    const credits = priceUsage(DEFAULT_PRICE_TABLE, {
      model: e.model,
      input_tokens: e.input,
      output_tokens: e.output,
      images: e.images ?? 0,
    });
    await db.dataSource.query(
      `INSERT INTO usage_events (event_id, build_id, account_id, agent, model, attempt, call_index, input_tokens, output_tokens,
                                 images, credits_micro, duration_ms, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        usageEventId(buildId, e.agent, e.attempt ?? 1, e.call),
        buildId,
        owner,
        e.agent,
        e.model,
        e.attempt ?? 1,
        e.call,
        e.input,
        e.output,
        e.images ?? 0,
        credits.toString(),
        e.ms ?? 1000,
        e.at,
      ],
    );
    return credits;
  };

  it('reports metered usage by day, agent and model, for the account only and inside the range', async () => {
    const b1 = await insertBuildRow(db.dataSource, accountId, { models: MODELS });
    const b2 = await insertBuildRow(db.dataSource, accountId, { models: MODELS });
    const foreign = await insertBuildRow(db.dataSource, other, { models: MODELS });
    await addUsage(b1, accountId, {
      agent: 'planner',
      call: 0,
      model: 'gpt-4o',
      input: 400,
      output: 100,
      at: '2026-03-01T10:00:00Z',
    });
    await addUsage(b1, accountId, {
      agent: 'image',
      call: 0,
      model: 'dall-e-3',
      input: 0,
      output: 0,
      images: 2,
      at: '2026-03-01T10:01:00Z',
    });
    await addUsage(b2, accountId, {
      agent: 'frontend',
      call: 0,
      model: 'gpt-5',
      input: 1000,
      output: 1000,
      at: '2026-03-02T23:59:59Z',
    });
    await addUsage(b2, accountId, {
      agent: 'planner',
      call: 0,
      model: 'gpt-4o',
      input: 1,
      output: 1,
      at: '2026-03-05T00:00:00Z',
    });
    await addUsage(foreign, other, {
      agent: 'planner',
      call: 0,
      model: 'gpt-4o',
      input: 9999,
      output: 1,
      at: '2026-03-01T12:00:00Z',
    });
    const range = { accountId, from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-05T00:00:00Z') };

    const byDay = await usageByGroup(db.dataSource, range, 'day');
    expect(byDay.data).toEqual([
      {
        key: '2026-03-01',
        calls: 2,
        builds: 1,
        input_tokens: 400,
        output_tokens: 100,
        tokens: 2500,
        credits: 24.5,
        credits_micro: '24500000',
      },
      {
        key: '2026-03-02',
        calls: 1,
        builds: 1,
        input_tokens: 1000,
        output_tokens: 1000,
        tokens: 2000,
        credits: 3,
        credits_micro: '3000000',
      },
    ]);
    expect(byDay.total).toEqual({
      calls: 3,
      builds: 2,
      tokens: 4500,
      credits: 27.5,
      credits_micro: '27500000',
    });
    expect((await usageByGroup(db.dataSource, range, 'agent')).data.map((b) => [b.key, b.credits])).toEqual([
      ['frontend', 3],
      ['image', 24],
      ['planner', 0.5],
    ]);
    expect((await usageByGroup(db.dataSource, range, 'model')).data.map((b) => [b.key, b.calls])).toEqual([
      ['dall-e-3', 1],
      ['gpt-4o', 1],
      ['gpt-5', 1],
    ]);
    const platform = await usageByGroup(db.dataSource, { ...range, accountId: null }, 'agent');
    expect(platform.total.calls).toBe(4);
  });

  it('averages each agent run per model, with the attempt wall time when the worker recorded it', async () => {
    const a = await insertAccount(db.dataSource);
    const b1 = await insertBuildRow(db.dataSource, a, { models: MODELS });
    const b2 = await insertBuildRow(db.dataSource, a, { models: MODELS });
    const at = '2026-04-01T10:00:00Z';
    await addUsage(b1, a, {
      agent: 'frontend',
      call: 0,
      model: 'gpt-5',
      input: 1000,
      output: 0,
      at,
      ms: 2000,
    });
    await addUsage(b1, a, {
      agent: 'frontend',
      call: 1,
      model: 'gpt-5',
      input: 1000,
      output: 0,
      at,
      ms: 2000,
    });
    await addUsage(b2, a, {
      agent: 'frontend',
      call: 0,
      model: 'gpt-5',
      input: 500,
      output: 500,
      at,
      ms: 1000,
    });
    await db.dataSource.query(
      `INSERT INTO agent_runs (build_id, agent, attempt, status, model, started_at, finished_at)
       VALUES ($1, 'frontend', 1, 'completed', 'gpt-5', '2026-04-01T10:00:00Z', '2026-04-01T10:00:10Z')`,
      [b2],
    );
    const perf = await agentPerformance(db.dataSource, {
      accountId: a,
      from: new Date('2026-04-01'),
      to: new Date('2026-04-02'),
    });
    // b1: 2000 tokens, 3 credits, 4 s of calls; b2: 1000 tokens, 1.5 credits, 10 s of wall time.
    expect(perf).toEqual([
      { agent: 'frontend', model: 'gpt-5', runs: 2, avg_tokens: 1500, avg_credits: 2.25, avg_duration_s: 7 },
    ]);
  });

  it('learns p50 and p90 per agent and model from completed builds, and the estimate switches to history', async () => {
    const a = await insertAccount(db.dataSource);
    /** A settled build whose planner was paid for `tokens`, settled `minutesAgo`. */
    const settled = async (status: string, tokens: number, minutesAgo: number, planner = MODELS.planner) => {
      const id = await insertBuildRow(db.dataSource, a, { models: { ...MODELS, planner } });
      const usage = {
        total_tokens: tokens,
        total_credits: 0,
        total_credits_micro: '0',
        agents: { planner: { tokens, credits: 0, credits_micro: '0' } },
      };
      await db.dataSource.query(
        `UPDATE builds SET status = $2, usage = $3, settled_at = now() - make_interval(mins => $4) WHERE id = $1`,
        [id, status, JSON.stringify(usage), minutesAgo],
      );
    };
    const tokens = [1000, 1200, 1400, 1600, 1800, 2000, 2200, 2400, 2600, 5000];
    for (const [i, t] of tokens.entries()) await settled('completed', t, i);
    // Not learned from: a failed build, and a build that used another planner model.
    await settled('failed', 99999, 0);
    await settled('completed', 77777, 0, 'gpt-5');

    const history = await learnedEstimateHistory(db.dataSource, MODELS);
    expect(history).toEqual({ planner: { p50: 1900, p90: 2840, samples: 10 } });
    expect(await learnedEstimateHistory(db.dataSource, MODELS, { window: 3 })).toEqual({
      planner: { p50: 1200, p90: 1360, samples: 3 },
    });
    expect(MIN_HISTORY_SAMPLES).toBeLessThanOrEqual(10);
    const estimate = estimateBuild({
      table: DEFAULT_PRICE_TABLE,
      models: MODELS,
      prompt: 'a bakery',
      history,
    });
    expect(estimate.basis).toBe('history');
    expect(estimate.agents.planner.expected).toBe(1_900_000n);

    const cache = new EstimateHistoryCache(db.dataSource, 60_000);
    const first = await cache.get(MODELS);
    await db.dataSource.query(
      `UPDATE builds SET usage = jsonb_set(usage, '{agents,planner,tokens}', '1') WHERE status = 'completed'`,
    );
    expect(await cache.get(MODELS)).toBe(first);
    expect((await learnedEstimateHistory(db.dataSource, MODELS)).planner?.p50).toBe(1);
  });
});

import { CancelFlag } from '@autowebiq/bus';
import { redisKeys, StreamName, type AgentType, type UsageEventInput } from '@autowebiq/contracts';
import { checkInvariants, LedgerService } from '@autowebiq/ledger';
import { DEFAULT_PRICE_TABLE } from '@autowebiq/pricing';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import { startBilling, type BillingApp } from '../../apps/billing/src/billing.bootstrap';
import {
  billingConfig,
  buildEvents,
  costOf,
  createRedis,
  creditsToMicro,
  deleteKeys,
  drained,
  fundedBuild,
  REDIS_URL,
  usageEvent,
  usagePublisher,
} from './billing-kit';

jest.setTimeout(60_000);

describe('billing: the usage consumer', () => {
  let db: TestDatabase;
  let redis: Redis;
  let prefix: string;
  let ledger: LedgerService;
  const apps: BillingApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('billusage');
    redis = createRedis(REDIS_URL);
    ledger = new LedgerService(db.dataSource);
  });

  beforeEach(() => {
    prefix = uniqueRedisPrefix('billusage');
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await deleteKeys(redis, prefix);
  });

  afterAll(async () => {
    await redis.quit();
    await db.drop();
  });

  const start = async (env: Record<string, string> = {}) => {
    const app = await startBilling(billingConfig(db.url, prefix, env));
    apps.push(app);
    return app;
  };

  const spentOf = async (buildId: string) => (await ledger.buildMoney(buildId))?.spentMicro;

  it('charges every event once although each was delivered twice and two billing instances consumed the stream at once', async () => {
    const builds = await Promise.all(
      Array.from({ length: 12 }, () => fundedBuild(db.dataSource, { walletCredits: 200, holdCredits: 100 })),
    );
    const agents: AgentType[] = ['planner', 'image', 'frontend', 'testing'];
    const events: UsageEventInput[] = [];
    builds.forEach((b, i) =>
      agents.forEach((agent, a) => {
        for (let call = 0; call < 10; call++)
          events.push(usageEvent(b, agent, 1, call, { input: 100 + i * 7 + call, output: 300 + a * 11 }));
      }),
    );
    const publisher = usagePublisher(redis, prefix);
    // Every event twice, as a producer retrying its XADD would send it, before any consumer runs.
    for (const e of events) await publisher.publish(e);
    for (const e of events) await publisher.publish(e);

    await Promise.all([
      start({ BILLING_CONSUMER_NAME: 'one', BILLING_BATCH_SIZE: '37' }),
      start({ BILLING_CONSUMER_NAME: 'two', BILLING_BATCH_SIZE: '23' }),
    ]);
    await drained(redis, prefix);

    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM usage_events`);
    expect(n).toBe(events.length);
    for (const b of builds)
      expect(await spentOf(b.buildId)).toBe(costOf(events.filter((e) => e.build_id === b.buildId)));
    const [{ captured }] = await db.dataSource.query(
      `SELECT sum(amount)::text AS captured FROM transfers WHERE operation = 'usage'`,
    );
    expect(BigInt(captured)).toBe(costOf(events));
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);

    // Both instances read from the group under their own names.
    const consumers = (await redis.xinfo(
      'CONSUMERS',
      redisKeys.stream(prefix, StreamName.Usage),
      'billing',
    )) as unknown[][];
    expect(consumers.map((c) => c[1]).sort()).toEqual(['one', 'two']);

    // A live credits_update reached each build, with the build's figures.
    const updates = (await buildEvents(redis, prefix, builds[0].buildId)).filter(
      (e) => e.type === 'credits_update',
    );
    expect(updates.length).toBeGreaterThan(0);
    const last = updates[updates.length - 1] as {
      build_spent_micro: string;
      transaction: { operation: string; amount_micro: string };
    };
    expect(last.transaction.operation).toBe('usage');
    expect(BigInt(last.transaction.amount_micro)).toBeLessThan(0n);
    const total = updates.reduce((acc, u) => acc + BigInt((u as typeof last).transaction.amount_micro), 0n);
    expect(-total).toBe(await spentOf(builds[0].buildId));
  });

  it('charges events redelivered after a restart (same and new consumer names) nothing more', async () => {
    const b = await fundedBuild(db.dataSource, { walletCredits: 50, holdCredits: 20 });
    const events = Array.from({ length: 30 }, (_, i) =>
      usageEvent(b, 'frontend', 1, i, { input: 500, output: 250 }),
    );
    const publisher = usagePublisher(redis, prefix);
    for (const e of events) await publisher.publish(e);
    const first = await start({ BILLING_CONSUMER_NAME: 'same' });
    await drained(redis, prefix);
    await first.close();
    apps.splice(apps.indexOf(first), 1);
    const spent = await spentOf(b.buildId);
    expect(spent).toBe(costOf(events));

    // The same entries again, as if XACK had been lost: a new stream entry for each old event.
    for (const e of events) await publisher.publish(e);
    await start({ BILLING_CONSUMER_NAME: 'other' });
    await drained(redis, prefix);
    expect(await spentOf(b.buildId)).toBe(spent);
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });

  it('extends the hold from the wallet, then stops a build the wallet cannot cover: over_budget, paid exactly what there was', async () => {
    const b = await fundedBuild(db.dataSource, { walletCredits: 5, holdCredits: 3 });
    const walletBefore = (await ledger.balance(b.accountId)).availableMicro;
    expect(walletBefore).toBe(creditsToMicro(2));
    const watcher = new CancelFlag(redis, { prefix, ttlSeconds: 60 });
    const watch = watcher.watch(b.buildId);
    await start();
    const publisher = usagePublisher(redis, prefix);
    // 4 credits of usage: 3 from the hold, 1 extended from the wallet.
    for (let i = 0; i < 4; i++)
      await publisher.publish(usageEvent(b, 'frontend', 1, i, { input: 600, output: 400 }));
    await drained(redis, prefix);
    expect(await spentOf(b.buildId)).toBe(creditsToMicro(4));
    expect((await ledger.balance(b.accountId)).availableMicro).toBe(creditsToMicro(1));
    const [running] = await db.dataSource.query(`SELECT status FROM builds WHERE id = $1`, [b.buildId]);
    expect(running.status).toBe('queued');

    // 2.5 credits more: the wallet's last credit is taken, 1.5 cannot be charged.
    await publisher.publish(usageEvent(b, 'frontend', 1, 4, { input: 2000, output: 500 }));
    await drained(redis, prefix);
    expect(await spentOf(b.buildId)).toBe(creditsToMicro(5));
    expect((await ledger.balance(b.accountId)).availableMicro).toBe(0n);
    const [stopped] = await db.dataSource.query(`SELECT status, failure_reason FROM builds WHERE id = $1`, [
      b.buildId,
    ]);
    expect(stopped.status).toBe('over_budget');
    expect(stopped.failure_reason).toMatch(
      /^Credit limit reached: this build needed 1\.50 more credits than your balance allowed; stopping$/,
    );
    expect(await watcher.get(b.buildId)).toBe('over_budget');
    await new Promise((r) => setTimeout(r, 100));
    expect(watch.signal.aborted).toBe(true);
    watch.stop();
    await watcher.close();
    const warning = (await buildEvents(redis, prefix, b.buildId)).find(
      (e) => e.type === 'agent_message' && e.status === 'warning',
    );
    expect(warning).toMatchObject({ agent_type: 'system', message: stopped.failure_reason });

    // More usage while the worker notices: nothing is left to take and nothing goes negative.
    await publisher.publish(usageEvent(b, 'frontend', 1, 5, { input: 1000, output: 0 }));
    await drained(redis, prefix);
    expect(await spentOf(b.buildId)).toBe(creditsToMicro(5));
    const report = await checkInvariants(db.dataSource);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('dead-letters what cannot be billed, with the reason, and bills the rest of the batch', async () => {
    const b = await fundedBuild(db.dataSource, { walletCredits: 50, holdCredits: 20 });
    const narrowTable = {
      ...DEFAULT_PRICE_TABLE,
      models: { 'gpt-4o': DEFAULT_PRICE_TABLE.models['gpt-4o'] },
    };
    const narrow = await fundedBuild(db.dataSource, {
      walletCredits: 50,
      holdCredits: 20,
      priceTable: narrowTable,
    });
    const stream = redisKeys.stream(prefix, StreamName.Usage);
    const good = [
      usageEvent(b, 'planner', 1, 0, { input: 10, output: 20 }),
      usageEvent(b, 'planner', 1, 1, { input: 30, output: 40 }),
    ];
    const ghost = { buildId: '00000000-0000-4000-8000-000000000000', accountId: b.accountId };
    const bad: [string, string][] = [
      ['{not json', 'data is not JSON'],
      [
        JSON.stringify({ ...good[0], input_tokens: -5, event_id: `${b.buildId}:planner:1:7`, call_index: 7 }),
        'schema: input_tokens',
      ],
      [JSON.stringify(usageEvent(ghost, 'image', 1, 0, { input: 1, output: 1 })), 'unknown build'],
      [
        JSON.stringify(usageEvent(narrow, 'image', 1, 0, { input: 1, output: 1, model: 'local-template' })),
        'unpriced model "local-template"',
      ],
      [
        JSON.stringify({ ...usageEvent(b, 'testing', 1, 3, { input: 1, output: 1 }), call_index: 4 }),
        'event_id does not match',
      ],
      [
        JSON.stringify({ ...usageEvent(b, 'testing', 1, 5, { input: 3_000_000_000, output: 1 }) }),
        'input_tokens out of range',
      ],
    ];
    await redis.xadd(stream, '*', 'data', JSON.stringify(good[0]));
    for (const [data] of bad) await redis.xadd(stream, '*', 'data', data);
    await redis.xadd(stream, '*', 'nodata', 'x');
    await redis.xadd(stream, '*', 'data', JSON.stringify(good[1]));
    await start();
    await drained(redis, prefix);

    expect(await spentOf(b.buildId)).toBe(costOf(good));
    const letters = await redis.xrange(redisKeys.stream(prefix, StreamName.UsageDeadLetter), '-', '+');
    const reasons = letters.map(([, f]) => f[f.indexOf('reason') + 1]);
    expect(reasons).toHaveLength(bad.length + 1);
    for (const [, reason] of bad) expect(reasons.some((r) => r.includes(reason))).toBe(true);
    expect(reasons).toContain('no data field');
    // Settle will not wait for the events it knows were dead-lettered.
    expect(await redis.smembers(redisKeys.buildUsageDead(prefix, narrow.buildId))).toEqual([
      `${narrow.buildId}:image:1:0`,
    ]);
  });
});

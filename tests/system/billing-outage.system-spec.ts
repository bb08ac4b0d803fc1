import { SettleJobProducer } from '@autowebiq/bus';
import { redisKeys, StreamName } from '@autowebiq/contracts';
import { checkInvariants } from '@autowebiq/ledger';
import { createTestDatabase, uniqueRedisPrefix, waitUntil, type TestDatabase } from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import { Client } from 'pg';
import { startBilling, type BillingApp } from '../../apps/billing/src/billing.bootstrap';
import {
  billingConfig,
  billingGroup,
  costOf,
  createRedis,
  deleteKeys,
  drained,
  fundedBuild,
  REDIS_URL,
  recordRun,
  usageEvent,
  usagePublisher,
} from './billing-kit';

jest.setTimeout(90_000);

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

describe('billing: its database goes away for a while', () => {
  let db: TestDatabase;
  let redis: Redis;
  let prefix: string;
  let app: BillingApp;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase('billoutage');
    redis = createRedis(REDIS_URL);
    prefix = uniqueRedisPrefix('billoutage');
    admin = new Client({ connectionString: `${SERVER_URL}/postgres` });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.query(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await app?.close();
    await admin.end();
    await deleteKeys(redis, prefix);
    await redis.quit();
    await db.drop();
  });

  /** Refuses new connections to the test's database and cuts the open ones: Postgres is gone for billing. */
  const cutDatabase = async () => {
    await admin.query(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [db.name]);
  };

  it('retries usage batches and settles until Postgres is back, then bills every event once', async () => {
    app = await startBilling(billingConfig(db.url, prefix, { SETTLE_WAIT_MS: '1000' }));
    const b = await fundedBuild(db.dataSource, { walletCredits: 100, holdCredits: 40 });
    await recordRun(db.dataSource, b.buildId, 'testing', 1, 'completed');
    const publisher = usagePublisher(redis, prefix);
    const before = Array.from({ length: 20 }, (_, i) =>
      usageEvent(b, 'planner', 1, i, { input: 300, output: 200 }),
    );
    for (const e of before) await publisher.publish(e);
    await drained(redis, prefix);

    await cutDatabase();
    const failures: string[] = [];
    app.streams.on('failed', (e) => failures.push(e.message));
    const during = Array.from({ length: 200 }, (_, i) =>
      usageEvent(b, 'frontend', 1, i, { input: 70, output: 30 }),
    );
    for (const e of during) await publisher.publish(e);
    const jobs = new SettleJobProducer(redis, { prefix });
    await jobs.add({ build_id: b.buildId, trigger: 'pipeline_finished' });
    await new Promise((r) => setTimeout(r, 2500));
    // Nothing was acknowledged while the database was away: every entry is still pending or unread.
    expect(failures.length).toBeGreaterThan(0);
    const group = await billingGroup(redis, prefix);
    expect(Number(group?.pending) + Number(group?.lag)).toBe(during.length);

    await admin.query(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true`);
    await drained(redis, prefix, 30_000);
    type Row = { status: string; spent_micro: string; settled_at: Date | null };
    const row = await waitUntil(
      async () =>
        (
          (await db.dataSource
            .query(`SELECT status, spent_micro, settled_at FROM builds WHERE id = $1`, [b.buildId])
            .catch(() => [])) as Row[]
        )[0] as Row | undefined,
      (r): r is Row => Boolean(r?.settled_at),
      { what: 'the build to be settled after the database came back', timeoutMs: 30_000, intervalMs: 200 },
    );
    await jobs.close();
    expect(row.status).toBe('completed');
    expect(BigInt(row.spent_micro)).toBe(costOf([...before, ...during]));
    expect(await redis.xlen(redisKeys.stream(prefix, StreamName.UsageDeadLetter))).toBe(0);
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });
});

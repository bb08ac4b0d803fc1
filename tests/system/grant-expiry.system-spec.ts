import { redisKeys, StreamName } from '@autowebiq/contracts';
import { checkInvariants, CreditLots, LedgerService } from '@autowebiq/ledger';
import {
  createTestDatabase,
  insertAccount,
  streamData,
  uniqueRedisPrefix,
  waitUntil,
  type TestDatabase,
} from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import { startBilling, type BillingApp } from '../../apps/billing/src/billing.bootstrap';
import { Sweeper } from '../../apps/billing/src/sweep/sweeper.service';
import {
  billingConfig,
  costOf,
  createRedis,
  deleteKeys,
  drained,
  fundedBuild,
  REDIS_URL,
  usageEvent,
  usagePublisher,
} from './billing-kit';

jest.setTimeout(60_000);

const C = 1_000_000n;
/** Short enough for a test, long enough for a capture to land before it. */
const EXPIRES_IN_MS = 2_500;

interface Lot {
  settled_at: Date | null;
  expired_micro: string | null;
}

describe('billing: expiring grants', () => {
  let db: TestDatabase;
  let redis: Redis;
  let prefix: string;
  let ledger: LedgerService;
  let apps: BillingApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('grantexpiry');
    redis = createRedis(REDIS_URL);
    ledger = new LedgerService(db.dataSource);
  });

  beforeEach(() => {
    prefix = uniqueRedisPrefix('grantexpiry');
  });

  /** Two billing instances sweeping every 200 ms, as two replicas would. */
  const startTwo = async () => {
    const config = billingConfig(db.url, prefix, { SWEEP_INTERVAL_MS: '200' });
    apps = [await startBilling(config), await startBilling(config)];
  };

  afterEach(async () => {
    for (const app of apps) await app.close();
    apps = [];
    await deleteKeys(redis, prefix);
  });

  afterAll(async () => {
    await redis.quit();
    await db.drop();
  });

  const grantExpiring = (accountId: string, credits: bigint) =>
    ledger.transaction(async (tx) => {
      const expiresAt = new Date(Date.now() + EXPIRES_IN_MS);
      const transfer = await ledger.grant(tx, {
        accountId,
        amountMicro: credits * C,
        reason: 'promo',
        expiresAt,
      });
      return { lotId: transfer.id, expiresAt };
    });

  const lotRow = async (lotId: string): Promise<Lot> =>
    (
      await db.dataSource.query(
        `SELECT settled_at, expired_micro FROM credit_lots WHERE grant_transfer_id = $1`,
        [lotId],
      )
    )[0];

  const settledLot = (lotId: string) =>
    waitUntil(
      () => lotRow(lotId),
      (l) => l.settled_at !== null,
      { what: `grant ${lotId} to expire`, timeoutMs: 15_000 },
    );

  const expiryTransfers = (accountId: string): Promise<{ amount: string; reason: string }[]> =>
    db.dataSource.query(
      `SELECT amount, reason FROM transfers WHERE account_id = $1 AND operation = 'expiry'`,
      [accountId],
    );

  /** A sweep that ran (the Redis lock is held for the interval by whichever instance swept last). */
  const sweepThatRan = () =>
    waitUntil(
      () => apps[0].settle.get(Sweeper).sweep(),
      (r) => r.ran,
      { what: 'a sweep that ran', intervalMs: 50 },
    );

  it('takes back exactly what was not spent of an expired grant, once, with two instances sweeping', async () => {
    await startTwo();
    const build = await fundedBuild(db.dataSource, { walletCredits: 5, holdCredits: 3 });
    const { accountId } = build;
    const { lotId, expiresAt } = await grantExpiring(accountId, 10n);

    // 3 credits of usage captured into revenue by billing: spent from the expiring grant, not the 5.
    const usage = [usageEvent(build, 'planner', 1, 0, { input: 1000, output: 2000 })];
    expect(costOf(usage)).toBe(3n * C);
    await usagePublisher(redis, prefix).publish(usage[0]);
    await drained(redis, prefix);
    expect((await ledger.buildMoney(build.buildId))?.spentMicro).toBe(3n * C);
    expect(Date.now()).toBeLessThan(expiresAt.getTime());
    expect(await lotRow(lotId)).toEqual({ settled_at: null, expired_micro: null });

    expect(await settledLot(lotId)).toMatchObject({ expired_micro: (7n * C).toString() });
    expect(await expiryTransfers(accountId)).toEqual([
      { amount: (7n * C).toString(), reason: `grant_expired:${lotId}` },
    ]);
    expect(await ledger.balance(accountId)).toEqual({
      availableMicro: 5n * C,
      heldMicro: 0n,
      totalMicro: 5n * C,
    });

    const events = await streamData(redis, redisKeys.stream(prefix, StreamName.Events));
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'credits_update',
        credits_micro: (5n * C).toString(),
        transaction: { amount: -7, amount_micro: (-7n * C).toString(), operation: 'expiry' },
      }),
    );

    // Another sweep, and both instances sweeping on, take nothing more; nor does a direct settle of the lot.
    expect((await sweepThatRan()).grantsExpired).toEqual([]);
    await new Promise((r) => setTimeout(r, 600));
    expect(await new CreditLots(db.dataSource).expire(lotId)).toBeNull();
    expect(await expiryTransfers(accountId)).toHaveLength(1);
    expect((await ledger.balance(accountId)).availableMicro).toBe(5n * C);
    expect(await checkInvariants(db.dataSource)).toMatchObject({ ok: true });
  });

  it('leaves what a running build holds of an expired grant with the build; what it gives back stays', async () => {
    await startTwo();
    const accountId = await insertAccount(db.dataSource, 2);
    const { lotId } = await grantExpiring(accountId, 10n);
    const build = await fundedBuild(db.dataSource, { accountId, walletCredits: 0, holdCredits: 8 });
    await usagePublisher(redis, prefix).publish(
      usageEvent(build, 'planner', 1, 0, { input: 500, output: 500 }),
    );
    await drained(redis, prefix);
    expect(await ledger.balance(accountId)).toEqual({
      availableMicro: 4n * C,
      heldMicro: 7n * C,
      totalMicro: 11n * C,
    });

    // 1 credit spent: 9 of the grant unspent, but the wallet has only 4; the build keeps its 7.
    expect(await settledLot(lotId)).toMatchObject({ expired_micro: (4n * C).toString() });
    expect((await ledger.balance(accountId)).availableMicro).toBe(0n);

    const { refundedMicro } = await ledger.transaction((tx) =>
      ledger.release(tx, { buildId: build.buildId, reason: 'build_completed' }),
    );
    expect(refundedMicro).toBe(7n * C);
    expect((await sweepThatRan()).grantsExpired).toEqual([]);
    expect(await ledger.balance(accountId)).toEqual({
      availableMicro: 7n * C,
      heldMicro: 0n,
      totalMicro: 7n * C,
    });
    expect(await checkInvariants(db.dataSource)).toMatchObject({ ok: true });
  });
});

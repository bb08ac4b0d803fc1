import { createTestDatabase, insertAccount, insertBuildRow, type TestDatabase } from '@autowebiq/testing';
import { checkInvariants } from './invariants';
import { InsufficientCreditsError } from './ledger.errors';
import { LedgerService } from './ledger.service';

const C = 1_000_000n;

describe('LedgerService', () => {
  let db: TestDatabase;
  let ledger: LedgerService;

  beforeAll(async () => {
    db = await createTestDatabase('ledger');
    ledger = new LedgerService(db.dataSource);
  });
  afterAll(() => db.drop());

  async function reservedBuild(accountId: string, amount: bigint): Promise<string> {
    return ledger.transaction(async (tx) => {
      const id = await insertBuildRow(tx, accountId);
      await ledger.reserve(tx, { accountId, buildId: id, amountMicro: amount });
      return id;
    });
  }

  afterEach(async () => {
    const report = await checkInvariants(db.dataSource);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('grants into the wallet from system:grants', async () => {
    const a = await insertAccount(db.dataSource, 10);
    expect(await ledger.balance(a)).toEqual({ availableMicro: 10n * C, heldMicro: 0n, totalMicro: 10n * C });
  });

  it('reserves into a hold and refuses what the wallet cannot cover, writing nothing', async () => {
    const a = await insertAccount(db.dataSource, 10);
    await reservedBuild(a, 7n * C);
    expect(await ledger.balance(a)).toEqual({
      availableMicro: 3n * C,
      heldMicro: 7n * C,
      totalMicro: 10n * C,
    });

    const err = await reservedBuild(a, 4n * C).catch((e) => e);
    expect(err).toBeInstanceOf(InsufficientCreditsError);
    expect(err.requiredMicro).toBe(4n * C);
    expect(err.availableMicro).toBe(3n * C);
    const [{ count }] = await db.dataSource.query(
      `SELECT count(*)::int AS count FROM builds WHERE account_id = $1`,
      [a],
    );
    expect(count).toBe(1);
  });

  it('lets exactly as many concurrent reserves through as the wallet affords', async () => {
    const a = await insertAccount(db.dataSource, 37);
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => reservedBuild(a, 1n * C)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(37);
    expect(
      results.filter((r) => r.status === 'rejected' && r.reason instanceof InsufficientCreditsError),
    ).toHaveLength(23);
    expect(await ledger.balance(a)).toEqual({ availableMicro: 0n, heldMicro: 37n * C, totalMicro: 37n * C });
  });

  it('captures from the hold, extends from the wallet, and never goes negative', async () => {
    const a = await insertAccount(db.dataSource, 10);
    const b = await reservedBuild(a, 2n * C);
    const r1 = await ledger.transaction((tx) =>
      ledger.capture(tx, { buildId: b, accountId: a, amountMicro: 1_500_000n }),
    );
    expect(r1).toEqual({ buildId: b, capturedMicro: 1_500_000n, extendedMicro: 0n, shortfallMicro: 0n });

    const r2 = await ledger.transaction((tx) =>
      ledger.capture(tx, { buildId: b, accountId: a, amountMicro: 3n * C }),
    );
    expect(r2).toEqual({ buildId: b, capturedMicro: 3n * C, extendedMicro: 2_500_000n, shortfallMicro: 0n });

    const r3 = await ledger.transaction((tx) =>
      ledger.capture(tx, { buildId: b, accountId: a, amountMicro: 9n * C }),
    );
    expect(r3).toEqual({
      buildId: b,
      capturedMicro: 5_500_000n,
      extendedMicro: 5_500_000n,
      shortfallMicro: 3_500_000n,
    });
    expect(await ledger.balance(a)).toEqual({ availableMicro: 0n, heldMicro: 0n, totalMicro: 0n });
    expect(await ledger.buildMoney(b)).toMatchObject({
      reservedMicro: 10n * C,
      spentMicro: 10n * C,
      holdMicro: 0n,
    });
  });

  it('captures many builds at once, falling back to extension where a hold is short', async () => {
    const a = await insertAccount(db.dataSource, 10);
    const b1 = await reservedBuild(a, 2n * C);
    const b2 = await reservedBuild(a, 1n * C);
    const res = await ledger.transaction((tx) =>
      ledger.captureMany(tx, [
        { buildId: b1, accountId: a, amountMicro: 1n * C },
        { buildId: b2, accountId: a, amountMicro: 3n * C },
      ]),
    );
    const byId = Object.fromEntries(res.map((r) => [r.buildId, r]));
    expect(byId[b1]).toEqual({ buildId: b1, capturedMicro: 1n * C, extendedMicro: 0n, shortfallMicro: 0n });
    expect(byId[b2]).toEqual({
      buildId: b2,
      capturedMicro: 3n * C,
      extendedMicro: 2n * C,
      shortfallMicro: 0n,
    });
    expect(await ledger.balance(a)).toEqual({
      availableMicro: 5n * C,
      heldMicro: 1n * C,
      totalMicro: 6n * C,
    });
  });

  it('releases a hold once: the second release refunds nothing', async () => {
    const a = await insertAccount(db.dataSource, 10);
    const b = await reservedBuild(a, 4n * C);
    await ledger.transaction((tx) => ledger.capture(tx, { buildId: b, accountId: a, amountMicro: 1n * C }));
    const first = await ledger.transaction((tx) =>
      ledger.release(tx, { buildId: b, reason: 'build_completed' }),
    );
    const second = await ledger.transaction((tx) =>
      ledger.release(tx, { buildId: b, reason: 'build_completed' }),
    );
    expect(first).toEqual({ refundedMicro: 3n * C, alreadyReleased: false });
    expect(second).toEqual({ refundedMicro: 0n, alreadyReleased: true });
    expect(await ledger.balance(a)).toEqual({ availableMicro: 9n * C, heldMicro: 0n, totalMicro: 9n * C });
    expect(await ledger.buildMoney(b)).toMatchObject({
      reservedMicro: 4n * C,
      spentMicro: 1n * C,
      refundedMicro: 3n * C,
      released: true,
    });
  });

  it('charges nothing for usage that arrives after the hold was released, alone or in a batch', async () => {
    const a = await insertAccount(db.dataSource, 5);
    const settled = await reservedBuild(a, 1n * C);
    const running = await reservedBuild(a, 2n * C);
    await ledger.transaction((tx) => ledger.release(tx, { buildId: settled, reason: 'build_completed' }));
    const none = { buildId: settled, capturedMicro: 0n, extendedMicro: 0n, shortfallMicro: 0n };
    const late = await ledger.transaction((tx) =>
      ledger.capture(tx, { buildId: settled, accountId: a, amountMicro: 5n * C }),
    );
    expect(late).toEqual(none);
    const batch = await ledger.transaction((tx) =>
      ledger.captureMany(tx, [
        { buildId: settled, accountId: a, amountMicro: 1n * C },
        { buildId: running, accountId: a, amountMicro: 1n * C },
      ]),
    );
    expect(batch).toEqual(
      expect.arrayContaining([
        none,
        { buildId: running, capturedMicro: 1n * C, extendedMicro: 0n, shortfallMicro: 0n },
      ]),
    );
    expect(batch).toHaveLength(2);
    expect(await ledger.balance(a)).toEqual({
      availableMicro: 3n * C,
      heldMicro: 1n * C,
      totalMicro: 4n * C,
    });
    expect(await ledger.buildMoney(settled)).toMatchObject({
      reservedMicro: 1n * C,
      spentMicro: 0n,
      refundedMicro: 1n * C,
    });
  });

  it('gives captured usage back for platform faults', async () => {
    const a = await insertAccount(db.dataSource, 10);
    const b = await reservedBuild(a, 5n * C);
    await ledger.transaction((tx) => ledger.capture(tx, { buildId: b, accountId: a, amountMicro: 2n * C }));
    await ledger.transaction(async (tx) => {
      await ledger.release(tx, { buildId: b, reason: 'platform_failure' });
      await ledger.refundCaptured(tx, {
        buildId: b,
        accountId: a,
        amountMicro: 2n * C,
        reason: 'platform_failure',
      });
    });
    expect(await ledger.balance(a)).toEqual({ availableMicro: 10n * C, heldMicro: 0n, totalMicro: 10n * C });
    expect(await ledger.buildMoney(b)).toMatchObject({ spentMicro: 0n, refundedMicro: 5n * C });
  });

  it('adjusts both ways and lists transfers newest first with a cursor', async () => {
    const a = await insertAccount(db.dataSource, 1);
    await ledger.transaction((tx) =>
      ledger.adjust(tx, { accountId: a, amountMicro: 2n * C, reason: 'goodwill' }),
    );
    await ledger.transaction((tx) =>
      ledger.adjust(tx, { accountId: a, amountMicro: -1n * C, reason: 'correction' }),
    );
    await expect(
      ledger.transaction((tx) => ledger.adjust(tx, { accountId: a, amountMicro: -5n * C, reason: 'x' })),
    ).rejects.toBeInstanceOf(InsufficientCreditsError);
    const p1 = await ledger.listTransfers(a, { limit: 2 });
    expect(p1.data.map((t) => t.reason)).toEqual(['correction', 'goodwill']);
    const p2 = await ledger.listTransfers(a, { limit: 2, cursor: p1.nextCursor ?? undefined });
    expect(p2.data.map((t) => t.reason)).toEqual(['test_grant']);
    expect(p2.nextCursor).toBeNull();
  });

  it('detects books that do not balance', async () => {
    const a = await insertAccount(db.dataSource, 1);
    await db.dataSource.query(`UPDATE ledger_accounts SET balance = balance + 1 WHERE id = $1`, [
      `wallet:${a}`,
    ]);
    const report = await checkInvariants(db.dataSource);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'all balances sum to zero')?.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'every cached balance equals its transfers')?.ok).toBe(false);
    await db.dataSource.query(`UPDATE ledger_accounts SET balance = balance - 1 WHERE id = $1`, [
      `wallet:${a}`,
    ]);
  });
});

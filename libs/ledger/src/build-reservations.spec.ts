import { randomUUID } from 'node:crypto';
import { createTestDatabase, insertAccount, insertBuildRow, type TestDatabase } from '@autowebiq/testing';
import { BuildReservations, type BuildReservationResult } from './build-reservations';
import { checkInvariants } from './invariants';
import { LedgerService } from './ledger.service';

const C = 1_000_000n;

describe('BuildReservations: the build, its hold and the debit in one statement, many per statement', () => {
  let db: TestDatabase;
  let ledger: LedgerService;
  let reservations: BuildReservations;

  beforeAll(async () => {
    db = await createTestDatabase('reservations');
    ledger = new LedgerService(db.dataSource);
    reservations = new BuildReservations(db.dataSource);
  });
  afterAll(() => db.drop());

  afterEach(async () => {
    const report = await checkInvariants(db.dataSource);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  const newBuild = (accountId: string, amountMicro: bigint, buildId: string = randomUUID()) => ({
    buildId,
    accountId,
    amountMicro,
    prompt: 'a bakery site',
    models: { planner: 'local-template' },
    priceTable: { version: 'test' },
    estimate: { high_micro: amountMicro.toString() },
  });
  const count = async (table: 'builds' | 'transfers', accountId: string) =>
    (
      await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE account_id = $1`, [accountId])
    )[0].n as number;
  const balance = (availableMicro: bigint, heldMicro: bigint) => ({
    availableMicro,
    heldMicro,
    totalMicro: availableMicro + heldMicro,
  });
  const kinds = (results: BuildReservationResult[]) =>
    results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.kind]: (acc[r.kind] ?? 0) + 1 }), {});

  it("books exactly what LedgerService.reserve books (the tests' and the simulation's way to make a hold)", async () => {
    // Production reserves through the batched function; fixtures compose scenarios with reserve() inside their
    // own transactions. If the two ever book differently, what the tests prove no longer holds in production.
    const batched = await insertAccount(db.dataSource, 10);
    const single = await insertAccount(db.dataSource, 10);
    const viaFunction = newBuild(batched, 4n * C);
    await reservations.reserve(viaFunction);
    const viaService = await ledger.transaction(async (tx) => {
      const id = await insertBuildRow(tx, single);
      await ledger.reserve(tx, { accountId: single, buildId: id, amountMicro: 4n * C });
      return id;
    });
    const booked = async (accountId: string, buildId: string) => ({
      holds: await db.dataSource.query(
        `SELECT kind, balance::text, released_at FROM ledger_accounts WHERE build_id = $1`,
        [buildId],
      ),
      transfers: (
        await db.dataSource.query(
          `SELECT from_account, to_account, amount::text, operation, reason FROM transfers
           WHERE account_id = $1 AND operation <> 'grant' ORDER BY id`,
          [accountId],
        )
      ).map((t: Record<string, string>) => ({
        ...t,
        from_account: t.from_account.replace(accountId, 'ACCOUNT'),
        to_account: t.to_account.replace(buildId, 'BUILD'),
      })),
      build: (
        await db.dataSource.query(
          `SELECT status, reserved_micro::text, spent_micro::text, refunded_micro::text FROM builds WHERE id = $1`,
          [buildId],
        )
      )[0],
      balance: await ledger.balance(accountId),
    });
    expect(await booked(single, viaService)).toEqual(await booked(batched, viaFunction.buildId));
  });

  it('inserts the build with its frozen price table, the hold and the transfer; answers the balance with the hold in it', async () => {
    const a = await insertAccount(db.dataSource, 10);
    const r = newBuild(a, 7n * C);
    expect(await reservations.reserve(r)).toEqual({
      kind: 'reserved',
      balance: balance(3n * C, 7n * C),
      createdAt: expect.any(Date),
    });
    expect(await ledger.balance(a)).toEqual(balance(3n * C, 7n * C));
    const [build] = await db.dataSource.query(
      `SELECT status, prompt, models, price_table, estimate, reserved_micro FROM builds WHERE id = $1`,
      [r.buildId],
    );
    expect(build).toEqual({
      status: 'queued',
      prompt: 'a bakery site',
      models: { planner: 'local-template' },
      price_table: { version: 'test' },
      estimate: { high_micro: String(7n * C) },
      reserved_micro: String(7n * C),
    });
    const transfers = await ledger.listTransfers(a, { limit: 10 });
    expect(transfers.data[0]).toMatchObject({
      from: `wallet:${a}`,
      to: `hold:${r.buildId}`,
      amountMicro: 7n * C,
      reason: 'build_hold',
      buildId: r.buildId,
    });
  });

  it('refuses what the wallet cannot cover, writing nothing and naming what is available', async () => {
    const a = await insertAccount(db.dataSource, 3);
    expect(await reservations.reserve(newBuild(a, 4n * C))).toEqual({
      kind: 'insufficient',
      balance: balance(3n * C, 0n),
    });
    expect(await count('builds', a)).toBe(0);
    expect(await count('transfers', a)).toBe(1);
  });

  it('fails a reservation for an unknown account alone: the ones that shared its statement go through', async () => {
    const a = await insertAccount(db.dataSource, 5);
    const results = await Promise.allSettled([
      reservations.reserve(newBuild(a, 1n * C)),
      reservations.reserve(newBuild(randomUUID(), 1n * C)),
      reservations.reserve(newBuild(a, 1n * C)),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.kind : 'failed'))).toEqual([
      'reserved',
      'failed',
      'reserved',
    ]);
    expect(await ledger.balance(a)).toEqual(balance(3n * C, 2n * C));
  });

  it('reserves a build id at most once: again, alone or twice in one batch, is a duplicate that moves nothing', async () => {
    const a = await insertAccount(db.dataSource, 10);
    const r = newBuild(a, 2n * C);
    expect((await reservations.reserve(r)).kind).toBe('reserved');
    expect(await reservations.reserve(r)).toEqual({ kind: 'duplicate' });
    const twin = newBuild(a, 3n * C);
    expect(kinds(await Promise.all([reservations.reserve(twin), reservations.reserve(twin)]))).toEqual({
      reserved: 1,
      duplicate: 1,
    });
    expect(await ledger.balance(a)).toEqual(balance(5n * C, 5n * C));
    expect(await count('builds', a)).toBe(2);
  });

  it('takes a build id that two statements insert at the same moment once: the other is a duplicate', async () => {
    const a = await insertAccount(db.dataSource, 11);
    // Two instances share no batch, as two gateway processes would not.
    const other = new BuildReservations(db.dataSource);
    for (let round = 0; round < 10; round++) {
      const r = newBuild(a, 1n * C);
      const results = await Promise.all([
        reservations.reserve(r),
        other.reserve(r),
        other.reserve(newBuild(a, 1n)),
      ]);
      expect(kinds(results.slice(0, 2))).toEqual({ reserved: 1, duplicate: 1 });
      expect(results[2].kind).toBe('reserved');
    }
    expect(await count('builds', a)).toBe(20);
    expect(await ledger.balance(a)).toEqual(balance(1n * C - 10n, 10n * C + 10n));
  });

  it('decides the items of one statement in turn: a hold too big is refused and a smaller one after it still fits', async () => {
    const a = await insertAccount(db.dataSource, 10);
    const results = await Promise.all(
      [8n, 5n, 2n].map((credits) => reservations.reserve(newBuild(a, credits * C))),
    );
    expect(results.map((r) => r.kind)).toEqual(['reserved', 'insufficient', 'reserved']);
    expect(results[1]).toEqual({ kind: 'insufficient', balance: balance(0n, 10n * C) });
    expect(await ledger.balance(a)).toEqual(balance(0n, 10n * C));
    expect(await count('builds', a)).toBe(2);
  });

  it('lets exactly as many concurrent reservations through as the wallet affords; refusals name less than required', async () => {
    const a = await insertAccount(db.dataSource, 37);
    const results = await Promise.all(
      Array.from({ length: 120 }, () => reservations.reserve(newBuild(a, 1n * C))),
    );
    expect(kinds(results)).toEqual({ reserved: 37, insufficient: 83 });
    for (const r of results)
      if (r.kind === 'insufficient') expect(r.balance.availableMicro).toBeLessThan(1n * C);
    expect(await ledger.balance(a)).toEqual(balance(0n, 37n * C));
    expect(await count('builds', a)).toBe(37);
  });

  it('serves interleaved accounts from concurrent batches of several instances exactly, without deadlocks', async () => {
    const accounts = await Promise.all(
      [5, 8, 13, 21].map((credits) => insertAccount(db.dataSource, credits)),
    );
    const instances = [reservations, new BuildReservations(db.dataSource, { maxBatch: 7, maxConcurrent: 3 })];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        instances[i % 2].reserve(newBuild(accounts[i % accounts.length], 1n * C)),
      ),
    );
    expect(kinds(results)).toEqual({ reserved: 5 + 8 + 13 + 21, insufficient: 200 - 47 });
    for (const [i, a] of accounts.entries()) {
      const credits = BigInt([5, 8, 13, 21][i]);
      expect(await ledger.balance(a)).toEqual(balance(0n, credits * C));
    }
  });

  it('rejects a non-positive amount before touching the database', async () => {
    const a = await insertAccount(db.dataSource, 1);
    await expect(reservations.reserve(newBuild(a, 0n))).rejects.toThrow(RangeError);
  });
});

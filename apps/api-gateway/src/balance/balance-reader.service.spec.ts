import { createDataSource } from '@autowebiq/db';
import { LedgerService } from '@autowebiq/ledger';
import { createTestDatabase, insertAccount, insertBuildRow, type TestDatabase } from '@autowebiq/testing';
import type { DataSource, Logger } from 'typeorm';
import { BalanceReader } from './balance-reader.service';

describe('BalanceReader (real Postgres)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let balanceQueries = 0;

  beforeAll(async () => {
    db = await createTestDatabase('gwbal');
    ds = createDataSource({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 4 });
    const logger: Logger = {
      logQuery: (query) => {
        if (query.includes('unnest($1::uuid[])')) balanceQueries++;
      },
      logQueryError: () => undefined,
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    };
    ds.setOptions({ logging: ['query'], logger });
    await ds.initialize();
  });
  afterAll(async () => {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  });

  it('reads asked for together share one set-based query per round', async () => {
    const a = await insertAccount(db.dataSource, 100);
    const b = await insertAccount(db.dataSource, 5);
    const reader = new BalanceReader(new LedgerService(ds));
    balanceQueries = 0;
    const reads = await Promise.all([...Array.from({ length: 19 }, () => reader.read(a)), reader.read(b)]);
    // Asked for in one turn of the event loop: one round, one query for both accounts.
    expect(balanceQueries).toBe(1);
    const first = reader.read(a);
    await new Promise((r) => setImmediate(r));
    // Asked for while the first round runs: they share the next one.
    await Promise.all([first, reader.read(a), reader.read(b)]);
    expect(balanceQueries).toBe(3);
    expect(reads.slice(0, 19).every((r) => r.availableMicro === 100_000_000n)).toBe(true);
    expect(reads[19]).toEqual({ availableMicro: 5_000_000n, heldMicro: 0n, totalMicro: 5_000_000n });
  });

  it('a read sees every hold committed before it was asked for', async () => {
    const a = await insertAccount(db.dataSource, 10);
    const ledger = new LedgerService(ds);
    const reader = new BalanceReader(ledger);
    for (let i = 1; i <= 3; i++) {
      await ledger.transaction(async (tx) => {
        const build = await insertBuildRow(tx, a);
        await ledger.reserve(tx, { accountId: a, buildId: build, amountMicro: 1_000_000n });
      });
      expect(await reader.read(a)).toEqual({
        availableMicro: BigInt(10 - i) * 1_000_000n,
        heldMicro: BigInt(i) * 1_000_000n,
        totalMicro: 10_000_000n,
      });
    }
  });

  it('a round that fails rejects its readers, and the next round works once the database is back', async () => {
    const a = await insertAccount(db.dataSource, 1);
    const reader = new BalanceReader(new LedgerService(ds));
    await ds.destroy();
    await expect(reader.read(a)).rejects.toThrow();
    await ds.initialize();
    expect((await reader.read(a)).availableMicro).toBe(1_000_000n);
  });
});

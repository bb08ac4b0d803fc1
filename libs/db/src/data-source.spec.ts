import { createTestDatabase, type TestDatabase } from '@autowebiq/testing';

describe('schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('schema');
  });
  afterAll(() => db.drop());

  it('creates the system ledger accounts', async () => {
    const rows = await db.dataSource.query(`SELECT id, balance FROM ledger_accounts ORDER BY id`);
    expect(rows).toEqual([
      { id: 'system:grants', balance: '0' },
      { id: 'system:revenue', balance: '0' },
    ]);
  });

  it('refuses a negative wallet at the database level', async () => {
    await db.dataSource.query(`INSERT INTO accounts (id, name) VALUES ('00000000-0000-4000-8000-000000000001', 'a')`);
    await db.dataSource.query(
      `INSERT INTO ledger_accounts (id, kind, account_id) VALUES ('wallet:00000000-0000-4000-8000-000000000001', 'wallet', '00000000-0000-4000-8000-000000000001')`,
    );
    await expect(
      db.dataSource.query(`UPDATE ledger_accounts SET balance = -1 WHERE id = 'wallet:00000000-0000-4000-8000-000000000001'`),
    ).rejects.toThrow(/ledger_accounts_never_negative/);
  });

  it('refuses zero and negative transfers', async () => {
    await expect(
      db.dataSource.query(
        `INSERT INTO transfers (from_account, to_account, amount, operation, reason) VALUES ('system:grants', 'system:revenue', 0, 'adjustment', 'x')`,
      ),
    ).rejects.toThrow(/check/i);
  });
});

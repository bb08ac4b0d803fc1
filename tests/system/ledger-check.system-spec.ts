import { CreditLots, LedgerService, SYSTEM_GRANTS, holdId, walletId } from '@autowebiq/ledger';
import { createTestDatabase, insertAccount, insertBuildRow, type TestDatabase } from '@autowebiq/testing';
import type { EntityManager } from 'typeorm';
import { ledgerCheck } from './gateway-support';

jest.setTimeout(60_000);

const C = 1_000_000n;

/** The rows of the books that the corruptions below pick on. */
interface Books {
  account: string;
  wallet: string;
  /** Settled: reserved 4, captured 1, its hold released with 3 refunded. */
  completed: string;
  /** Running: reserved 3, captured 1, 2 left in its open hold. */
  running: string;
  /** A grant of 2 credits that expired unspent: settled, its 2 credits taken back. */
  lot: string;
}

/**
 * Small books written through the real LedgerService, with a row for every check to read: a grant, a settled
 * build with a refund, a settled build failed by the platform (its hold extended from the wallet, its
 * captures given back), a running build with money left in its open hold, and a grant of 2 credits that
 * expired (granted already expired, so nothing spends it) and was settled by CreditLots as the sweeper does.
 */
async function writeBooks(db: TestDatabase): Promise<Books> {
  const ledger = new LedgerService(db.dataSource);
  const account = await insertAccount(db.dataSource, 10);
  const build = (tx: EntityManager, amountMicro: bigint) =>
    insertBuildRow(tx, account).then(async (buildId) => {
      await ledger.reserve(tx, { accountId: account, buildId, amountMicro });
      return buildId;
    });
  const capture = (tx: EntityManager, buildId: string, amountMicro: bigint) =>
    ledger.capture(tx, { accountId: account, buildId, amountMicro });
  const settle = (tx: EntityManager, buildId: string, status: string) =>
    tx.query(`UPDATE builds SET status = $2, finished_at = now(), settled_at = now() WHERE id = $1`, [
      buildId,
      status,
    ]);

  const completed = await ledger.transaction((tx) => build(tx, 4n * C));
  const failed = await ledger.transaction((tx) => build(tx, 2n * C));
  const running = await ledger.transaction((tx) => build(tx, 3n * C));
  await ledger.transaction(async (tx) => {
    await capture(tx, completed, 1n * C);
    await capture(tx, failed, 3n * C);
    await capture(tx, running, 1n * C);
  });
  await ledger.transaction(async (tx) => {
    await ledger.release(tx, { buildId: completed, reason: 'build_completed' });
    await settle(tx, completed, 'completed');
    await ledger.release(tx, { buildId: failed, reason: 'platform_failure' });
    await ledger.refundCaptured(tx, {
      accountId: account,
      buildId: failed,
      amountMicro: 3n * C,
      reason: 'platform_failure',
    });
    await settle(tx, failed, 'failed');
  });
  const lot = await ledger.transaction(async (tx) => {
    const expiresAt = new Date(Date.now() - 1000);
    return (await ledger.grant(tx, { accountId: account, amountMicro: 2n * C, reason: 'promo', expiresAt }))
      .id;
  });
  await new CreditLots(db.dataSource).expire(lot);
  return { account, wallet: walletId(account), completed, running, lot };
}

interface Corruption {
  /** The check's name as `ledger:check` prints it. */
  check: string;
  what: string;
  /** Run in one transaction, on books of its own. */
  corrupt(tx: EntityManager, b: Books): Promise<unknown>;
}

/** One µcr more in a build's money column, with no transfer behind it. */
const oneMore =
  (column: 'reserved_micro' | 'spent_micro' | 'refunded_micro', build: 'completed' | 'running') =>
  (tx: EntityManager, b: Books) =>
    tx.query(`UPDATE builds SET ${column} = ${column} + 1 WHERE id = $1`, [b[build]]);

/**
 * Each corruption breaks exactly what its check guards and leaves every other check true. There are no
 * triggers on the ledger tables; the database's own guards are the foreign keys (which Postgres runs as
 * system triggers: `session_replication_role = replica` skips them for one transaction, superuser only)
 * and the CHECK constraint `ledger_accounts_never_negative` (not a trigger: dropped, in the throwaway database).
 */
const CORRUPTIONS: Corruption[] = [
  {
    check: 'all balances sum to zero',
    // While every transfer's two accounts exist, cached balances that equal their transfers sum to zero,
    // so this check alone fires only for money whose account is gone and its transfers left dangling.
    what: "the wallet's row deleted with its 6 credits, its transfers left pointing at it",
    corrupt: async (tx, b) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`DELETE FROM ledger_accounts WHERE id = $1`, [b.wallet]);
    },
  },
  {
    check: 'no wallet or hold is negative',
    what: 'a capture of 3 credits recorded in full against a hold of 2 (transfer, both balances, spent)',
    corrupt: async (tx, b) => {
      await tx.query(`ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_never_negative`);
      await tx.query(
        `INSERT INTO transfers (from_account, to_account, amount, operation, reason, account_id, build_id)
         VALUES ($1, 'system:revenue', $2, 'usage', 'usage', $3, $4)`,
        [holdId(b.running), (3n * C).toString(), b.account, b.running],
      );
      await tx.query(`UPDATE ledger_accounts SET balance = balance - $2 WHERE id = $1`, [
        holdId(b.running),
        (3n * C).toString(),
      ]);
      await tx.query(`UPDATE ledger_accounts SET balance = balance + $1 WHERE id = 'system:revenue'`, [
        (3n * C).toString(),
      ]);
      await tx.query(`UPDATE builds SET spent_micro = spent_micro + $2 WHERE id = $1`, [
        b.running,
        (3n * C).toString(),
      ]);
    },
  },
  {
    check: 'every cached balance equals its transfers',
    what: '1 µcr moved from the wallet to system:grants in the balances only, with no transfer row',
    corrupt: async (tx, b) => {
      await tx.query(`UPDATE ledger_accounts SET balance = balance - 1 WHERE id = $1`, [b.wallet]);
      await tx.query(`UPDATE ledger_accounts SET balance = balance + 1 WHERE id = $1`, [SYSTEM_GRANTS]);
    },
  },
  {
    check: "every build's reserved equals what entered its hold",
    what: "the running build's reserved_micro 1 µcr more than went into its hold",
    corrupt: oneMore('reserved_micro', 'running'),
  },
  {
    check: "every build's spent equals its captures less usage given back",
    what: "the running build's spent_micro 1 µcr more than was captured",
    corrupt: oneMore('spent_micro', 'running'),
  },
  {
    check: 'captured + refunded = reserved for every settled build, and its hold is empty',
    // refunded_micro is tied to the transfers by this check only.
    what: "the completed build's refunded_micro 1 µcr more than reserved less spent",
    corrupt: oneMore('refunded_micro', 'completed'),
  },
  {
    check: 'captured + refunded = reserved for every settled build, and its hold is empty',
    what: "the running build's hold marked released with 2 credits still in it, never refunded",
    corrupt: (tx, b) =>
      tx.query(`UPDATE ledger_accounts SET released_at = now() WHERE id = $1`, [holdId(b.running)]),
  },
  {
    check: 'a hold is released at most once',
    what: "the completed build's 3-credit refund split into two refunds from its hold (same total, same balances)",
    corrupt: async (tx, b) => {
      await tx.query(
        `UPDATE transfers SET amount = amount - 1 WHERE operation = 'refund' AND from_account = $1`,
        [holdId(b.completed)],
      );
      await tx.query(
        `INSERT INTO transfers (from_account, to_account, amount, operation, reason, account_id, build_id)
         VALUES ($1, $2, 1, 'refund', 'build_completed', $3, $4)`,
        [holdId(b.completed), b.wallet, b.account, b.completed],
      );
    },
  },
  {
    check: 'settled builds have released holds',
    what: 'the running build marked settled (completed) with its hold still open',
    corrupt: (tx, b) =>
      tx.query(
        `UPDATE builds SET status = 'completed', finished_at = now(), settled_at = now() WHERE id = $1`,
        [b.running],
      ),
  },
  {
    check: "no lot expired more than it granted, and each lot's expiry transfer matches its expired_micro",
    what: "the expired lot's expired_micro 1 µcr less than its expiry transfer took",
    corrupt: (tx, b) =>
      tx.query(`UPDATE credit_lots SET expired_micro = expired_micro - 1 WHERE grant_transfer_id = $1`, [
        b.lot,
      ]),
  },
  {
    check: "no lot expired more than it granted, and each lot's expiry transfer matches its expired_micro",
    what: "the expired lot's amount_micro 1 µcr less than it expired (its CHECK dropped)",
    corrupt: async (tx, b) => {
      await tx.query(`ALTER TABLE credit_lots DROP CONSTRAINT credit_lots_expired_within_grant`);
      await tx.query(`UPDATE credit_lots SET amount_micro = amount_micro - 1 WHERE grant_transfer_id = $1`, [
        b.lot,
      ]);
    },
  },
];

/** `ledger:check`'s verdict per check, from its `ok  ` / `FAIL` lines. */
function verdicts(output: string): Record<string, 'ok' | 'FAIL'> {
  const lines = [...output.matchAll(/^(ok {2}|FAIL) {2}(.+?)(?:: violations, .*)?$/gm)];
  return Object.fromEntries(lines.map(([, verdict, name]) => [name, verdict.trim() as 'ok' | 'FAIL']));
}

/**
 * `ledger:check`'s exit code and output on fresh books, corrupted by `corrupt` when given. A database per run:
 * created, migrated and written in ~0.3 s here, so no case can see another's corruption or a restore gone wrong.
 */
async function checkBooks(
  corrupt?: Corruption['corrupt'],
): Promise<{ code: number; output: string; url: string }> {
  const db = await createTestDatabase('ledgercheck');
  try {
    const rows = await writeBooks(db);
    if (corrupt) await db.dataSource.transaction((tx) => corrupt(tx, rows));
    return { ...(await ledgerCheck(db.url)), url: db.url };
  } finally {
    await db.drop();
  }
}

describe('npm run ledger:check (tools/ledger-check.ts, as a process) on corrupted books', () => {
  let valid: Awaited<ReturnType<typeof checkBooks>>;
  let checks: string[];

  beforeAll(async () => {
    valid = await checkBooks();
    checks = Object.keys(verdicts(valid.output));
  });

  it('exits 0 on the valid books, every check ok', () => {
    expect(valid).toMatchObject({
      code: 0,
      output: expect.stringContaining(`all ${checks.length} invariants hold`),
    });
    expect(checks).toHaveLength(9);
    expect(Object.values(verdicts(valid.output))).toEqual(checks.map(() => 'ok'));
  });

  it('has a corruption for every check it prints', () => {
    expect([...new Set(CORRUPTIONS.map((c) => c.check))].sort()).toEqual([...checks].sort());
  });

  it.each(CORRUPTIONS)('exits 2 naming "$check" alone when $what', async ({ check, corrupt }) => {
    const { code, output } = await checkBooks(corrupt);
    expect({ code, verdicts: verdicts(output) }).toEqual({
      code: 2,
      verdicts: Object.fromEntries(checks.map((name) => [name, name === check ? 'FAIL' : 'ok'])),
    });
    expect(output).toContain('1 invariant(s) violated');
  });

  it("exits 1 when the check cannot run: the valid books' database, dropped since", async () => {
    const { code, output } = await ledgerCheck(valid.url);
    expect({ code, output }).toEqual({
      code: 1,
      output: expect.stringContaining('ledger check could not run'),
    });
  });
});

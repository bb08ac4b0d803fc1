import type { DataSource } from 'typeorm';
import { expiryReason } from './ledger-ids';
import type { InvariantCheck, InvariantReport } from './ledger.types';

interface CheckQuery {
  name: string;
  /** Returns the offending rows; none means the invariant holds. */
  sql: string;
}

/** DESIGN.md section 4: the rules the books must obey at every commit. */
const CHECKS: CheckQuery[] = [
  {
    name: 'all balances sum to zero',
    sql: `SELECT sum(balance) AS total FROM ledger_accounts HAVING sum(balance) <> 0`,
  },
  {
    name: 'no wallet or hold is negative',
    sql: `SELECT id, balance FROM ledger_accounts WHERE kind <> 'system' AND balance < 0`,
  },
  {
    name: 'every cached balance equals its transfers',
    sql: `SELECT la.id, la.balance, COALESCE(i.s, 0) - COALESCE(o.s, 0) AS from_transfers
          FROM ledger_accounts la
          LEFT JOIN (SELECT to_account, sum(amount) s FROM transfers GROUP BY to_account) i ON i.to_account = la.id
          LEFT JOIN (SELECT from_account, sum(amount) s FROM transfers GROUP BY from_account) o ON o.from_account = la.id
          WHERE la.balance <> COALESCE(i.s, 0) - COALESCE(o.s, 0)`,
  },
  {
    name: "every build's reserved equals what entered its hold",
    sql: `SELECT b.id, b.reserved_micro, COALESCE(t.s, 0) AS into_hold
          FROM builds b LEFT JOIN (SELECT build_id, sum(amount) s FROM transfers WHERE to_account = 'hold:' || build_id::text GROUP BY build_id) t
            ON t.build_id = b.id
          WHERE b.reserved_micro <> COALESCE(t.s, 0)`,
  },
  {
    name: "every build's spent equals its captures less usage given back",
    sql: `SELECT b.id, b.spent_micro, COALESCE(c.s, 0) - COALESCE(g.s, 0) AS net
          FROM builds b
          LEFT JOIN (SELECT build_id, sum(amount) s FROM transfers WHERE to_account = 'system:revenue' AND build_id IS NOT NULL GROUP BY build_id) c ON c.build_id = b.id
          LEFT JOIN (SELECT build_id, sum(amount) s FROM transfers WHERE from_account = 'system:revenue' AND build_id IS NOT NULL GROUP BY build_id) g ON g.build_id = b.id
          WHERE b.spent_micro <> COALESCE(c.s, 0) - COALESCE(g.s, 0)`,
  },
  {
    name: 'captured + refunded = reserved for every settled build, and its hold is empty',
    sql: `SELECT b.id, b.reserved_micro, b.spent_micro, b.refunded_micro, h.balance AS hold
          FROM builds b JOIN ledger_accounts h ON h.id = 'hold:' || b.id::text
          WHERE h.released_at IS NOT NULL
            AND (h.balance <> 0 OR b.spent_micro + b.refunded_micro <> b.reserved_micro)`,
  },
  {
    name: 'a hold is released at most once',
    sql: `SELECT build_id, count(*) FROM transfers
          WHERE operation = 'refund' AND from_account = 'hold:' || build_id::text
          GROUP BY build_id HAVING count(*) > 1`,
  },
  {
    name: 'settled builds have released holds',
    sql: `SELECT b.id FROM builds b JOIN ledger_accounts h ON h.id = 'hold:' || b.id::text
          WHERE b.settled_at IS NOT NULL AND h.released_at IS NULL`,
  },
  {
    name: "no lot expired more than it granted, and each lot's expiry transfer matches its expired_micro",
    // A full join: an expiry transfer naming no lot is caught as well as a lot with a wrong or second one.
    sql: `SELECT l.grant_transfer_id, e.reason, l.amount_micro, l.expired_micro, e.n, e.s
          FROM credit_lots l
          FULL JOIN (SELECT reason, count(*) AS n, sum(amount) AS s FROM transfers WHERE operation = 'expiry' GROUP BY reason) e
            ON e.reason = '${expiryReason('')}' || l.grant_transfer_id::text
          WHERE l.grant_transfer_id IS NULL OR l.expired_micro > l.amount_micro OR e.n > 1
             OR COALESCE(e.s, 0) <> COALESCE(l.expired_micro, 0)`,
  },
];

/** Runs every check in one repeatable-read snapshot, so concurrent writers cannot produce false alarms. */
export async function checkInvariants(dataSource: DataSource): Promise<InvariantReport> {
  const checks: InvariantCheck[] = [];
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    for (const c of CHECKS) {
      const bad: unknown[] = await runner.query(`${c.sql} LIMIT 5`);
      checks.push({
        name: c.name,
        ok: bad.length === 0,
        detail: bad.length === 0 ? 'ok' : `violations, first ones: ${JSON.stringify(bad)}`,
      });
    }
    await runner.commitTransaction();
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
  return { ok: checks.every((c) => c.ok), checks };
}

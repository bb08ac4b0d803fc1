import type { CreditOperation } from '@autowebiq/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { InsufficientCreditsError, LedgerAccountMissingError } from './ledger.errors';
import { SYSTEM_GRANTS, SYSTEM_REVENUE, expiryReason, holdId, walletId } from './ledger-ids';
import { retryOnConflict } from './postgres-errors';
import type { Balance, BuildMoney, CaptureRequest, CaptureResult, TransferRecord } from './ledger.types';

interface Move {
  from: string;
  to: string;
  amountMicro: bigint;
  operation: CreditOperation;
  reason: string;
  accountId: string | null;
  buildId: string | null;
}

/**
 * The double-entry ledger. Every movement of credits is one transfer row plus the
 * two cached balances, changed in the caller's transaction. Its SQL lives in this lib:
 * here, in `BuildReservations` (the gateway's batched reservations, through the Postgres
 * function of migration 1765000000000) and `CreditLots`. `reserve` books the same rows as
 * that function for one build inside a caller's transaction (tests and the simulation
 * compose scenarios with it; build-reservations.spec checks the two agree).
 * Methods taking `tx` join the caller's transaction so a build row and its hold commit together.
 * UPDATE … RETURNING is wrapped as `WITH x AS (UPDATE …) SELECT`: TypeORM returns
 * `[rows, count]` for a bare UPDATE but plain rows for a SELECT.
 */
export class LedgerService {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `fn` in a transaction, again on deadlock or serialization failure. */
  transaction<T>(fn: (tx: EntityManager) => Promise<T>, attempts = 5): Promise<T> {
    return retryOnConflict(() => this.dataSource.transaction(fn), attempts);
  }

  async openWallet(tx: EntityManager, accountId: string): Promise<void> {
    await tx.query(
      `INSERT INTO ledger_accounts (id, kind, account_id) VALUES ($1, 'wallet', $2) ON CONFLICT (id) DO NOTHING`,
      [walletId(accountId), accountId],
    );
  }

  /** With `expiresAt`, the grant is also a lot (table credit_lots) that billing's sweeper expires (see CreditLots). */
  async grant(
    tx: EntityManager,
    g: { accountId: string; amountMicro: bigint; reason: string; expiresAt?: Date },
  ): Promise<TransferRecord> {
    const transfer = await this.mustMove(tx, {
      from: SYSTEM_GRANTS,
      to: walletId(g.accountId),
      amountMicro: g.amountMicro,
      operation: 'grant',
      reason: g.reason,
      accountId: g.accountId,
      buildId: null,
    });
    if (g.expiresAt)
      await tx.query(
        `INSERT INTO credit_lots (grant_transfer_id, account_id, amount_micro, expires_at) VALUES ($1, $2, $3, $4)`,
        [transfer.id, g.accountId, g.amountMicro.toString(), g.expiresAt],
      );
    return transfer;
  }

  /**
   * Moves the hold from the wallet into the build's own hold account. The build row
   * must already exist in `tx`. Throws InsufficientCreditsError, leaving `tx` to be rolled back
   * (the hold account and the build's reserved_micro are written before the move).
   */
  async reserve(
    tx: EntityManager,
    r: { accountId: string; buildId: string; amountMicro: bigint },
  ): Promise<TransferRecord> {
    // Everything that does not need the wallet goes first, in one round trip: the wallet row is
    // the hot spot every reservation of the account queues on, so it is locked by the last
    // statement before the caller's commit. A refused move rolls all of it back with the transaction.
    await tx.query(
      `WITH hold AS (
         INSERT INTO ledger_accounts (id, kind, account_id, build_id) VALUES ($1, 'hold', $2, $3)
       )
       UPDATE builds SET reserved_micro = reserved_micro + $4, updated_at = now() WHERE id = $3`,
      [holdId(r.buildId), r.accountId, r.buildId, r.amountMicro.toString()],
    );
    const transfer = await this.move(tx, {
      from: walletId(r.accountId),
      to: holdId(r.buildId),
      amountMicro: r.amountMicro,
      operation: 'website_generation',
      reason: 'build_hold',
      accountId: r.accountId,
      buildId: r.buildId,
    });
    if (!transfer)
      throw new InsufficientCreditsError(r.amountMicro, await this.walletBalance(tx, r.accountId));
    return transfer;
  }

  /**
   * Captures usage of many builds at once: the common case (the hold is open and covers it)
   * in two statements (lock, then move), the rest one by one through `capture`. Each build must appear once;
   * amounts must be positive. Builds whose hold is released are not charged (see `capture`).
   */
  async captureMany(tx: EntityManager, requests: CaptureRequest[]): Promise<CaptureResult[]> {
    const sorted = [...requests].sort((a, b) => (a.buildId < b.buildId ? -1 : 1));
    if (sorted.length === 0) return [];
    const holds = sorted.map((r) => holdId(r.buildId));
    // Holds are locked in id order before anything else: concurrent batches over the same builds
    // (several billing instances, or one instance with batches in flight at once) then queue
    // instead of deadlocking, which an UPDATE … FROM's join order would not guarantee.
    const locked: { build_id: string; released: boolean }[] = await tx.query(
      `SELECT build_id, released_at IS NOT NULL AS released FROM ledger_accounts
       WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [holds],
    );
    const results = new Map<string, CaptureResult>();
    for (const h of locked) if (h.released) results.set(h.build_id, uncharged(h.build_id));
    const debited: { build_id: string; amount: string }[] = await tx.query(CAPTURE_COVERED, [
      holds,
      sorted.map((r) => r.amountMicro.toString()),
      SYSTEM_REVENUE,
    ]);
    for (const d of debited) {
      results.set(d.build_id, {
        buildId: d.build_id,
        capturedMicro: BigInt(d.amount),
        extendedMicro: 0n,
        shortfallMicro: 0n,
      });
    }
    // A hold too small for its usage (or missing: `capture` says so) is handled alone, under the lock it has.
    for (const r of sorted) {
      if (!results.has(r.buildId)) results.set(r.buildId, await this.capture(tx, r));
    }
    return sorted.map((r) => results.get(r.buildId) as CaptureResult);
  }

  /**
   * Captures one build's usage from its hold. A hold that is too small is first
   * extended from the wallet; what neither can cover is returned as shortfall, never
   * taken. Usage arriving after the hold was released (the build is settled) is not
   * charged: settle already charged what the workers reported, so it comes from an
   * attempt whose result the build did not use.
   */
  async capture(tx: EntityManager, r: CaptureRequest): Promise<CaptureResult> {
    const [hold] = await tx.query(
      `SELECT balance, released_at FROM ledger_accounts WHERE id = $1 FOR UPDATE`,
      [holdId(r.buildId)],
    );
    if (!hold) throw new LedgerAccountMissingError(holdId(r.buildId));
    if (hold.released_at) return uncharged(r.buildId);

    let inHold = BigInt(hold.balance);
    let extendedMicro = 0n;
    if (inHold < r.amountMicro) {
      const wallet = await this.lockedBalance(tx, walletId(r.accountId));
      const extension = min(r.amountMicro - inHold, wallet);
      if (extension > 0n) {
        await this.mustMove(tx, {
          from: walletId(r.accountId),
          to: holdId(r.buildId),
          amountMicro: extension,
          operation: 'website_generation',
          reason: 'hold_extension',
          accountId: r.accountId,
          buildId: r.buildId,
        });
        await tx.query(
          `UPDATE builds SET reserved_micro = reserved_micro + $2, updated_at = now() WHERE id = $1`,
          [r.buildId, extension.toString()],
        );
        inHold += extension;
        extendedMicro = extension;
      }
    }
    const capturedMicro = min(r.amountMicro, inHold);
    if (capturedMicro > 0n) {
      await this.mustMove(tx, {
        from: holdId(r.buildId),
        to: SYSTEM_REVENUE,
        amountMicro: capturedMicro,
        operation: 'usage',
        reason: 'usage',
        accountId: r.accountId,
        buildId: r.buildId,
      });
      await this.addSpent(tx, r.buildId, capturedMicro);
    }
    return {
      buildId: r.buildId,
      capturedMicro,
      extendedMicro,
      shortfallMicro: r.amountMicro - capturedMicro,
    };
  }

  /**
   * Locks the build's hold for the rest of `tx`. Whoever also locks the build row must take
   * the hold first, as captures do (hold, then revenue, then build row), or the two deadlock.
   */
  async lockHold(tx: EntityManager, buildId: string): Promise<void> {
    await tx.query(`SELECT 1 FROM ledger_accounts WHERE id = $1 FOR UPDATE`, [holdId(buildId)]);
  }

  /** Returns what is left in the hold to the wallet. At most once per build: a second call refunds nothing. */
  async release(
    tx: EntityManager,
    r: { buildId: string; reason: string },
  ): Promise<{ refundedMicro: bigint; alreadyReleased: boolean }> {
    const [hold] = await tx.query(
      `WITH released AS (
         UPDATE ledger_accounts SET released_at = now() WHERE id = $1 AND released_at IS NULL RETURNING balance, account_id
       )
       SELECT * FROM released`,
      [holdId(r.buildId)],
    );
    if (!hold) return { refundedMicro: 0n, alreadyReleased: true };
    const refundedMicro = BigInt(hold.balance);
    if (refundedMicro > 0n) {
      await this.mustMove(tx, {
        from: holdId(r.buildId),
        to: walletId(hold.account_id),
        amountMicro: refundedMicro,
        operation: 'refund',
        reason: r.reason,
        accountId: hold.account_id,
        buildId: r.buildId,
      });
      await tx.query(
        `UPDATE builds SET refunded_micro = refunded_micro + $2, updated_at = now() WHERE id = $1`,
        [r.buildId, refundedMicro.toString()],
      );
    }
    return { refundedMicro, alreadyReleased: false };
  }

  /**
   * Gives back usage that was captured but should not be paid for (an attempt whose
   * result was discarded, a build that failed through the platform's fault).
   */
  async refundCaptured(
    tx: EntityManager,
    r: { buildId: string; accountId: string; amountMicro: bigint; reason: string },
  ): Promise<TransferRecord | null> {
    if (r.amountMicro <= 0n) return null;
    const transfer = await this.mustMove(tx, {
      from: SYSTEM_REVENUE,
      to: walletId(r.accountId),
      amountMicro: r.amountMicro,
      operation: 'refund',
      reason: r.reason,
      accountId: r.accountId,
      buildId: r.buildId,
    });
    await tx.query(
      `UPDATE builds SET spent_micro = spent_micro - $2, refunded_micro = refunded_micro + $2, updated_at = now() WHERE id = $1`,
      [r.buildId, r.amountMicro.toString()],
    );
    return transfer;
  }

  /** Takes an expired lot's unspent credits back from the wallet; the caller has locked it (`lockWallet`) and checked the amount. */
  async expire(
    tx: EntityManager,
    e: { accountId: string; lotId: string; amountMicro: bigint },
  ): Promise<TransferRecord> {
    return this.mustMove(tx, {
      from: walletId(e.accountId),
      to: SYSTEM_GRANTS,
      amountMicro: e.amountMicro,
      operation: 'expiry',
      reason: expiryReason(e.lotId),
      accountId: e.accountId,
      buildId: null,
    });
  }

  /** Locks the account's wallet for the rest of `tx` and answers its balance. */
  lockWallet(tx: EntityManager, accountId: string): Promise<bigint> {
    return this.lockedBalance(tx, walletId(accountId));
  }

  /** An operator's correction: positive adds to the wallet, negative takes back (never below zero). */
  async adjust(
    tx: EntityManager,
    a: { accountId: string; amountMicro: bigint; reason: string },
  ): Promise<TransferRecord> {
    const credit = a.amountMicro > 0n;
    const amount = credit ? a.amountMicro : -a.amountMicro;
    const transfer = await this.move(tx, {
      from: credit ? SYSTEM_GRANTS : walletId(a.accountId),
      to: credit ? walletId(a.accountId) : SYSTEM_GRANTS,
      amountMicro: amount,
      operation: 'adjustment',
      reason: a.reason,
      accountId: a.accountId,
      buildId: null,
    });
    if (!transfer) throw new InsufficientCreditsError(amount, await this.walletBalance(tx, a.accountId));
    return transfer;
  }

  async balance(accountId: string, tx: EntityManager = this.dataSource.manager): Promise<Balance> {
    return (await this.balances([accountId], tx)).get(accountId) as Balance;
  }

  /**
   * What an account paid in [from, to), by when the transfers were booked: usage captured into
   * revenue minus captured usage given back (retried attempts, platform failures). Metered usage
   * counts every call at list price; this is what the books say was charged.
   */
  async charged(accountId: string, from: Date, to: Date): Promise<bigint> {
    const [row]: { charged: string }[] = await this.dataSource.query(
      `SELECT COALESCE(sum(CASE WHEN to_account = $4 THEN amount ELSE -amount END), 0)::text AS charged
       FROM transfers
       WHERE account_id = $1 AND created_at >= $2 AND created_at < $3 AND $4 IN (to_account, from_account)`,
      [accountId, from, to, SYSTEM_REVENUE],
    );
    return BigInt(row.charged);
  }

  /** `balance` of many accounts in one statement: billing's live updates touch hundreds of accounts at a time. */
  async balances(
    accountIds: string[],
    tx: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, Balance>> {
    const unique = [...new Set(accountIds)];
    if (unique.length === 0) return new Map();
    const rows: { account_id: string; available: string; held: string }[] = await tx.query(
      `SELECT a.account_id, COALESCE(w.balance, 0) AS available,
              COALESCE((SELECT sum(h.balance) FROM ledger_accounts h
                        WHERE h.kind = 'hold' AND h.account_id = a.account_id AND h.released_at IS NULL), 0) AS held
       FROM unnest($1::uuid[]) AS a(account_id)
       LEFT JOIN ledger_accounts w ON w.id = 'wallet:' || a.account_id::text`,
      [unique],
    );
    return new Map(
      rows.map((r) => {
        const availableMicro = BigInt(r.available);
        const heldMicro = BigInt(r.held);
        return [r.account_id, { availableMicro, heldMicro, totalMicro: availableMicro + heldMicro }];
      }),
    );
  }

  async buildMoney(buildId: string, tx: EntityManager = this.dataSource.manager): Promise<BuildMoney | null> {
    const [row] = await tx.query(
      `SELECT b.reserved_micro, b.spent_micro, b.refunded_micro, COALESCE(h.balance, 0) AS hold, h.released_at
       FROM builds b LEFT JOIN ledger_accounts h ON h.id = 'hold:' || b.id::text WHERE b.id = $1`,
      [buildId],
    );
    if (!row) return null;
    return {
      reservedMicro: BigInt(row.reserved_micro),
      spentMicro: BigInt(row.spent_micro),
      refundedMicro: BigInt(row.refunded_micro),
      holdMicro: BigInt(row.hold),
      released: row.released_at !== null,
    };
  }

  /** The account's transfers, newest first. The cursor is the last id seen. */
  async listTransfers(
    accountId: string,
    page: { cursor?: string; limit: number },
  ): Promise<{ data: TransferRecord[]; nextCursor: string | null }> {
    const rows = await this.dataSource.query(
      `SELECT id, from_account, to_account, amount, operation, reason, account_id, build_id, created_at
       FROM transfers WHERE account_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
       ORDER BY id DESC LIMIT $3`,
      [accountId, page.cursor ?? null, page.limit + 1],
    );
    const data = rows.slice(0, page.limit).map(toTransfer);
    return { data, nextCursor: rows.length > page.limit ? data[data.length - 1].id : null };
  }

  private async walletBalance(tx: EntityManager, accountId: string): Promise<bigint> {
    const [row] = await tx.query(`SELECT balance FROM ledger_accounts WHERE id = $1`, [walletId(accountId)]);
    return row ? BigInt(row.balance) : 0n;
  }

  private async lockedBalance(tx: EntityManager, ledgerAccountId: string): Promise<bigint> {
    const [row] = await tx.query(`SELECT balance FROM ledger_accounts WHERE id = $1 FOR UPDATE`, [
      ledgerAccountId,
    ]);
    if (!row) throw new LedgerAccountMissingError(ledgerAccountId);
    return BigInt(row.balance);
  }

  private async addSpent(tx: EntityManager, buildId: string, amount: bigint): Promise<void> {
    await tx.query(`UPDATE builds SET spent_micro = spent_micro + $2, updated_at = now() WHERE id = $1`, [
      buildId,
      amount.toString(),
    ]);
  }

  private async mustMove(tx: EntityManager, m: Move): Promise<TransferRecord> {
    const transfer = await this.move(tx, m);
    if (!transfer) throw new InsufficientCreditsError(m.amountMicro, await this.lockedBalance(tx, m.from));
    return transfer;
  }

  /**
   * One round trip: debit (only if it stays non-negative), credit, and the transfer row.
   * Returns null when the debit was refused. A missing destination throws, so a
   * debit can never commit without its credit.
   */
  private async move(tx: EntityManager, m: Move): Promise<TransferRecord | null> {
    if (m.amountMicro <= 0n) throw new RangeError(`Transfer amount must be positive, got ${m.amountMicro}`);
    const [row] = await tx.query(
      `WITH debit AS (
         UPDATE ledger_accounts SET balance = balance - $3
         WHERE id = $1 AND (kind = 'system' OR balance >= $3) RETURNING id
       ), credit AS (
         UPDATE ledger_accounts SET balance = balance + $3
         WHERE id = $2 AND EXISTS (SELECT 1 FROM debit) RETURNING id
       ), ins AS (
         INSERT INTO transfers (from_account, to_account, amount, operation, reason, account_id, build_id)
         SELECT $1, $2, $3, $4, $5, $6, $7 FROM debit, credit RETURNING id, created_at
       )
       SELECT (SELECT count(*) FROM debit)::int AS debited, (SELECT count(*) FROM credit)::int AS credited,
              ins.id, ins.created_at
       FROM (SELECT 1) AS one LEFT JOIN ins ON true`,
      [m.from, m.to, m.amountMicro.toString(), m.operation, m.reason, m.accountId, m.buildId],
    );
    if (row.debited === 0) return null;
    if (row.credited === 0) throw new LedgerAccountMissingError(m.to);
    return { ...m, id: String(row.id), createdAt: row.created_at };
  }
}

/**
 * `captureMany`'s one statement for every hold that is open and covers its amount, its holds
 * already locked: the debit, the credit to revenue (once, the sum), one transfer per hold and
 * the build's spent. $1 hold ids, $2 amounts, $3 the revenue account. Build rows are changed
 * after their holds, revenue after all of them, as everyone does (see `lockHold`); foreign
 * keys are checked at the statement's end. Answers what each hold paid.
 */
const CAPTURE_COVERED = `
  WITH req AS (
    SELECT * FROM unnest($1::text[], $2::bigint[]) AS r(hold_id, amount)
  ), debited AS (
    UPDATE ledger_accounts la SET balance = la.balance - req.amount
    FROM req
    WHERE la.id = req.hold_id AND la.released_at IS NULL AND la.balance >= req.amount
    RETURNING la.id, la.build_id, la.account_id, req.amount
  ), revenue AS (
    UPDATE ledger_accounts SET balance = balance + (SELECT sum(amount) FROM debited)
    WHERE id = $3 AND EXISTS (SELECT 1 FROM debited)
  ), transfer AS (
    INSERT INTO transfers (from_account, to_account, amount, operation, reason, account_id, build_id)
    SELECT d.id, $3, d.amount, 'usage', 'usage', d.account_id, d.build_id FROM debited d
  ), spent AS (
    UPDATE builds b SET spent_micro = b.spent_micro + d.amount, updated_at = now()
    FROM debited d WHERE b.id = d.build_id
  )
  SELECT build_id, amount::text FROM debited`;

const min = (a: bigint, b: bigint) => (a < b ? a : b);

const uncharged = (buildId: string): CaptureResult => ({
  buildId,
  capturedMicro: 0n,
  extendedMicro: 0n,
  shortfallMicro: 0n,
});

function toTransfer(r: Record<string, unknown>): TransferRecord {
  return {
    id: String(r.id),
    from: r.from_account as string,
    to: r.to_account as string,
    amountMicro: BigInt(r.amount as string),
    operation: r.operation as CreditOperation,
    reason: r.reason as string,
    accountId: (r.account_id as string | null) ?? null,
    buildId: (r.build_id as string | null) ?? null,
    createdAt: r.created_at as Date,
  };
}

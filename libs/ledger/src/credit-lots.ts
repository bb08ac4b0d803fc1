import type { DataSource, EntityManager } from 'typeorm';
import { LedgerService } from './ledger.service';
import { expiryReason, SYSTEM_REVENUE, walletId } from './ledger-ids';
import { replayLots, type LotEvent } from './lot-replay';
import type { Balance, TransferRecord } from './ledger.types';

export interface LotExpiry {
  /** The lot's grant transfer id. */
  lotId: string;
  accountId: string;
  /** What the expiry took from the wallet; 0 when the lot was spent or its rest sits in holds. */
  expiredMicro: bigint;
  transfer: TransferRecord | null;
  balance: Balance;
}

/**
 * Expiring grants (table credit_lots). A lot's unspent remainder is found by replaying the account's
 * history (`replayLots`); its expiry takes that much back from the wallet, or what the wallet has when
 * running builds hold the rest: those credits stay with their build and come back as ordinary credits.
 */
export class CreditLots {
  private readonly ledger: LedgerService;

  constructor(private readonly dataSource: DataSource) {
    this.ledger = new LedgerService(dataSource);
  }

  /** Lots whose expiry has passed and that are not settled yet, soonest first. */
  async due(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT grant_transfer_id::text AS id FROM credit_lots
       WHERE settled_at IS NULL AND expires_at <= now() ORDER BY expires_at, grant_transfer_id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Settles one due lot in one transaction: the lot is locked with SKIP LOCKED (another billing instance
   * settling it at the same moment makes this answer null, as does a lot already settled or not yet due),
   * then the wallet, so the history read after them and the amount moved agree with each other.
   */
  expire(lotId: string): Promise<LotExpiry | null> {
    return this.ledger.transaction(async (tx) => {
      const [lot]: { account_id: string }[] = await tx.query(
        `SELECT account_id FROM credit_lots
         WHERE grant_transfer_id = $1 AND settled_at IS NULL AND expires_at <= now() FOR UPDATE SKIP LOCKED`,
        [lotId],
      );
      if (!lot) return null;
      const accountId = lot.account_id;
      const wallet = await this.ledger.lockWallet(tx, accountId);
      const remainder = replayLots(await this.history(tx, accountId)).get(lotId) ?? 0n;
      const expiredMicro = remainder < wallet ? remainder : wallet;
      const transfer =
        expiredMicro > 0n
          ? await this.ledger.expire(tx, { accountId, lotId, amountMicro: expiredMicro })
          : null;
      await tx.query(
        `UPDATE credit_lots SET settled_at = now(), expired_micro = $2 WHERE grant_transfer_id = $1`,
        [lotId, expiredMicro.toString()],
      );
      return { lotId, accountId, expiredMicro, transfer, balance: await this.ledger.balance(accountId, tx) };
    });
  }

  /**
   * The account's lots, captures, refunds of captured usage and expiries in booking order, from its first
   * lot on (nothing booked before it can touch a lot). Times in µs, exact.
   */
  private async history(tx: EntityManager, accountId: string): Promise<LotEvent[]> {
    const rows: {
      kind: LotEvent['kind'];
      lot_id: string | null;
      build_id: string | null;
      amount: string | null;
      at: string;
      expires_at: string | null;
    }[] = await tx.query(
      `WITH lots AS (SELECT * FROM credit_lots WHERE account_id = $1)
         SELECT kind, lot_id, build_id, amount::text, at, expires_at FROM (
           SELECT 'lot' AS kind, t.id, l.grant_transfer_id::text AS lot_id, NULL::uuid AS build_id, l.amount_micro AS amount,
                  (extract(epoch FROM l.expires_at) * 1000000)::bigint::text AS expires_at, t.created_at
           FROM lots l JOIN transfers t ON t.id = l.grant_transfer_id
           UNION ALL
           SELECT CASE WHEN t.to_account = $2 THEN 'capture' ELSE 'refund' END, t.id, NULL, t.build_id, t.amount, NULL, t.created_at
           FROM transfers t
           WHERE t.account_id = $1 AND t.id >= (SELECT min(grant_transfer_id) FROM lots) AND t.build_id IS NOT NULL
             AND ((t.to_account = $2 AND t.operation = 'usage') OR (t.from_account = $2 AND t.to_account = $3))
           UNION ALL
           SELECT 'expiry', t.id, substring(t.reason FROM length($4::text) + 1), NULL, NULL, NULL, t.created_at
           FROM transfers t
           WHERE t.account_id = $1 AND t.operation = 'expiry' AND t.id >= (SELECT min(grant_transfer_id) FROM lots)
         ) h CROSS JOIN LATERAL (SELECT (extract(epoch FROM h.created_at) * 1000000)::bigint::text AS at) a
         ORDER BY h.id`,
      [accountId, SYSTEM_REVENUE, walletId(accountId), expiryReason('')],
    );
    return rows.map((r): LotEvent => {
      const at = BigInt(r.at);
      if (r.kind === 'lot')
        return {
          kind: 'lot',
          lotId: r.lot_id as string,
          amountMicro: BigInt(r.amount as string),
          expiresAt: BigInt(r.expires_at as string),
          at,
        };
      if (r.kind === 'expiry') return { kind: 'expiry', lotId: r.lot_id as string, at };
      return { kind: r.kind, buildId: r.build_id as string, amountMicro: BigInt(r.amount as string), at };
    });
  }
}

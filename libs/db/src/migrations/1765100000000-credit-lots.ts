import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credits granted with `expires_at`: one lot per such grant, keyed by its grant transfer. The wallet holds
 * them like any credits; the lot says how many and until when. Billing's sweeper settles a lot once it has
 * expired: `expired_micro` is what it took back from the wallet (its `expiry` transfer), `settled_at` when.
 */
export class CreditLots1765100000000 implements MigrationInterface {
  name = 'CreditLots1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credit_lots (
        grant_transfer_id bigint PRIMARY KEY REFERENCES transfers(id),
        account_id uuid NOT NULL REFERENCES accounts(id),
        amount_micro bigint NOT NULL CHECK (amount_micro > 0),
        expires_at timestamptz NOT NULL,
        settled_at timestamptz,
        expired_micro bigint,
        CONSTRAINT credit_lots_settled_with_amount CHECK ((settled_at IS NULL) = (expired_micro IS NULL)),
        CONSTRAINT credit_lots_expired_within_grant CHECK (expired_micro BETWEEN 0 AND amount_micro)
      );
      CREATE INDEX credit_lots_due_idx ON credit_lots (expires_at) WHERE settled_at IS NULL;
      CREATE INDEX credit_lots_account_idx ON credit_lots (account_id, grant_transfer_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE credit_lots`);
  }
}

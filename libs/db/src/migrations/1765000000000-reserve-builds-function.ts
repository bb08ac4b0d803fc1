import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Many build reservations in one statement (libs/ledger BuildReservations sends them), set-based so a hot
 * wallet is locked for as little as possible. Each item, in array order: a build id that exists already is a
 * 'duplicate' and writes nothing; otherwise the wallet covers it or not, as if the items before it had been
 * taken one by one ('reserved': the build with its frozen price table, its hold and the transfer stay, the
 * wallet pays; 'insufficient': nothing stays written). The builds are inserted before any wallet is locked;
 * each wallet is then locked once and debited once for all its items. The caller sorts the items by wallet
 * (so concurrent calls lock wallets in one order) and sends a build id at most once. Every item's answer
 * carries its account's wallet and open holds as they stand after the last item, so callers get a balance
 * without another round trip (one sum of holds per account, not per item).
 */
export class ReserveBuildsFunction1765000000000 implements MigrationInterface {
  name = 'ReserveBuildsFunction1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ledger_reserve_builds(
        p_build_ids uuid[], p_account_ids uuid[], p_wallet_ids text[], p_hold_ids text[], p_amounts bigint[],
        p_prompts text[], p_models jsonb[], p_price_tables jsonb[], p_estimates jsonb[]
      ) RETURNS TABLE (item int, result text, reserved_at timestamptz, available_micro bigint, held_micro bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        n int := coalesce(array_length(p_build_ids, 1), 0);
        results text[] := array_fill('duplicate'::text, ARRAY[n]);
        reserved timestamptz[];
        wallet text;
        available bigint;
        debit bigint := 0;
      BEGIN
        -- The builds first, before any wallet is locked: a build id that exists is a duplicate (its primary key
        -- makes a concurrent insert of the same id wait for the first to end, so never a refusal).
        WITH inserted AS (
          INSERT INTO builds (id, account_id, status, prompt, models, price_table, estimate, reserved_micro)
          SELECT id, acc, 'queued', prompt, models, price_table, estimate, amount
          FROM unnest(p_build_ids, p_account_ids, p_prompts, p_models, p_price_tables, p_estimates, p_amounts)
            AS u(id, acc, prompt, models, price_table, estimate, amount)
          ON CONFLICT (id) DO NOTHING
          RETURNING id, created_at
        )
        SELECT array_agg(inserted.created_at ORDER BY u.ord) INTO reserved
        FROM unnest(p_build_ids) WITH ORDINALITY AS u(id, ord) LEFT JOIN inserted ON inserted.id = u.id;
        -- Then each wallet once, locked in the callers' order, and the items decided against it in turn.
        FOR i IN 1 .. n LOOP
          CONTINUE WHEN reserved[i] IS NULL;
          IF wallet IS DISTINCT FROM p_wallet_ids[i] THEN
            IF debit > 0 THEN
              UPDATE ledger_accounts SET balance = balance - debit WHERE id = wallet;
            END IF;
            wallet := p_wallet_ids[i];
            debit := 0;
            SELECT balance INTO available FROM ledger_accounts WHERE id = wallet FOR NO KEY UPDATE;
          END IF;
          IF available >= p_amounts[i] THEN
            available := available - p_amounts[i];
            debit := debit + p_amounts[i];
            results[i] := 'reserved';
          ELSE
            results[i] := 'insufficient';
            reserved[i] := NULL;
          END IF;
        END LOOP;
        IF debit > 0 THEN
          UPDATE ledger_accounts SET balance = balance - debit WHERE id = wallet;
        END IF;
        DELETE FROM builds b USING unnest(p_build_ids, results) AS u(id, res) WHERE b.id = u.id AND u.res = 'insufficient';
        INSERT INTO ledger_accounts (id, kind, account_id, build_id, balance)
        SELECT hold, 'hold', acc, id, amount FROM unnest(p_hold_ids, p_account_ids, p_build_ids, p_amounts, results) AS u(hold, acc, id, amount, res)
        WHERE res = 'reserved';
        INSERT INTO transfers (from_account, to_account, amount, operation, reason, account_id, build_id)
        SELECT wallet_id, hold, amount, 'website_generation', 'build_hold', acc, id
        FROM unnest(p_wallet_ids, p_hold_ids, p_amounts, p_account_ids, p_build_ids, results) WITH ORDINALITY AS u(wallet_id, hold, amount, acc, id, res, ord)
        WHERE res = 'reserved' ORDER BY ord;
        RETURN QUERY
          WITH r AS (
            SELECT * FROM unnest(results, reserved, p_account_ids, p_wallet_ids) WITH ORDINALITY AS t(res, at, acc, wallet, ord)
          ), held AS (
            SELECT a.acc, coalesce(sum(h.balance), 0)::bigint AS total
            FROM (SELECT DISTINCT acc FROM r) a
            LEFT JOIN ledger_accounts h ON h.kind = 'hold' AND h.account_id = a.acc AND h.released_at IS NULL
            GROUP BY a.acc
          )
          SELECT r.ord::int, r.res, r.at, coalesce(w.balance, 0)::bigint, held.total
          FROM r JOIN held ON held.acc = r.acc LEFT JOIN ledger_accounts w ON w.id = r.wallet
          ORDER BY r.ord;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP FUNCTION ledger_reserve_builds(uuid[], uuid[], text[], text[], bigint[], text[], jsonb[], jsonb[], jsonb[])`,
    );
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Many build reservations in one statement (libs/ledger BuildReservations sends them). Each item, in array
 * order: a build id that exists already is a 'duplicate' and writes nothing; otherwise the wallet is debited
 * only if it stays non-negative, and then the build (with its frozen price table), its hold and the transfer
 * stay ('reserved'); else nothing stays written ('insufficient'). Items are independent, as if
 * each ran alone in that order; the caller orders them by wallet so concurrent calls lock wallets in one
 * order. Every item's answer carries its account's wallet and open holds as they stand after the last item,
 * so callers get a balance without another round trip (and one sum of holds per account, not per item).
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
        results text[] := array_fill(NULL::text, ARRAY[n]);
        reserved timestamptz[] := array_fill(NULL::timestamptz, ARRAY[n]);
        created timestamptz;
      BEGIN
        FOR i IN 1 .. n LOOP
          -- The build first: its primary key makes a concurrent insert of the same id wait for the first to end,
          -- so a second reservation of a build is always a duplicate, never a refusal.
          INSERT INTO builds (id, account_id, status, prompt, models, price_table, estimate, reserved_micro)
          VALUES (p_build_ids[i], p_account_ids[i], 'queued', p_prompts[i], p_models[i], p_price_tables[i], p_estimates[i], p_amounts[i])
          ON CONFLICT (id) DO NOTHING
          RETURNING created_at INTO created;
          IF NOT FOUND THEN
            results[i] := 'duplicate';
            CONTINUE;
          END IF;
          UPDATE ledger_accounts SET balance = balance - p_amounts[i] WHERE id = p_wallet_ids[i] AND balance >= p_amounts[i];
          IF NOT FOUND THEN
            DELETE FROM builds WHERE id = p_build_ids[i];
            results[i] := 'insufficient';
            CONTINUE;
          END IF;
          INSERT INTO ledger_accounts (id, kind, account_id, build_id, balance)
          VALUES (p_hold_ids[i], 'hold', p_account_ids[i], p_build_ids[i], p_amounts[i]);
          INSERT INTO transfers (from_account, to_account, amount, operation, reason, account_id, build_id)
          VALUES (p_wallet_ids[i], p_hold_ids[i], p_amounts[i], 'website_generation', 'build_hold', p_account_ids[i], p_build_ids[i]);
          results[i] := 'reserved';
          reserved[i] := created;
        END LOOP;
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
    await q.query(`DROP FUNCTION ledger_reserve_builds(uuid[], uuid[], text[], text[], bigint[], text[], jsonb[], jsonb[], jsonb[])`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * usage_events is billing's hottest table: every LLM call is one row, inserted
 * in batches. Its two foreign keys cost a row lock on the referenced build and
 * account per inserted row, which tripled the insert's cost (bench/billing).
 * Billing checks every event against its build (existence and owner) before the
 * insert, and builds and accounts are never deleted, so the keys guarded nothing
 * billing does not already guard. The money tables keep theirs.
 */
export class UsageEventsWithoutForeignKeys1764950000000 implements MigrationInterface {
  name = 'UsageEventsWithoutForeignKeys1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE usage_events
        DROP CONSTRAINT IF EXISTS usage_events_build_id_fkey,
        DROP CONSTRAINT IF EXISTS usage_events_account_id_fkey
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE usage_events
        ADD CONSTRAINT usage_events_build_id_fkey FOREIGN KEY (build_id) REFERENCES builds(id),
        ADD CONSTRAINT usage_events_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id)
    `);
  }
}

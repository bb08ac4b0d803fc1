import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `final_events_at`: when a settled build's final events were sent and its timeline copied to
 * build_events. Settling commits first and sends after; a failure in between (Redis or Postgres
 * refusing for a moment) used to leave the build settled and silent for good, since everything
 * that retries looks for unsettled builds. Billing's sweeper now sends again for builds settled a
 * while ago and still without it; the partial index keeps that lookup to those few rows. Builds
 * settled before this column existed are taken as done.
 */
export class FinalEventsMarker1765200000000 implements MigrationInterface {
  name = 'FinalEventsMarker1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE builds ADD COLUMN final_events_at timestamptz`);
    await q.query(`UPDATE builds SET final_events_at = settled_at WHERE settled_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX builds_final_events_due_idx ON builds (settled_at)
       WHERE settled_at IS NOT NULL AND final_events_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX builds_final_events_due_idx`);
    await q.query(`ALTER TABLE builds DROP COLUMN final_events_at`);
  }
}

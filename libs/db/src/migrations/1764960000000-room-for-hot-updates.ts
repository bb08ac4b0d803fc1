import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hold balances and builds' spent figures are updated on every usage batch. With
 * full pages most of those updates could not stay on the row's page (no HOT update)
 * and wrote new entries into every index of the table; leaving 30% of each page free
 * lets nearly all of them be HOT (measured: 65% → 99% on bench/billing's run).
 */
export class RoomForHotUpdates1764960000000 implements MigrationInterface {
  name = 'RoomForHotUpdates1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE builds SET (fillfactor = 70)`);
    await q.query(`ALTER TABLE ledger_accounts SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE builds RESET (fillfactor)`);
    await q.query(`ALTER TABLE ledger_accounts RESET (fillfactor)`);
  }
}

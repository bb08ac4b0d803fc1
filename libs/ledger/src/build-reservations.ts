import { Batcher, runByUniqueKey, type BatcherOptions } from '@autowebiq/db';
import type { DataSource } from 'typeorm';
import { holdId, walletId } from './ledger-ids';
import type { Balance, NewBuildReservation } from './ledger.types';
import { retryOnConflict } from './postgres-errors';

export type BuildReservationResult =
  /** `balance`: the account right after the statement that made this hold (it includes the hold). */
  | { kind: 'reserved'; balance: Balance; createdAt: Date }
  /** Nothing written; `balance` is what the wallet could not cover. */
  | { kind: 'insufficient'; balance: Balance }
  /** A build with this id exists already (so it was reserved then); nothing written now. */
  | { kind: 'duplicate' };

interface Row {
  item: number;
  result: 'reserved' | 'insufficient' | 'duplicate';
  reserved_at: Date | null;
  available_micro: string;
  held_micro: string;
}

/**
 * New builds' holds, many per statement. Each reservation debits the wallet only if it stays non-negative
 * and, only then, keeps the build with its frozen price table, its hold and the transfer (Postgres
 * function `ledger_reserve_builds`, migration 1765000000000: the ledger SQL of a reservation). Concurrent callers share statements through
 * a Batcher: under load one round trip and one commit serve a whole batch, which is what lets a hot wallet
 * take more reservations per second than one statement each could (bench/reserve).
 */
export class BuildReservations {
  private readonly batcher: Batcher<NewBuildReservation, BuildReservationResult>;

  constructor(
    private readonly dataSource: DataSource,
    options: BatcherOptions = { maxBatch: 256, maxConcurrent: 4 },
  ) {
    this.batcher = new Batcher((items) => this.reserveMany(items), options);
  }

  reserve(b: NewBuildReservation): Promise<BuildReservationResult> {
    if (b.amountMicro <= 0n)
      return Promise.reject(new RangeError(`Hold amount must be positive, got ${b.amountMicro}`));
    return this.batcher.submit(b);
  }

  /**
   * One statement for the batch, items ordered by wallet so that concurrent statements lock wallets in one
   * order. A build id twice in one batch (the same request resumed twice at once) goes in a second statement,
   * where it meets the first and is a duplicate.
   */
  private reserveMany(items: NewBuildReservation[]): Promise<BuildReservationResult[]> {
    return runByUniqueKey(
      items,
      (b) => b.buildId,
      (a, b) => compare(walletId(a.accountId), walletId(b.accountId)),
      (unique) => this.statement(unique),
    );
  }

  private async statement(items: NewBuildReservation[]): Promise<BuildReservationResult[]> {
    const params = [
      items.map((b) => b.buildId),
      items.map((b) => b.accountId),
      items.map((b) => walletId(b.accountId)),
      items.map((b) => holdId(b.buildId)),
      items.map((b) => b.amountMicro.toString()),
      items.map((b) => b.prompt),
      items.map((b) => JSON.stringify(b.models)),
      items.map((b) => JSON.stringify(b.priceTable)),
      items.map((b) => JSON.stringify(b.estimate)),
    ];
    const rows: Row[] = await retryOnConflict(() =>
      // A fresh config each time: pg writes the values into the object it is given.
      this.dataSource.query({ ...RESERVE_BUILDS, values: params } as unknown as string),
    );
    return rows.map(toResult);
  }
}

/** A named statement: pg parses it once per connection. */
const RESERVE_BUILDS = {
  name: 'ledger_reserve_builds',
  text: `SELECT * FROM ledger_reserve_builds($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::jsonb[], $8::jsonb[], $9::jsonb[])`,
};

function toResult(row: Row): BuildReservationResult {
  if (row.result === 'duplicate') return { kind: 'duplicate' };
  const availableMicro = BigInt(row.available_micro);
  const heldMicro = BigInt(row.held_micro);
  const balance = { availableMicro, heldMicro, totalMicro: availableMicro + heldMicro };
  return row.result === 'reserved'
    ? { kind: 'reserved', balance, createdAt: row.reserved_at as Date }
    : { kind: 'insufficient', balance };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

import { priceTableSchema, type PriceTable } from '@autowebiq/contracts';
import type { DataSource } from 'typeorm';

export interface BuildPricing {
  accountId: string;
  /** Frozen when the build was requested, so it can be cached for the build's whole life. */
  priceTable: PriceTable;
}

/**
 * A build's owner and frozen price table, cached: neither ever changes, and a busy
 * stream touches the same builds batch after batch. Evicts oldest first. Builds
 * share a handful of tables (the table in force when each was requested), so each
 * distinct table is checked against the schema once, not once per build; and batches
 * in flight at once that miss the same builds (a fresh process) wait for one read.
 */
export class BuildPriceCache {
  private readonly entries = new Map<string, BuildPricing>();
  private readonly loading = new Map<string, Promise<BuildPricing | undefined>>();
  private readonly tables = new Map<string, PriceTable>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxEntries = 20_000,
    private readonly maxTables = 100,
  ) {}

  /** The builds that exist, by id; unknown ids are simply absent. */
  async getMany(buildIds: Iterable<string>): Promise<Map<string, BuildPricing>> {
    const found = new Map<string, BuildPricing>();
    const missing: string[] = [];
    const waiting: [string, Promise<BuildPricing | undefined>][] = [];
    for (const id of new Set(buildIds)) {
      const hit = this.entries.get(id);
      if (hit) found.set(id, hit);
      else {
        const pending = this.loading.get(id);
        if (pending) waiting.push([id, pending]);
        else missing.push(id);
      }
    }
    if (missing.length > 0) {
      const read = this.read(missing);
      for (const id of missing) {
        const one = read.then((rows) => rows.get(id));
        this.loading.set(id, one);
        waiting.push([id, one]);
      }
      void read.finally(() => missing.forEach((id) => this.loading.delete(id))).catch(() => undefined);
    }
    // All at once, so a failed read rejects every waiter here (none is left unobserved).
    const loaded = await Promise.all(waiting.map(([, pending]) => pending));
    waiting.forEach(([id], i) => {
      const pricing = loaded[i];
      if (pricing) found.set(id, pricing);
    });
    return found;
  }

  private async read(ids: string[]): Promise<Map<string, BuildPricing>> {
    const rows: { id: string; account_id: string; price_table: string }[] = await this.dataSource.query(
      `SELECT id, account_id, price_table::text AS price_table FROM builds WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const read = new Map<string, BuildPricing>();
    for (const r of rows) {
      const pricing = { accountId: r.account_id, priceTable: this.table(r.price_table) };
      read.set(r.id, pricing);
      this.remember(r.id, pricing);
    }
    return read;
  }

  private table(text: string): PriceTable {
    let table = this.tables.get(text);
    if (!table) {
      table = priceTableSchema.parse(JSON.parse(text));
      if (this.tables.size >= this.maxTables) this.tables.clear();
      this.tables.set(text, table);
    }
    return table;
  }

  private remember(id: string, pricing: BuildPricing): void {
    this.entries.set(id, pricing);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

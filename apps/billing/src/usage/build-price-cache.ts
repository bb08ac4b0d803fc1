import { priceTableSchema, type PriceTable } from '@autowebiq/contracts';
import type { DataSource } from 'typeorm';

export interface BuildPricing {
  accountId: string;
  /** Frozen when the build was requested, so it can be cached for the build's whole life. */
  priceTable: PriceTable;
}

/**
 * A build's owner and frozen price table, cached: neither ever changes, and a busy
 * stream touches the same builds batch after batch. Evicts oldest first.
 */
export class BuildPriceCache {
  private readonly entries = new Map<string, BuildPricing>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxEntries = 20_000,
  ) {}

  /** The builds that exist, by id; unknown ids are simply absent. */
  async getMany(buildIds: Iterable<string>): Promise<Map<string, BuildPricing>> {
    const found = new Map<string, BuildPricing>();
    const missing: string[] = [];
    for (const id of new Set(buildIds)) {
      const hit = this.entries.get(id);
      if (hit) found.set(id, hit);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows: { id: string; account_id: string; price_table: unknown }[] = await this.dataSource.query(
        `SELECT id, account_id, price_table FROM builds WHERE id = ANY($1::uuid[])`,
        [missing],
      );
      for (const r of rows) {
        const pricing = { accountId: r.account_id, priceTable: priceTableSchema.parse(r.price_table) };
        found.set(r.id, pricing);
        this.remember(r.id, pricing);
      }
    }
    return found;
  }

  private remember(id: string, pricing: BuildPricing): void {
    this.entries.set(id, pricing);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

import { DEFAULT_PRICE_TABLE } from '@autowebiq/pricing';
import type { DataSource } from 'typeorm';
import { BuildPriceCache } from './build-price-cache';

/** A DataSource that knows some builds, counts its reads, and answers when told to. */
function fakeDataSource(known: Record<string, string>) {
  const reads: string[][] = [];
  let fail = false;
  const query = async (_sql: string, [ids]: [string[]]) => {
    reads.push(ids);
    await new Promise((r) => setTimeout(r, 5));
    if (fail) {
      fail = false;
      throw new Error('database is down');
    }
    return ids
      .filter((id) => known[id])
      .map((id) => ({ id, account_id: known[id], price_table: JSON.stringify(DEFAULT_PRICE_TABLE) }));
  };
  return { dataSource: { query } as unknown as DataSource, reads, failNext: () => (fail = true) };
}

describe('BuildPriceCache', () => {
  it('reads each build once, even for batches that miss it at the same time, and leaves unknown builds out', async () => {
    const db = fakeDataSource({ b1: 'a1', b2: 'a2' });
    const cache = new BuildPriceCache(db.dataSource);
    const [first, second] = await Promise.all([
      cache.getMany(['b1', 'b2', 'b1']),
      cache.getMany(['b2', 'b3']),
    ]);
    expect(db.reads).toEqual([['b1', 'b2'], ['b3']]);
    expect([...first.keys()]).toEqual(['b1', 'b2']);
    expect([...second.keys()]).toEqual(['b2']);
    expect(first.get('b1')).toEqual({ accountId: 'a1', priceTable: DEFAULT_PRICE_TABLE });
    // One table checked once: both builds share it.
    expect(first.get('b1')?.priceTable).toBe(first.get('b2')?.priceTable);
    await cache.getMany(['b1', 'b2']);
    expect(db.reads).toHaveLength(2);
  });

  it('fails every batch waiting on a read that failed, and reads again next time', async () => {
    const db = fakeDataSource({ b1: 'a1' });
    const cache = new BuildPriceCache(db.dataSource);
    db.failNext();
    const results = await Promise.allSettled([cache.getMany(['b1']), cache.getMany(['b1'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(db.reads).toHaveLength(1);
    expect((await cache.getMany(['b1'])).get('b1')?.accountId).toBe('a1');
    expect(db.reads).toHaveLength(2);
  });
});

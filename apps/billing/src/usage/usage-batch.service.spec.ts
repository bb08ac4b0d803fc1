import type { StreamEntry } from '@autowebiq/bus';
import { AgentMessages, usageEventId, type UsageEvent } from '@autowebiq/contracts';
import { checkInvariants, LedgerService } from '@autowebiq/ledger';
import { creditsToMicro, DEFAULT_PRICE_TABLE, priceUsage } from '@autowebiq/pricing';
import { createTestDatabase, insertAccount, insertBuildRow, type TestDatabase } from '@autowebiq/testing';
import { BuildPriceCache } from './build-price-cache';
import { UsageBatchService } from './usage-batch.service';

jest.setTimeout(30_000);

describe('UsageBatchService: one transaction per batch, exactly once', () => {
  let db: TestDatabase;
  let ledger: LedgerService;

  beforeAll(async () => {
    db = await createTestDatabase('usagebatch');
    ledger = new LedgerService(db.dataSource);
  });

  afterAll(async () => {
    await db.drop();
  });

  async function fundedBuilds(count: number): Promise<{ accountId: string; buildId: string }[]> {
    const accountId = await insertAccount(db.dataSource, 1000);
    const builds = [];
    for (let i = 0; i < count; i++) {
      const buildId = await ledger.transaction(async (tx) => {
        const id = await insertBuildRow(tx, accountId);
        await ledger.reserve(tx, { accountId, buildId: id, amountMicro: creditsToMicro(100) });
        return id;
      });
      builds.push({ accountId, buildId });
    }
    return builds;
  }

  it('dead-letters only the entries the database rejects, in a few transactions, and charges the rest once', async () => {
    const builds = await fundedBuilds(3);
    const events: UsageEvent[] = Array.from({ length: 42 }, (_, i) => {
      const { accountId, buildId } = builds[i % 3];
      return {
        event_id: usageEventId(buildId, 'frontend', 1, i),
        build_id: buildId,
        account_id: accountId,
        agent: 'frontend',
        model: 'gpt-5',
        attempt: 1,
        call_index: i,
        input_tokens: 100 + i,
        output_tokens: 50,
        images: 0,
        duration_ms: 10,
        // JavaScript takes "1" for a date (2001); Postgres does not: it gets past validation.
        ts: i === 7 || i === 30 ? '1' : new Date().toISOString(),
      };
    });
    const entries: StreamEntry[] = events.map((e, i) => ({
      id: `1-${i}`,
      fields: { data: JSON.stringify(e) },
    }));
    const good = events.filter((e) => e.ts !== '1');
    const expected = good.reduce((acc, e) => acc + priceUsage(DEFAULT_PRICE_TABLE, e), 0n);
    const service = new UsageBatchService(ledger, new BuildPriceCache(db.dataSource), new AgentMessages());
    const transactions = jest.spyOn(ledger, 'transaction');

    const first = await service.bill(entries);
    expect(first.inserted).toBe(good.length);
    expect(first.deadLetters.map((d) => d.id)).toEqual(['1-7', '1-30']);
    for (const d of first.deadLetters) expect(d.reason).toMatch(/^rejected by the database: /);
    expect(first.captures.reduce((acc, c) => acc + c.capturedMicro, 0n)).toBe(expected);
    // Halving down to the two bad entries: about 2 × 2 × log2(42) transactions, not one per entry.
    expect(transactions.mock.calls.length).toBeLessThanOrEqual(2 * 2 * Math.ceil(Math.log2(entries.length)));

    // Delivered again (a redelivery, another instance): nothing more is charged.
    const again = await service.bill(entries);
    expect(again.inserted).toBe(0);
    expect(again.duplicates).toBe(good.length);
    expect(again.captures.reduce((acc, c) => acc + c.capturedMicro, 0n)).toBe(0n);

    const [{ spent }] = await db.dataSource.query(
      `SELECT sum(spent_micro)::text AS spent FROM builds WHERE id = ANY($1::uuid[])`,
      [builds.map((b) => b.buildId)],
    );
    expect(BigInt(spent)).toBe(expected);
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });
  it('records usage that arrives after its build settled, charges nothing, and says how much that was', async () => {
    const [open, settled] = await fundedBuilds(2);
    await ledger.transaction((tx) =>
      ledger.release(tx, { buildId: settled.buildId, reason: 'build_completed' }),
    );
    const event = (b: { accountId: string; buildId: string }, i: number): UsageEvent => ({
      event_id: usageEventId(b.buildId, 'testing', 2, i),
      build_id: b.buildId,
      account_id: b.accountId,
      agent: 'testing',
      model: 'gpt-4o',
      attempt: 2,
      call_index: i,
      input_tokens: 300,
      output_tokens: 200,
      images: 0,
      duration_ms: 10,
      ts: new Date().toISOString(),
    });
    const events = [event(open, 0), event(settled, 0), event(settled, 1)];
    const service = new UsageBatchService(ledger, new BuildPriceCache(db.dataSource), new AgentMessages());

    const outcome = await service.bill(
      events.map((e, i) => ({ id: `2-${i}`, fields: { data: JSON.stringify(e) } })),
    );

    const price = priceUsage(DEFAULT_PRICE_TABLE, events[0]);
    expect(outcome.inserted).toBe(3);
    const byBuild = new Map(outcome.captures.map((c) => [c.buildId, c]));
    expect(byBuild.get(open.buildId)).toMatchObject({ capturedMicro: price, afterSettleMicro: 0n });
    expect(byBuild.get(settled.buildId)).toMatchObject({
      capturedMicro: 0n,
      shortfallMicro: 0n,
      afterSettleMicro: 2n * price,
    });
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });
});

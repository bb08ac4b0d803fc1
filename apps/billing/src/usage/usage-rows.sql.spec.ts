import { usageEventId, type UsageEvent } from '@autowebiq/contracts';
import { createTestDatabase, type TestDatabase } from '@autowebiq/testing';
import { randomUUID } from 'node:crypto';
import { insertUsageRowsSql, usageRowParams, type PricedUsage } from './usage-rows.sql';

jest.setTimeout(30_000);

describe('usage rows: the batch INSERT and its array literals', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('usagerows');
  });

  afterAll(async () => {
    await db.drop();
  });

  const row = (call: number, model: string, ts: string, creditsMicro = 1n): PricedUsage => {
    const buildId = randomUUID();
    const accountId = randomUUID();
    const event: UsageEvent = {
      event_id: usageEventId(buildId, 'testing', 3, call),
      build_id: buildId,
      account_id: accountId,
      agent: 'testing',
      model,
      attempt: 3,
      call_index: call,
      input_tokens: 2_147_483_647,
      output_tokens: 0,
      images: 1,
      duration_ms: 5,
      ts,
    };
    return { event, accountId, creditsMicro };
  };

  it('stores free-text values exactly, whatever characters they hold, and skips an event id stored before', async () => {
    const odd = ['say "hi"', 'back\\slash', 'a,b', '{braces}', 'NULL', ' spaced ', 'ünïcödé ✓', "it's"];
    const rows = odd.map((model, i) =>
      row(i, model, '2026-12-04T10:00:00.123+02:00', 9_007_199_254_740_993n),
    );
    const sql = `WITH ins AS (${insertUsageRowsSql()} RETURNING event_id) SELECT count(*)::int AS n FROM ins`;
    expect(await db.dataSource.query(sql, usageRowParams(rows))).toEqual([{ n: odd.length }]);
    // The same rows again plus one new: only the new one is inserted.
    const again = [...rows, row(99, 'gpt-5', '2026-12-04T08:00:00Z')];
    expect(await db.dataSource.query(sql, usageRowParams(again))).toEqual([{ n: 1 }]);

    const stored: Record<string, unknown>[] = await db.dataSource.query(
      `SELECT event_id, build_id, account_id, agent, model, attempt, call_index, input_tokens, output_tokens,
              images, credits_micro::text AS credits, duration_ms, occurred_at
       FROM usage_events WHERE event_id = ANY($1::text[]) ORDER BY call_index`,
      [again.map((r) => r.event.event_id)],
    );
    expect(stored).toEqual(
      again.map(({ event: e, creditsMicro }) => ({
        event_id: e.event_id,
        build_id: e.build_id,
        account_id: e.account_id,
        agent: e.agent,
        model: e.model,
        attempt: e.attempt,
        call_index: e.call_index,
        input_tokens: e.input_tokens,
        output_tokens: e.output_tokens,
        images: e.images,
        credits: creditsMicro.toString(),
        duration_ms: e.duration_ms,
        occurred_at: new Date(e.ts),
      })),
    );
  });
});

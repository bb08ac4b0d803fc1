import { checkInvariants } from '@autowebiq/ledger';
import { createAccount, startPlatform, type Platform, type TestAccount } from '@autowebiq/testing';
import type { DataSource } from 'typeorm';
import { call, ledgerCheck } from './gateway-support';

jest.setTimeout(180_000);

/** A hold with every µcr digit in use, so any rounding anywhere shows. */
const HOLD = 2.345678;
const HOLD_MICRO = 2_345_678n;
const AFFORDABLE = 37;
const REQUESTS = 200;
/** 37 holds plus one µcr short of a 38th. */
const LEFT_OVER_MICRO = HOLD_MICRO - 1n;
const INITIAL_MICRO = BigInt(AFFORDABLE) * HOLD_MICRO + LEFT_OVER_MICRO;
const credits = (micro: bigint) => Number(micro) / 1e6;

describe('gateway: reservations under concurrency and idempotency (real gateway process, Postgres, Redis)', () => {
  let platform: Platform;
  let ds: DataSource;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['api-gateway'], label: 'gwreserve', env: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' } });
    ds = platform.db!.dataSource;
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const counts = async (accountId: string) => {
    const [row] = await ds.query(
      `SELECT (SELECT count(*) FROM builds WHERE account_id = $1)::int AS builds,
              (SELECT count(*) FROM ledger_accounts WHERE kind = 'hold' AND account_id = $1)::int AS holds,
              (SELECT count(*) FROM transfers WHERE account_id = $1 AND operation = 'website_generation')::int AS hold_transfers`,
      [accountId],
    );
    return row as { builds: number; holds: number; hold_transfers: number };
  };

  it(`200 concurrent POST /v1/builds on an account that affords exactly ${AFFORDABLE}: ${AFFORDABLE} × 202, the rest 402, exact to the µcr`, async () => {
    const acct = await createAccount(platform.gatewayUrl, platform.adminToken, credits(INITIAL_MICRO), 'concurrency');
    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        call(platform.gatewayUrl, 'POST', '/v1/builds', { key: acct.apiKey, body: { prompt: `a bakery website number ${i}`, max_credits: HOLD } }),
      ),
    );
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 402);
    expect(accepted).toHaveLength(AFFORDABLE);
    expect(refused).toHaveLength(REQUESTS - AFFORDABLE);
    for (const a of accepted) {
      expect(a.body.build.status).toBe('queued');
      expect(a.body.build.reserved_micro).toBe(HOLD_MICRO.toString());
    }
    expect(new Set(accepted.map((a) => a.body.build.id)).size).toBe(AFFORDABLE);
    for (const r of refused) {
      expect(r.body.error.code).toBe('insufficient_credits');
      expect(r.body.error.message).toMatch(/^needs 2\.35 credits, you have \d+\.\d\d$/);
      expect(r.body.error.details.required_micro).toBe(HOLD_MICRO.toString());
      expect(r.body.error.details.required).toBe(HOLD);
      expect(BigInt(r.body.error.details.available_micro)).toBeLessThan(HOLD_MICRO);
    }

    const balance = await call(platform.gatewayUrl, 'GET', '/v1/balance', { key: acct.apiKey });
    expect(balance.body).toEqual({
      credits: credits(LEFT_OVER_MICRO),
      held: credits(BigInt(AFFORDABLE) * HOLD_MICRO),
      total: credits(INITIAL_MICRO),
      credits_micro: LEFT_OVER_MICRO.toString(),
      held_micro: (BigInt(AFFORDABLE) * HOLD_MICRO).toString(),
      total_micro: INITIAL_MICRO.toString(),
    });
    // A refused request wrote nothing: no build row, no hold account, no transfer.
    expect(await counts(acct.account.id)).toEqual({ builds: AFFORDABLE, holds: AFFORDABLE, hold_transfers: AFFORDABLE });
    const report = await checkInvariants(ds);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  describe('Idempotency-Key', () => {
    let acct: TestAccount;
    beforeAll(async () => {
      acct = await createAccount(platform.gatewayUrl, platform.adminToken, 100, 'idempotency');
    });

    it('the same key and body replays the first answer byte for byte and holds once; another body is 409', async () => {
      const body = { prompt: 'a florist website', max_credits: 5 };
      const first = await call(platform.gatewayUrl, 'POST', '/v1/builds', { key: acct.apiKey, body, idempotencyKey: 'same-key-1' });
      const again = await call(platform.gatewayUrl, 'POST', '/v1/builds', { key: acct.apiKey, body, idempotencyKey: 'same-key-1' });
      expect(first.status).toBe(202);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.text).toBe(first.text);
      // Key order of the body does not make it another request.
      const reordered = await call(platform.gatewayUrl, 'POST', '/v1/builds', {
        key: acct.apiKey,
        raw: '{"max_credits":5,"prompt":"a florist website"}',
        idempotencyKey: 'same-key-1',
      });
      expect(reordered.text).toBe(first.text);

      const other = await call(platform.gatewayUrl, 'POST', '/v1/builds', {
        key: acct.apiKey,
        body: { prompt: 'a florist website', max_credits: 6 },
        idempotencyKey: 'same-key-1',
      });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('idempotency_conflict');
      expect(await counts(acct.account.id)).toMatchObject({ builds: 1, holds: 1 });
      const balance = await call(platform.gatewayUrl, 'GET', '/v1/balance', { key: acct.apiKey });
      expect(balance.body.credits_micro).toBe('95000000');
    });

    it('20 concurrent requests with one key make one hold; the others replay it or are told it is in progress', async () => {
      const before = await counts(acct.account.id);
      const body = { prompt: 'a bike shop website', max_credits: 3 };
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => call(platform.gatewayUrl, 'POST', '/v1/builds', { key: acct.apiKey, body, idempotencyKey: 'burst-key' })),
      );
      const ok = answers.filter((a) => a.status === 202);
      const busy = answers.filter((a) => a.status === 409);
      expect(ok.length + busy.length).toBe(20);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(new Set(ok.map((a) => a.body.build.id)).size).toBe(1);
      for (const b of busy) {
        expect(b.body.error.code).toBe('idempotency_in_progress');
        expect(b.headers.get('retry-after')).toBe('1');
      }
      const after = await counts(acct.account.id);
      expect(after.builds - before.builds).toBe(1);
      expect(after.holds - before.holds).toBe(1);
      // Once the first finished, every retry replays it.
      const retry = await call(platform.gatewayUrl, 'POST', '/v1/builds', { key: acct.apiKey, body, idempotencyKey: 'burst-key' });
      expect(retry.status).toBe(202);
      expect(retry.body.build.id).toBe(ok[0].body.build.id);
    });

    it('a 402 is stored and replayed too; keys are scoped per account', async () => {
      const body = { prompt: 'a castle website', max_credits: 10_000 };
      const first = await call(platform.gatewayUrl, 'POST', '/v1/builds', { key: acct.apiKey, body, idempotencyKey: 'poor-key' });
      const again = await call(platform.gatewayUrl, 'POST', '/v1/builds', { key: acct.apiKey, body, idempotencyKey: 'poor-key' });
      expect(first.status).toBe(402);
      expect(again.status).toBe(402);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.text).toBe(first.text);

      const stranger = await createAccount(platform.gatewayUrl, platform.adminToken, 50, 'stranger');
      const theirs = await call(platform.gatewayUrl, 'POST', '/v1/builds', {
        key: stranger.apiKey,
        body: { prompt: 'a florist website', max_credits: 5 },
        idempotencyKey: 'same-key-1',
      });
      expect(theirs.status).toBe(202);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    });

    it('an admin grant with a key is applied once however often it is retried', async () => {
      const grant = () =>
        call(platform.gatewayUrl, 'POST', `/v1/accounts/${acct.account.id}/grants`, {
          key: platform.adminToken,
          body: { credits: 12.5, reason: 'goodwill' },
          idempotencyKey: 'grant-1',
        });
      const answers = await Promise.all([grant(), grant(), grant()]);
      const done = [...answers, await grant()].filter((a) => a.status === 201);
      expect(done.length).toBeGreaterThanOrEqual(1);
      expect(new Set(done.map((a) => a.body.id)).size).toBe(1);
      const [row] = await ds.query(`SELECT count(*)::int AS n FROM transfers WHERE account_id = $1 AND operation = 'grant' AND reason = 'goodwill'`, [
        acct.account.id,
      ]);
      expect(row.n).toBe(1);
    });

    it('a malformed Idempotency-Key is a 400 naming the header, and nothing is written', async () => {
      const before = await counts(acct.account.id);
      const bad = await call(platform.gatewayUrl, 'POST', '/v1/builds', {
        key: acct.apiKey,
        body: { prompt: 'x', max_credits: 1 },
        headers: { 'idempotency-key': 'x'.repeat(300) },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.fields[0].field).toBe('Idempotency-Key');
      expect(await counts(acct.account.id)).toEqual(before);
    });
  });

  it('npm run ledger:check passes on the books these requests produced', async () => {
    const { code, output } = await ledgerCheck(platform.databaseUrl);
    expect(output).toContain('all 9 invariants hold');
    expect(code).toBe(0);
  });
});

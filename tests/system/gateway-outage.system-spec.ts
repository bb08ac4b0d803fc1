import {
  createAccount,
  OwnPostgres,
  OwnRedis,
  startPlatform,
  waitUntil,
  type Platform,
  type TestAccount,
} from '@autowebiq/testing';
import { prepareDatabase } from '../../tools/launcher/database';
import { call, ledgerCheck, type Answer } from './gateway-support';

jest.setTimeout(240_000);

describe('gateway: Postgres or Redis down → 503 with Retry-After, and everything resumes when they are back', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let platform: Platform;
  let databaseUrl: string;
  let acct: TestAccount;
  let api: (method: string, p: string, o?: Parameters<typeof call>[3]) => Promise<Answer>;

  /** Resolves once the gateway answers a balance request again, with `service` back. */
  const balanceAnswers = (service: string) =>
    waitUntil(
      () => api('GET', '/v1/balance', { key: acct.apiKey }),
      (r) => r.status === 200,
      {
        what: `GET /v1/balance to answer 200 with ${service} back`,
        timeoutMs: 45_000,
        intervalMs: 250,
        describe: (r) => `HTTP ${r.status}`,
      },
    );

  beforeAll(async () => {
    pg = await OwnPostgres.create('gw-outage');
    databaseUrl = `${pg.url}/gateway_outage`;
    await prepareDatabase(databaseUrl, () => undefined);
    redis = await OwnRedis.create({ label: 'gw-outage' });
    platform = await startPlatform({
      apps: ['api-gateway'],
      label: 'gwoutage',
      databaseUrl,
      redisUrl: redis.url,
      env: { LOG_LEVEL: 'warn' },
    });
    api = (method, p, o) => call(platform.gatewayUrl, method, p, o);
    acct = await createAccount(platform.gatewayUrl, platform.adminToken, 50, 'outage');
  });

  afterAll(async () => {
    await platform?.stop();
    await pg?.destroy();
    await redis?.destroy();
  });

  it('Postgres stopped: 503 with Retry-After quickly, liveness stays up; back: the same Idempotency-Key goes through once', async () => {
    expect(
      (
        await api('POST', '/v1/builds', {
          key: acct.apiKey,
          body: { prompt: 'before the outage', max_credits: 5 },
        })
      ).status,
    ).toBe(202);
    await pg.stop();

    const started = Date.now();
    const balance = await api('GET', '/v1/balance', { key: acct.apiKey });
    const build = await api('POST', '/v1/builds', {
      key: acct.apiKey,
      body: { prompt: 'during the outage', max_credits: 5 },
      idempotencyKey: 'outage-1',
    });
    for (const res of [balance, build]) {
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    const ready = await api('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.details.checks.postgres).toMatch(/^down/);
    expect(ready.body.error.details.checks.redis).toBe('ok');
    expect((await api('GET', '/healthz')).status).toBe(200);
    // A key the gateway has not cached yet cannot be checked either: 503, not a misleading 401.
    const unknownKey = await api('GET', '/v1/balance', {
      key: 'awq_000000000000000000000000000000000000000000x',
    });
    expect(unknownKey.status).toBe(503);

    await pg.start();
    await balanceAnswers('Postgres');
    const retried = await api('POST', '/v1/builds', {
      key: acct.apiKey,
      body: { prompt: 'during the outage', max_credits: 5 },
      idempotencyKey: 'outage-1',
    });
    expect(retried.status).toBe(202);
    const replay = await api('POST', '/v1/builds', {
      key: acct.apiKey,
      body: { prompt: 'during the outage', max_credits: 5 },
      idempotencyKey: 'outage-1',
    });
    expect(replay.text).toBe(retried.text);
    const builds = (await api('GET', '/v1/builds', { key: acct.apiKey })).body.data;
    expect(builds.map((b: { prompt: string }) => b.prompt).sort()).toEqual([
      'before the outage',
      'during the outage',
    ]);
    expect((await api('GET', '/v1/balance', { key: acct.apiKey })).body.credits_micro).toBe('40000000');
    expect((await api('GET', '/readyz')).status).toBe(200);
  });

  it('Redis stopped: 503 with Retry-After; back: requests and flows go through again without a restart', async () => {
    const pid = platform.pid('api-gateway');
    await redis.kill('SIGKILL');

    const down = await api('GET', '/v1/balance', { key: acct.apiKey });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('unavailable');
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    const ready = await api('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.details.checks.redis).toMatch(/^down/);

    await redis.start();
    await balanceAnswers('Redis');
    const build = await api('POST', '/v1/builds', {
      key: acct.apiKey,
      body: { prompt: 'after redis came back', max_credits: 1 },
    });
    expect(build.status).toBe(202);
    const events = await api('GET', `/v1/builds/${build.body.build.id}/events`, { key: acct.apiKey });
    expect(events.body.data[0].transaction.operation).toBe('website_generation');
    expect(platform.pid('api-gateway')).toBe(pid);
  });

  it('the books hold after both outages', async () => {
    const { code, output } = await ledgerCheck(databaseUrl);
    expect(output).toContain('all 9 invariants hold');
    expect(code).toBe(0);
  });
});

import { createRedis } from '@autowebiq/bus';
import { AGENT_ORDER } from '@autowebiq/contracts';
import { checkInvariants, LedgerService } from '@autowebiq/ledger';
import {
  createAccount,
  queuedStages,
  startPlatform,
  type Platform,
  type TestAccount,
} from '@autowebiq/testing';
import JSZip from 'jszip';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { call, type Answer, type CallOptions } from './gateway-support';

jest.setTimeout(180_000);

const RATE_LIMIT = 60;
const SITE_CSP =
  "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'none'; " +
  "form-action 'none'; frame-ancestors 'self'; base-uri 'none'; sandbox allow-scripts";

/** A GET whose path goes out exactly as written: fetch would resolve `..` before sending. */
function rawGet(
  base: string,
  rawPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = http.request(
      { host: url.hostname, port: url.port, path: rawPath, method: 'GET', headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('gateway: the REST surface as a client sees it (real gateway process, Postgres, Redis)', () => {
  let platform: Platform;
  let ds: DataSource;
  let webDir: string;
  let api: (method: string, p: string, o?: CallOptions) => Promise<Answer>;
  const keysSeen: string[] = [];
  /** No worker runs here, so a queued build's jobs stay put. */
  const queuedStagesOf = async (buildId: string) => {
    const redis = createRedis(platform.redisUrl);
    try {
      return await queuedStages(redis, platform.redisPrefix, buildId);
    } finally {
      await redis.quit();
    }
  };
  const account = async (credits: number, name = 'tester') => {
    const a = await createAccount(platform.gatewayUrl, platform.adminToken, credits, name);
    keysSeen.push(a.apiKey);
    return a;
  };

  beforeAll(async () => {
    webDir = mkdtempSync(path.join(os.tmpdir(), 'awq-web-'));
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><title>Workspace</title><div id="root"></div>',
    );
    writeFileSync(path.join(webDir, 'assets', 'index-3f9a2b7c.js'), 'console.log("workspace")');
    writeFileSync(path.join(os.tmpdir(), 'awq-outside-secret.txt'), 'not for you');
    platform = await startPlatform({
      apps: ['api-gateway'],
      label: 'gwapi',
      env: { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), WEB_DIST_DIR: webDir, LOG_LEVEL: 'info' },
    });
    ds = platform.db!.dataSource;
    api = (method, p, o) => call(platform.gatewayUrl, method, p, o);
  });

  afterAll(async () => {
    await platform?.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  /** Everything a request could have written for the account. */
  const footprint = async (accountId: string) => {
    const [row] = await ds.query(
      `SELECT (SELECT count(*) FROM builds WHERE account_id = $1)::int AS builds,
              (SELECT count(*) FROM transfers WHERE account_id = $1)::int AS transfers,
              (SELECT count(*) FROM accounts)::int AS accounts,
              (SELECT count(*) FROM idempotency_keys)::int AS idempotency_keys,
              (SELECT count(*) FROM api_keys WHERE account_id = $1)::int AS api_keys,
              (SELECT balance FROM ledger_accounts WHERE id = 'wallet:' || $1) AS wallet`,
      [accountId],
    );
    return row;
  };

  describe('bad input: a 4xx with a code and the field named, and nothing written', () => {
    let acct: TestAccount;
    beforeAll(async () => {
      acct = await account(20);
    });

    const cases: { name: string; o: CallOptions; status: number; code: string; field?: string }[] = [
      {
        name: 'prompt of the wrong type',
        o: { body: { prompt: 123 } },
        status: 400,
        code: 'validation_failed',
        field: 'prompt',
      },
      {
        name: 'missing prompt',
        o: { body: { max_credits: 3 } },
        status: 400,
        code: 'validation_failed',
        field: 'prompt',
      },
      {
        name: 'blank prompt',
        o: { body: { prompt: '   ' } },
        status: 400,
        code: 'validation_failed',
        field: 'prompt',
      },
      {
        name: 'a 1 MB prompt',
        o: { body: { prompt: 'p'.repeat(1_000_000) } },
        status: 400,
        code: 'validation_failed',
        field: 'prompt',
      },
      {
        name: 'negative credits',
        o: { body: { prompt: 'x', max_credits: -5 } },
        status: 400,
        code: 'validation_failed',
        field: 'max_credits',
      },
      {
        name: 'non-numeric credits',
        o: { body: { prompt: 'x', max_credits: 'ten' } },
        status: 400,
        code: 'validation_failed',
        field: 'max_credits',
      },
      {
        name: 'credits finer than a µcr',
        o: { body: { prompt: 'x', max_credits: 0.0000001 } },
        status: 400,
        code: 'validation_failed',
        field: 'max_credits',
      },
      {
        name: 'huge credits',
        o: { body: { prompt: 'x', max_credits: 1e300 } },
        status: 400,
        code: 'validation_failed',
        field: 'max_credits',
      },
      {
        name: 'an unpriced model',
        o: { body: { prompt: 'x', models: { frontend: 'gpt-unknown' } } },
        status: 400,
        code: 'validation_failed',
        field: 'models.frontend',
      },
      {
        name: 'an image model for a text agent',
        o: { body: { prompt: 'x', models: { planner: 'dall-e-3' } } },
        status: 400,
        code: 'validation_failed',
        field: 'models.planner',
      },
      {
        name: 'an unknown agent',
        o: { body: { prompt: 'x', models: { painter: 'gpt-4o' } } },
        status: 400,
        code: 'validation_failed',
        field: 'models.painter',
      },
      {
        name: 'an unknown field',
        o: { body: { prompt: 'x', colour: 'red' } },
        status: 400,
        code: 'validation_failed',
        field: 'colour',
      },
      {
        name: 'a NUL character in the prompt',
        o: { body: { prompt: 'a cafe\u0000' } },
        status: 400,
        code: 'validation_failed',
        field: 'prompt',
      },
      {
        name: 'a NUL character in the prompt, without an Idempotency-Key',
        o: { body: { prompt: 'a\u0000cafe' }, idempotencyKey: undefined },
        status: 400,
        code: 'validation_failed',
        field: 'prompt',
      },
      {
        name: 'a terminal escape in the prompt',
        o: { body: { prompt: 'a \u001b[2J cafe' } },
        status: 400,
        code: 'validation_failed',
        field: 'prompt',
      },
      {
        name: 'credits above the cap',
        o: { body: { prompt: 'x', max_credits: 1_000_000_001 } },
        status: 400,
        code: 'validation_failed',
        field: 'max_credits',
      },
      { name: 'an array body', o: { raw: '[1,2]' }, status: 400, code: 'validation_failed', field: 'body' },
      { name: 'malformed JSON', o: { raw: '{"prompt": "a cafe",' }, status: 400, code: 'invalid_json' },
      {
        name: 'a body over the limit',
        o: { raw: `{"prompt":"${'x'.repeat(2_000_000)}"}` },
        status: 413,
        code: 'payload_too_large',
      },
    ];

    it.each(cases)('POST /v1/builds with $name → $status $code', async ({ o, status, code, field }) => {
      const before = await footprint(acct.account.id);
      const res = await api('POST', '/v1/builds', {
        key: acct.apiKey,
        idempotencyKey: `bad-${code}-${field ?? ''}-${Math.random()}`,
        ...o,
      });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      if (field) {
        expect(res.body.error.message).toContain(field);
        expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      expect(await footprint(acct.account.id)).toEqual(before);
    });

    it('an unpriced model answer lists the priced models', async () => {
      const res = await api('POST', '/v1/estimates', {
        key: acct.apiKey,
        body: { prompt: 'x', models: { image: 'midjourney' } },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.priced_models).toEqual(
        expect.arrayContaining(['gpt-4o', 'gpt-5', 'dall-e-3', 'local-template']),
      );
    });

    it.each([
      { name: 'negative credits', body: { credits: -5, reason: 'x' }, field: 'credits' },
      { name: 'non-numeric credits', body: { credits: 'lots', reason: 'x' }, field: 'credits' },
      { name: 'credits finer than a µcr', body: { credits: 1e-9, reason: 'x' }, field: 'credits' },
      { name: 'no reason', body: { credits: 5 }, field: 'reason' },
      { name: 'a NUL character in the reason', body: { credits: 5, reason: 'trial\u0000' }, field: 'reason' },
      { name: 'a backspace in the reason', body: { credits: 5, reason: 'tri\u0008al' }, field: 'reason' },
      {
        name: 'expires_at passed',
        body: { credits: 5, reason: 'x', expires_at: '2020-01-01T00:00:00Z' },
        field: 'expires_at',
      },
      {
        name: 'expires_at over 10 years ahead',
        body: { credits: 5, reason: 'x', expires_at: '2100-01-01T00:00:00Z' },
        field: 'expires_at',
      },
      {
        name: 'expires_at not a date-time',
        body: { credits: 5, reason: 'x', expires_at: 'tomorrow' },
        field: 'expires_at',
      },
    ])('POST /v1/accounts/:id/grants with $name → 400 naming $field', async ({ body, field }) => {
      const before = await footprint(acct.account.id);
      const res = await api('POST', `/v1/accounts/${acct.account.id}/grants`, {
        key: platform.adminToken,
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await footprint(acct.account.id)).toEqual(before);
    });

    it('a grant with expires_at answers it and records the grant as a lot that expires then', async () => {
      const expiresAt = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
      const res = await api('POST', `/v1/accounts/${acct.account.id}/grants`, {
        key: platform.adminToken,
        body: { credits: 5, reason: 'trial', expires_at: expiresAt },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ credits: 5, expires_at: expiresAt });
      const lots = await ds.query(
        `SELECT account_id, amount_micro, expires_at, settled_at FROM credit_lots WHERE grant_transfer_id = $1`,
        [res.body.id],
      );
      expect(lots).toEqual([
        {
          account_id: acct.account.id,
          amount_micro: '5000000',
          expires_at: new Date(expiresAt),
          settled_at: null,
        },
      ]);
    });

    it('POST /v1/accounts with a blank name or negative credits → 400 naming the field, no account', async () => {
      const before = await footprint(acct.account.id);
      const blank = await api('POST', '/v1/accounts', { key: platform.adminToken, body: { name: ' ' } });
      const negative = await api('POST', '/v1/accounts', {
        key: platform.adminToken,
        body: { name: 'n', initial_credits: -1 },
      });
      expect(blank.body.error.details.fields[0].field).toBe('name');
      expect(negative.body.error.details.fields[0].field).toBe('initial_credits');
      expect(await footprint(acct.account.id)).toEqual(before);
    });

    it.each([
      {
        name: 'a NUL character in an account name',
        path: '/v1/accounts',
        admin: true,
        body: { name: 'acme\u0000' },
        field: 'name',
      },
      {
        name: 'a newline in an account name',
        path: '/v1/accounts',
        admin: true,
        body: { name: 'acme\nadmin' },
        field: 'name',
      },
      {
        name: 'a NUL character in a key name',
        path: '/v1/api-keys',
        body: { name: 'ci\u0000' },
        field: 'name',
      },
      { name: 'a bell in a key name', path: '/v1/api-keys', body: { name: 'ci\u0007' }, field: 'name' },
      {
        name: 'a NUL character in an estimate prompt',
        path: '/v1/estimates',
        body: { prompt: 'a cafe\u0000' },
        field: 'prompt',
      },
    ])(
      'POST $path with $name → 400 naming $field, nothing written',
      async ({ path: p, admin, body, field }) => {
        const before = await footprint(acct.account.id);
        const res = await api('POST', p, { key: admin ? platform.adminToken : acct.apiKey, body });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
        expect(await footprint(acct.account.id)).toEqual(before);
      },
    );

    it('a prompt may span lines and hold tabs', async () => {
      const res = await api('POST', '/v1/estimates', {
        key: acct.apiKey,
        body: { prompt: 'a cafe\r\n\twith a menu\nand a map' },
      });
      expect(res.status).toBe(200);
    });

    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const SOME_ID = '7b0c6a52-3f1e-4d2a-9c8b-5e4f3a2b1c0d';
    it.each([
      { name: 'builds: not base64url JSON', path: '/v1/builds?cursor=not-a-cursor', field: 'cursor' },
      {
        name: 'builds: an impossible date and a uuid of dashes',
        path: `/v1/builds?cursor=${cursorOf(['2024-13-45T99:99:99Z', '-'.repeat(36)])}`,
        field: 'cursor',
      },
      {
        name: 'builds: February 30th',
        path: `/v1/builds?cursor=${cursorOf(['2024-02-30T00:00:00.000000Z', SOME_ID])}`,
        field: 'cursor',
      },
      {
        name: 'builds: year 0',
        path: `/v1/builds?cursor=${cursorOf(['0000-01-01T00:00:00.000000Z', SOME_ID])}`,
        field: 'cursor',
      },
      {
        name: 'builds: a uuid of dashes',
        path: `/v1/builds?cursor=${cursorOf(['2024-01-01T00:00:00.000000Z', '-'.repeat(36)])}`,
        field: 'cursor',
      },
      {
        name: 'builds: a uuid with a non-hex digit',
        path: `/v1/builds?cursor=${cursorOf(['2024-01-01T00:00:00.000000Z', SOME_ID.replace('7', 'g')])}`,
        field: 'cursor',
      },
      {
        name: 'builds: a third element',
        path: `/v1/builds?cursor=${cursorOf(['2024-01-01T00:00:00.000000Z', SOME_ID, 1])}`,
        field: 'cursor',
      },
      { name: 'ledger: past a bigint', path: '/v1/ledger?cursor=99999999999999999999', field: 'cursor' },
      { name: 'ledger: negative', path: '/v1/ledger?cursor=-1', field: 'cursor' },
      { name: 'usage: February 30th', path: '/v1/usage?from=2024-02-30', field: 'from' },
      { name: 'usage: hour 24', path: '/v1/usage?to=2024-03-01T24:00:00Z', field: 'to' },
    ])('GET with a bad query parameter ($name) → 400 naming $field', async ({ path: p, field }) => {
      const res = await api('GET', p, { key: acct.apiKey });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    });

    it('bad query parameters name the parameter', async () => {
      const limit = await api('GET', '/v1/ledger?limit=100000', { key: acct.apiKey });
      const cursor = await api('GET', '/v1/builds?cursor=not-a-cursor', { key: acct.apiKey });
      const group = await api('GET', '/v1/usage?group_by=week', { key: acct.apiKey });
      expect([limit.status, cursor.status, group.status]).toEqual([400, 400, 400]);
      expect(limit.body.error.details.fields[0].field).toBe('limit');
      expect(cursor.body.error.details.fields[0].field).toBe('cursor');
      expect(group.body.error.details.fields[0].field).toBe('group_by');
    });
  });

  describe('authentication', () => {
    it('no key, a wrong key, the admin token on account routes: 401; an API key on operator routes: 403', async () => {
      const acct = await account(5);
      const none = await api('GET', '/v1/balance');
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthorized');
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      expect((await api('POST', '/v1/builds', { body: { prompt: 'x' } })).status).toBe(401);
      expect((await api('GET', '/v1/balance', { key: 'awq_notarealkey' })).status).toBe(401);
      expect(
        (await api('GET', '/v1/balance', { headers: { authorization: `Basic ${acct.apiKey}` } })).status,
      ).toBe(401);
      expect((await api('GET', '/v1/balance', { key: platform.adminToken })).status).toBe(401);
      const asUser = await api('POST', '/v1/accounts', { key: acct.apiKey, body: { name: 'sneaky' } });
      expect(asUser.status).toBe(403);
      expect(asUser.body.error.code).toBe('forbidden');
      expect((await api('POST', '/v1/accounts', { body: { name: 'anon' } })).status).toBe(401);
    });

    it('keys: created (shown once), listed without the secret, revoked (401 at once)', async () => {
      const acct = await account(5);
      const created = await api('POST', '/v1/api-keys', { key: acct.apiKey, body: { name: 'ci' } });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(/^awq_[0-9A-Za-z]{43}$/);
      keysSeen.push(created.body.key);
      expect((await api('GET', '/v1/balance', { key: created.body.key })).status).toBe(200);
      const listed = await api('GET', '/v1/api-keys', { key: acct.apiKey });
      expect(listed.body.data).toHaveLength(2);
      expect(listed.text).not.toContain(created.body.key);
      expect(listed.body.data.map((k: { prefix: string }) => k.prefix)).toContain(
        created.body.key.slice(0, 12),
      );
      const [stored] = await ds.query(`SELECT key_hash FROM api_keys WHERE id = $1`, [created.body.id]);
      expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.key_hash).not.toContain(created.body.key);
      const revoked = await api('DELETE', `/v1/api-keys/${created.body.id}`, { key: acct.apiKey });
      expect(revoked.status).toBe(200);
      expect(revoked.body.revoked_at).not.toBeNull();
      expect((await api('GET', '/v1/balance', { key: created.body.key })).status).toBe(401);
      expect((await api('GET', '/v1/balance', { key: acct.apiKey })).status).toBe(200);
    });

    it(`more than ${RATE_LIMIT} requests a minute with one key: 429 with Retry-After, other keys unaffected`, async () => {
      const noisy = await account(5);
      const quiet = await account(5);
      let limited: Answer | undefined;
      // Two fixed windows at most can hold 2 × limit requests, so one more always crosses the limit.
      for (let i = 0; i <= 2 * RATE_LIMIT && !limited; i++) {
        const res = await api('GET', '/v1/balance', { key: noisy.apiKey });
        if (res.status === 429) limited = res;
        else expect(res.status).toBe(200);
      }
      expect(limited).toBeDefined();
      expect(limited!.body.error.code).toBe('rate_limited');
      const retryAfter = Number(limited!.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited!.headers.get('x-ratelimit-remaining')).toBe('0');
      expect((await api('GET', '/v1/balance', { key: quiet.apiKey })).status).toBe(200);
    });
  });

  describe('builds, tenant isolation, cancel, events', () => {
    let owner: TestAccount;
    let other: TestAccount;
    let buildId: string;

    beforeAll(async () => {
      owner = await account(50, 'owner');
      other = await account(50, 'other');
      const res = await api('POST', '/v1/builds', {
        key: owner.apiKey,
        body: { prompt: 'a tea room website', max_credits: 4 },
      });
      expect(res.status).toBe(202);
      buildId = res.body.build.id;
      expect(res.body.balance.credits_micro).toBe('46000000');
      expect(res.body.build.estimate.high).toBeGreaterThan(0);
    });

    it('another account sees nothing of the build: 404 on every build route, and it is not in its list', async () => {
      for (const [method, p] of [
        ['GET', `/v1/builds/${buildId}`],
        ['GET', `/v1/builds/${buildId}/events`],
        ['POST', `/v1/builds/${buildId}/cancel`],
        ['GET', `/v1/builds/${buildId}/site/index.html`],
        ['GET', `/v1/builds/${buildId}/archive`],
      ]) {
        const res = await api(method, p, { key: other.apiKey });
        expect({ p, status: res.status, code: res.body?.error?.code }).toEqual({
          p,
          status: 404,
          code: 'not_found',
        });
        expect(res.text).not.toContain('tea room');
      }
      const list = await api('GET', '/v1/builds', { key: other.apiKey });
      expect(list.body.data).toEqual([]);
      const [ownerKey] = (await api('GET', '/v1/api-keys', { key: owner.apiKey })).body.data;
      expect((await api('DELETE', `/v1/api-keys/${ownerKey.id}`, { key: other.apiKey })).status).toBe(404);
      expect((await api('GET', '/v1/builds/not-a-uuid', { key: owner.apiKey })).status).toBe(404);
      const grant = await api('POST', '/v1/accounts/00000000-0000-4000-8000-000000000000/grants', {
        key: platform.adminToken,
        body: { credits: 1, reason: 'x' },
      });
      expect(grant.status).toBe(404);
    });

    it('GET /v1/builds/:id and the list show the build; the list pages with a cursor', async () => {
      for (let i = 0; i < 3; i++) {
        expect(
          (
            await api('POST', '/v1/builds', {
              key: owner.apiKey,
              body: { prompt: `page ${i}`, max_credits: 1 },
            })
          ).status,
        ).toBe(202);
      }
      const one = await api('GET', `/v1/builds/${buildId}`, { key: owner.apiKey });
      expect(one.body).toMatchObject({
        id: buildId,
        status: 'queued',
        reserved: 4,
        spent: 0,
        refunded: 0,
        reserved_micro: '4000000',
        usage: null,
      });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Answer = await api('GET', `/v1/builds?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
          key: owner.apiKey,
        });
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.data.map((b: { id: string }) => b.id));
        cursor = page.body.next_cursor;
      } while (cursor);
      expect(seen).toHaveLength(4);
      expect(new Set(seen).size).toBe(4);
      expect(seen[3]).toBe(buildId);
    });

    it('the timeline starts with the hold; after_seq skips what was seen; Postgres serves what Redis no longer has', async () => {
      const events = await api('GET', `/v1/builds/${buildId}/events`, { key: owner.apiKey });
      expect(events.body.data[0]).toMatchObject({
        type: 'credits_update',
        build_id: buildId,
        seq: 1,
        build_reserved_micro: '4000000',
        transaction: { amount: -4, amount_micro: '-4000000', operation: 'website_generation' },
      });
      expect(
        (await api('GET', `/v1/builds/${buildId}/events?after_seq=1`, { key: owner.apiKey })).body.data,
      ).toEqual([]);

      const archived = (
        await api('POST', '/v1/builds', { key: owner.apiKey, body: { prompt: 'archived', max_credits: 1 } })
      ).body.build.id;
      const payload = (seq: number) => ({
        type: 'agent_message',
        build_id: archived,
        seq,
        ts: new Date().toISOString(),
        agent_type: 'planner',
        message: `step ${seq}`,
        status: 'working',
        progress: 10 + seq,
        tokens_used: 0,
        credits_used: 0,
      });
      for (const seq of [2, 3]) {
        await ds.query(
          `INSERT INTO build_events (build_id, seq, type, payload) VALUES ($1, $2, 'agent_message', $3)`,
          [archived, seq, payload(seq)],
        );
      }
      const redis = createRedis(platform.redisUrl);
      await redis.del(`${platform.redisPrefix}:build:{${archived}}:events`);
      await redis.quit();
      const fromPg = await api('GET', `/v1/builds/${archived}/events?after_seq=1`, { key: owner.apiKey });
      expect(fromPg.body.data.map((e: { seq: number; message: string }) => [e.seq, e.message])).toEqual([
        [2, 'step 2'],
        [3, 'step 3'],
      ]);
    });

    it('cancel before it started: cancelled at once, the whole hold back, its jobs out of the queues, the clients told; again is a no-op', async () => {
      const before = (await api('GET', '/v1/balance', { key: owner.apiKey })).body;
      expect(await queuedStagesOf(buildId)).toEqual(AGENT_ORDER);
      const res = await api('POST', `/v1/builds/${buildId}/cancel`, { key: owner.apiKey });
      expect(res.status).toBe(202);
      expect(res.body.build).toMatchObject({
        status: 'cancelled',
        reserved_micro: '4000000',
        refunded_micro: '4000000',
        spent_micro: '0',
      });
      expect(BigInt(res.body.balance.credits_micro)).toBe(BigInt(before.credits_micro) + 4_000_000n);
      expect(res.body.balance.total_micro).toBe(before.total_micro);
      expect(await queuedStagesOf(buildId)).toEqual([]);
      const events = (await api('GET', `/v1/builds/${buildId}/events?after_seq=1`, { key: owner.apiKey }))
        .body.data;
      expect(events.map((e: { type: string }) => e.type)).toEqual(['credits_update', 'build_failed']);
      expect(events[0].transaction).toEqual({ amount: 4, amount_micro: '4000000', operation: 'refund' });
      expect(events[1]).toMatchObject({ status: 'cancelled', refunded_micro: '4000000', seq: 3 });
      const again = await api('POST', `/v1/builds/${buildId}/cancel`, { key: owner.apiKey });
      expect(again.status).toBe(202);
      expect(again.body.build.refunded_micro).toBe('4000000');
      const [refunds] = await ds.query(
        `SELECT count(*)::int AS n FROM transfers WHERE build_id = $1 AND operation = 'refund'`,
        [buildId],
      );
      expect(refunds.n).toBe(1);
    });

    it('cancel of a running build raises the cancel flag and keeps the hold for settle; a finished one is 422', async () => {
      const running = (
        await api('POST', '/v1/builds', { key: owner.apiKey, body: { prompt: 'running', max_credits: 2 } })
      ).body.build.id;
      await ds.query(`UPDATE builds SET status = 'running', started_at = now() WHERE id = $1`, [running]);
      const res = await api('POST', `/v1/builds/${running}/cancel`, { key: owner.apiKey });
      expect(res.status).toBe(202);
      expect(res.body.build.status).toBe('running');
      expect(res.body.build.cancel_requested_at).not.toBeNull();
      expect(res.body.build.refunded_micro).toBe('0');
      const redis = createRedis(platform.redisUrl);
      expect(await redis.get(`${platform.redisPrefix}:build:{${running}}:cancel`)).toBe('cancelled');
      await redis.quit();

      await ds.query(`UPDATE builds SET status = 'completed' WHERE id = $1`, [running]);
      const done = await api('POST', `/v1/builds/${running}/cancel`, { key: owner.apiKey });
      expect(done.status).toBe(422);
      expect(done.body.error.code).toBe('unprocessable');
    });

    it('the ledger lists the account’s own transfers newest first, with a cursor', async () => {
      const first = await api('GET', '/v1/ledger?limit=2', { key: owner.apiKey });
      expect(first.body.data).toHaveLength(2);
      expect(Number(first.body.data[0].id)).toBeGreaterThan(Number(first.body.data[1].id));
      const all: { operation: string; direction: number; amount_micro: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: Answer = await api('GET', `/v1/ledger?limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
          key: owner.apiKey,
        });
        all.push(...page.body.data);
        cursor = page.body.next_cursor;
      } while (cursor);
      const grant = all[all.length - 1];
      expect(grant).toMatchObject({ operation: 'grant', direction: 1, amount_micro: '50000000' });
      expect(all.filter((t) => t.operation === 'refund')).toEqual([
        expect.objectContaining({ direction: 1, amount_micro: '4000000' }),
      ]);
      const others = await api('GET', '/v1/ledger', { key: other.apiKey });
      expect(others.body.data).toHaveLength(1);
    });

    it('the books still balance', async () => {
      expect((await checkInvariants(ds)).checks.filter((c) => !c.ok)).toEqual([]);
    });
  });

  describe('the generated site', () => {
    let owner: TestAccount;
    let buildId: string;
    const files: Record<string, [string, string]> = {
      'index.html': [
        'text/html; charset=utf-8',
        '<!doctype html><html lang="en"><title>Tea</title><link rel="stylesheet" href="styles.css"><img src="images/hero.svg" alt="tea"></html>',
      ],
      'styles.css': ['text/css; charset=utf-8', 'body { color: #333 }'],
      'images/hero.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    };

    beforeAll(async () => {
      owner = await account(20, 'site owner');
      buildId = (
        await api('POST', '/v1/builds', { key: owner.apiKey, body: { prompt: 'a tea room', max_credits: 2 } })
      ).body.build.id;
      for (const [p, [type, content]] of Object.entries(files)) {
        await ds.query(
          `INSERT INTO build_files (build_id, path, content_type, content) VALUES ($1, $2, $3, $4)`,
          [buildId, p, type, Buffer.from(content)],
        );
      }
      await ds.query(
        `UPDATE builds SET status = 'completed', started_at = now(), finished_at = now() WHERE id = $1`,
        [buildId],
      );
    });

    it('is served with the sandboxing CSP, nosniff and no referrer', async () => {
      for (const [p, [type, content]] of Object.entries(files)) {
        const res = await api('GET', `/v1/builds/${buildId}/site/${p}`, { key: owner.apiKey });
        expect(res.status).toBe(200);
        expect(res.text).toBe(content);
        expect(res.headers.get('content-type')).toBe(type);
        expect(res.headers.get('content-security-policy')).toBe(SITE_CSP);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      }
      const dir = await api('GET', `/v1/builds/${buildId}/site/`, { key: owner.apiKey });
      expect(dir.text).toBe(files['index.html'][1]);
      expect(
        (await api('GET', `/v1/builds/${buildId}/site/missing.html`, { key: owner.apiKey })).status,
      ).toBe(404);
    });

    it('no path escapes the site', async () => {
      const auth = { authorization: `Bearer ${owner.apiKey}` };
      for (const p of [
        '../../package.json',
        '..%2f..%2fpackage.json',
        '%2e%2e/%2e%2e/package.json',
        'images/../../x',
        'images%5c..%5cindex.html',
        'a%00b',
      ]) {
        const res = await rawGet(platform.gatewayUrl, `/v1/builds/${buildId}/site/${p}`, auth);
        expect({ p, status: res.status }).toEqual({ p, status: 404 });
        expect(res.body).not.toContain('"name"');
      }
    });

    it('the preview link needs no header, carries relative links along, and is refused when forged or for another build', async () => {
      const build = (await api('GET', `/v1/builds/${buildId}`, { key: owner.apiKey })).body;
      expect(build.site_url).toBe(`/v1/builds/${buildId}/site/index.html`);
      expect(build.preview_url).toMatch(/^\/v1\/previews\/[\w.-]+\/index\.html$/);
      const page = await api('GET', build.preview_url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(SITE_CSP);
      const css = await api('GET', new URL('styles.css', `http://x${build.preview_url}`).pathname);
      expect(css.status).toBe(200);
      expect(css.text).toBe(files['styles.css'][1]);

      const token = build.preview_url.split('/')[3];
      const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
      expect((await api('GET', `/v1/previews/${forged}/index.html`)).status).toBe(401);
      const viaQuery = await api('GET', `/v1/builds/${buildId}/site/index.html?preview_token=${token}`);
      expect(viaQuery.status).toBe(200);
      const otherBuild = (
        await api('POST', '/v1/builds', { key: owner.apiKey, body: { prompt: 'other', max_credits: 1 } })
      ).body.build.id;
      expect(
        (await api('GET', `/v1/builds/${otherBuild}/site/index.html?preview_token=${token}`)).status,
      ).toBe(401);
    });

    it('the archive is a zip of exactly the site files', async () => {
      const res = await fetch(`${platform.gatewayUrl}/v1/builds/${buildId}/archive`, {
        headers: { authorization: `Bearer ${owner.apiKey}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="autowebiq-${buildId}.zip"`);
      const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
      const names = Object.values(zip.files)
        .filter((f) => !f.dir)
        .map((f) => f.name)
        .sort();
      expect(names).toEqual(Object.keys(files).sort());
      expect(await zip.file('styles.css')!.async('string')).toBe(files['styles.css'][1]);
    });
  });

  describe('usage, pricing, meta, ops and the Workspace', () => {
    it('usage groups metered events by agent, model and day, beside what the ledger charged', async () => {
      const owner = await account(30, 'usage');
      const build = (
        await api('POST', '/v1/builds', { key: owner.apiKey, body: { prompt: 'usage', max_credits: 2 } })
      ).body.build.id;
      const rows = [
        ['planner', 'gpt-4o', 100, 400, 500_000],
        ['frontend', 'gpt-5', 200, 300, 750_000],
        ['frontend', 'gpt-5', 0, 1000, 1_500_000],
      ] as const;
      for (const [i, [agent, model, input, output, micro]] of rows.entries()) {
        await ds.query(
          `INSERT INTO usage_events (event_id, build_id, account_id, agent, model, attempt, call_index, input_tokens, output_tokens, credits_micro, duration_ms, occurred_at)
           VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, 10, now())`,
          [`${build}:${agent}:1:${i}`, build, owner.account.id, agent, model, i, input, output, micro],
        );
      }
      // The ledger charges what billing captured (the usage, with a hold extension) less what settle gave back.
      const ledger = new LedgerService(ds);
      await ledger.transaction(async (tx) => {
        await ledger.capture(tx, { buildId: build, accountId: owner.account.id, amountMicro: 2_750_000n });
        await ledger.refundCaptured(tx, {
          buildId: build,
          accountId: owner.account.id,
          amountMicro: 750_000n,
          reason: 'platform_retry',
        });
      });
      const byAgent = (await api('GET', '/v1/usage?group_by=agent', { key: owner.apiKey })).body;
      expect(byAgent.data).toEqual([
        expect.objectContaining({
          key: 'frontend',
          calls: 2,
          tokens: 1500,
          credits_micro: '2250000',
          credits: 2.25,
        }),
        expect.objectContaining({
          key: 'planner',
          calls: 1,
          tokens: 500,
          credits_micro: '500000',
          credits: 0.5,
        }),
      ]);
      expect(byAgent.total).toEqual({
        calls: 3,
        builds: 1,
        tokens: 2000,
        credits: 2.75,
        credits_micro: '2750000',
        charged: 2,
        charged_micro: '2000000',
      });
      const past = (await api('GET', '/v1/usage?to=2020-01-02&from=2020-01-01', { key: owner.apiKey })).body
        .total;
      expect([past.credits_micro, past.charged_micro]).toEqual(['0', '0']);
      expect(byAgent.agents).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            agent: 'frontend',
            model: 'gpt-5',
            runs: 1,
            avg_tokens: 1500,
            avg_credits: 2.25,
          }),
        ]),
      );
      const byDay = (await api('GET', '/v1/usage?group_by=day', { key: owner.apiKey })).body;
      expect(byDay.data).toEqual([
        expect.objectContaining({ key: new Date().toISOString().slice(0, 10), calls: 3 }),
      ]);
      const other = await account(1, 'nobody');
      expect((await api('GET', '/v1/usage', { key: other.apiKey })).body.total.calls).toBe(0);
    });

    it('pricing and estimates', async () => {
      const pricing = await api('GET', '/v1/pricing');
      expect(pricing.body.models['gpt-5']).toEqual({ multiplier: '1.5', kind: 'chat' });
      expect(pricing.body.tokens_per_credit).toBe(1000);
      const acct = await account(1, 'estimator');
      const est = await api('POST', '/v1/estimates', {
        key: acct.apiKey,
        body: { prompt: 'a photographer portfolio' },
      });
      expect(est.status).toBe(200);
      expect(est.body.low).toBeLessThan(est.body.expected);
      expect(est.body.expected).toBeLessThan(est.body.high);
      expect(est.body.agents.frontend.model).toBe('local-template');
      expect(BigInt(est.body.high_micro)).toBe(BigInt(Math.round(est.body.high * 1e6)));
      // Offline every agent runs local-template: a priced model it would never run is refused, not held at its price.
      for (const path of ['/v1/estimates', '/v1/builds']) {
        const other = await api('POST', path, {
          key: acct.apiKey,
          body: { prompt: 'a photographer portfolio', models: { frontend: 'gpt-5' } },
        });
        expect(other.status).toBe(400);
        expect(other.body.error.code).toBe('validation_failed');
        expect(other.body.error.details.fields).toEqual([
          { field: 'models.frontend', message: expect.stringContaining('LLM_PROVIDER=offline') },
        ]);
      }
    });

    it('meta, health, readiness, metrics, OpenAPI and docs answer without a key', async () => {
      const meta = await api('GET', '/v1/meta');
      expect(meta.body).toEqual({
        version: expect.any(String),
        realtime_url: platform.realtimeUrl,
        llm_provider: 'offline',
      });
      expect((await api('GET', '/healthz')).body).toEqual({ status: 'ok' });
      expect((await api('GET', '/readyz')).body).toEqual({
        status: 'ok',
        checks: { postgres: 'ok', redis: 'ok' },
      });
      const metrics = await api('GET', '/metrics');
      expect(metrics.text).toMatch(
        /gateway_http_requests_total\{method="POST",route="\/v1\/builds",status="202"\} \d+/,
      );
      expect(metrics.text).toMatch(/gateway_reservations_total\{outcome="reserved"\} \d+/);
      expect(metrics.text).toMatch(
        /gateway_http_requests_total\{method="GET",route="\/v1\/balance",status="429"\} [1-9]/,
      );
      const openapi = await api('GET', '/openapi.json');
      expect(openapi.body.servers).toEqual([{ url: platform.gatewayUrl }]);
      expect(Object.keys(openapi.body.paths)).toEqual(
        expect.arrayContaining(['/v1/builds', '/v1/builds/{id}', '/v1/accounts/{id}/grants', '/v1/usage']),
      );
      expect(
        openapi.body.paths['/v1/builds'].post.requestBody.content['application/json'].schema.properties.prompt
          .maxLength,
      ).toBe(4000);
      const docs = await api('GET', '/docs');
      expect(docs.headers.get('content-type')).toContain('text/html');
      expect((await api('GET', '/docs/swagger-ui-bundle.js')).status).toBe(200);
    });

    it('serves the Workspace at / with SPA fallback, content types and caching, and nothing outside its folder', async () => {
      const root = await api('GET', '/');
      expect(root.status).toBe(200);
      expect(root.text).toContain('Workspace');
      expect(root.headers.get('cache-control')).toBe('no-cache');
      const deep = await api('GET', '/workspace/123');
      expect(deep.text).toBe(root.text);
      const asset = await api('GET', '/assets/index-3f9a2b7c.js');
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const cached = await api('GET', '/assets/index-3f9a2b7c.js', {
        headers: { 'if-none-match': asset.headers.get('etag')! },
      });
      expect(cached.status).toBe(304);
      expect((await api('GET', '/assets/missing.js')).status).toBe(404);
      for (const p of [
        '/../awq-outside-secret.txt',
        '/%2e%2e/awq-outside-secret.txt',
        '/assets/..%2f..%2fawq-outside-secret.txt',
      ]) {
        const res = await rawGet(platform.gatewayUrl, p);
        expect(res.body).not.toContain('not for you');
      }
      const unknownApi = await api('GET', '/v1/nothing-here');
      expect(unknownApi.status).toBe(404);
      expect(unknownApi.body.error.code).toBe('not_found');
    });
  });

  it('never writes an API key to its logs', () => {
    const logs = platform.logs('api-gateway');
    expect(keysSeen.length).toBeGreaterThan(5);
    for (const key of keysSeen) expect(logs).not.toContain(key);
    expect(logs).not.toContain(platform.adminToken);
  });
});

import { ERROR_CODES } from '@autowebiq/contracts';
import { createAccount, startPlatform, type Platform, type TestAccount } from '@autowebiq/testing';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { ledgerCheck } from './gateway-support';

jest.setTimeout(240_000);

const RUNS = 1200;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const NASTY_STRINGS = [
  "' OR '1'='1",
  '"; DROP TABLE builds; --',
  '../../../../etc/passwd',
  '..%2f..%2fpackage.json',
  '%00',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '💥🔥 ünïcödé',
  '\u202eevil',
  'null',
  'NaN',
  '-1',
  '1e309',
  'x'.repeat(5000),
];
const nasty = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const badNumber = fc.oneof(
  fc.constantFrom(-1, -0.5, 0, 1e-7, 1e300, -1e300, 2 ** 63, 0.1234567),
  fc.double({ noDefaultInfinity: true, noNaN: true, max: 0 }),
  fc.constantFrom('12', 'ten', '', '1e3', null, true, [], {}),
);
/** Control characters no text field takes (tab, newline and carriage return are the ones a prompt may hold). */
const controlChar = fc.oneof(
  fc.constant('\u0000'),
  fc
    .integer({ min: 0, max: 0x9f })
    .filter((c) => c < 0x20 || c >= 0x7f)
    .filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d)
    .map((c) => String.fromCharCode(c)),
);
/** Anything that is not a non-blank string of sane length without control characters. */
const badText = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constantFrom('', '   ', 'p'.repeat(10_001), '\u0000', 'a cafe\u0000', '\u0000\u0000\u0000'),
  fc
    .tuple(fc.string({ maxLength: 40 }), controlChar, fc.string({ maxLength: 40 }))
    .map(([before, c, after]) => `p${before}${c}${after}`),
);
const badModel = fc.oneof(nasty, fc.integer(), fc.constantFrom('gpt-6', '', 'GPT-4O', 'dall-e-3 '));
const pathSafe = (s: string) => encodeURIComponent(s).slice(0, 1500);

/** A builds cursor as the gateway writes one: base64url of JSON `[created_at to the µs, id]`. */
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const at = (y: number, mo: number, d: number, h: number, mi: number, s: number) =>
  `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.000000Z`;
const anyDay = { y: fc.integer({ min: 1, max: 9999 }), d: fc.integer({ min: 1, max: 28 }) };
const anyTime = {
  h: fc.integer({ min: 0, max: 23 }),
  mi: fc.integer({ min: 0, max: 59 }),
  s: fc.integer({ min: 0, max: 59 }),
};
/** Timestamps of the cursor's shape that name no instant Postgres has: each is out of range in one field. */
const badCursorDate = fc
  .oneof(
    fc.constantFrom(
      '2024-13-45T99:99:99Z',
      '2023-02-29T00:00:00.000000Z',
      '2024-04-31T00:00:00.000000Z',
      '2024-01-01',
      '',
    ),
    fc.record({ y: fc.constant(0), mo: fc.integer({ min: 1, max: 12 }), ...anyTime, d: anyDay.d }),
    fc.record({ ...anyDay, mo: fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })), ...anyTime }),
    fc.record({
      y: anyDay.y,
      mo: fc.integer({ min: 1, max: 12 }),
      d: fc.oneof(fc.constant(0), fc.integer({ min: 32, max: 99 })),
      ...anyTime,
    }),
    fc.record({ y: anyDay.y, mo: fc.constantFrom(2, 4, 6, 9, 11), d: fc.constant(31), ...anyTime }),
    fc.record({
      ...anyDay,
      mo: fc.integer({ min: 1, max: 12 }),
      h: fc.integer({ min: 24, max: 99 }),
      mi: anyTime.mi,
      s: anyTime.s,
    }),
    fc.record({
      ...anyDay,
      mo: fc.integer({ min: 1, max: 12 }),
      h: anyTime.h,
      mi: fc.integer({ min: 60, max: 99 }),
      s: anyTime.s,
    }),
    fc.record({
      ...anyDay,
      mo: fc.integer({ min: 1, max: 12 }),
      h: anyTime.h,
      mi: anyTime.mi,
      s: fc.integer({ min: 60, max: 99 }),
    }),
  )
  .map((v) => (typeof v === 'string' ? v : at(v.y, v.mo, v.d, v.h, v.mi, v.s)));
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Ids of a uuid's length and alphabet (or nearly) that are not one. */
const badCursorId = fc.oneof(
  fc.constantFrom(
    '-'.repeat(36),
    '0'.repeat(36),
    '{00000000-0000-0000-0000-000000000000}',
    '00000000-0000-0000-0000-00000000000',
  ),
  fc.stringMatching(/^[0-9a-f-]{36}$/).filter((s) => !CANONICAL_UUID.test(s)),
  fc
    .tuple(fc.uuid(), fc.nat(35), fc.constantFrom('g', 'z', '-', ' ', '\u0000'))
    .map(([id, i, c]) => id.slice(0, i) + c + id.slice(i + 1)),
);
const goodCursorDate = fc
  .record({ ...anyDay, mo: fc.integer({ min: 1, max: 12 }), ...anyTime })
  .map((v) => at(v.y, v.mo, v.d, v.h, v.mi, v.s));
/** Cursors that decode (base64url of JSON) but are not one the gateway wrote. */
const wellFormedBadCursor = fc
  .oneof(
    fc.tuple(badCursorDate, fc.uuid()),
    fc.tuple(goodCursorDate, badCursorId),
    fc.tuple(badCursorDate, badCursorId),
    fc.tuple(goodCursorDate, fc.uuid(), fc.jsonValue()),
    fc.tuple(goodCursorDate),
    fc.jsonValue().filter((v) => !Array.isArray(v) || v.length !== 2),
  )
  .map(cursorOf);

/** Requests that are each wrong in at least one way the gateway must refuse with a 4xx. */
function requests(ctx: {
  key: string;
  accountId: string;
  adminToken: string;
  foreignBuild: string;
}): fc.Arbitrary<FuzzRequest> {
  const auth = { authorization: `Bearer ${ctx.key}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const admin = { authorization: `Bearer ${ctx.adminToken}`, 'content-type': 'application/json' };
  const badBuildBody = fc.oneof(
    fc.record({ prompt: badText, max_credits: fc.option(fc.double(), { nil: undefined }) }),
    fc.record({ prompt: fc.constant('a cafe'), max_credits: badNumber }),
    fc.record({
      prompt: fc.constant('a cafe'),
      models: fc.dictionary(
        fc.constantFrom('planner', 'image', 'frontend', 'testing', 'painter', '__proto__'),
        badModel,
        { minKeys: 1 },
      ),
    }),
    fc.record({ prompt: fc.constant('a cafe'), models: fc.record({ planner: fc.constantFrom('dall-e-3') }) }),
    fc.record({ prompt: fc.constant('a cafe'), extra: fc.anything().filter((v) => v !== undefined) }),
    fc.anything().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
  );
  const rawBad = fc.oneof(
    fc.constantFrom(
      '{',
      '{"prompt":',
      '{"prompt":"x",}',
      "{'prompt':'x'}",
      'undefined',
      '{"prompt":"x"}}',
      '\u0000',
      '[1,2',
      '{"a":' + '['.repeat(5000),
    ),
    fc.string({ maxLength: 200 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return s.trim() !== '';
      }
    }),
  );
  const idPath = fc.oneof(nasty.map(pathSafe), fc.uuid().map(String), fc.constant(ctx.foreignBuild));
  const buildSub = fc.constantFrom('', '/events', '/site/index.html', '/archive');

  return fc.oneof(
    // Bodies that fail validation, as JSON or not JSON at all.
    badBuildBody.map((b) => ({ method: 'POST', path: '/v1/builds', headers: json, body: JSON.stringify(b) })),
    fc.tuple(badBuildBody, fc.uuid()).map(([b, key]) => ({
      method: 'POST',
      path: '/v1/builds',
      headers: { ...json, 'idempotency-key': key },
      body: JSON.stringify(b),
    })),
    badBuildBody.map((b) => ({
      method: 'POST',
      path: '/v1/estimates',
      headers: json,
      body: JSON.stringify(b),
    })),
    rawBad.map((raw) => ({ method: 'POST', path: '/v1/builds', headers: json, body: raw })),
    fc
      .record({ name: badText })
      .map((b) => ({ method: 'POST', path: '/v1/api-keys', headers: json, body: JSON.stringify(b) })),
    fc
      .record({ name: badText, initial_credits: fc.option(badNumber, { nil: undefined }) })
      .map((b) => ({ method: 'POST', path: '/v1/accounts', headers: admin, body: JSON.stringify(b) })),
    fc.record({ credits: badNumber, reason: fc.oneof(badText, fc.constant('ok')) }).map((b) => ({
      method: 'POST',
      path: `/v1/accounts/${ctx.foreignBuild}/grants`,
      headers: admin,
      body: JSON.stringify(b),
    })),
    fc.record({ credits: fc.constant(5), reason: badText }).map((b) => ({
      method: 'POST',
      path: `/v1/accounts/${ctx.accountId}/grants`,
      headers: admin,
      body: JSON.stringify(b),
    })),
    // A valid body with a malformed Idempotency-Key.
    fc
      .oneof(
        fc.constantFrom('', ' ', 'has space', 'k'.repeat(256)),
        fc.string({ minLength: 256, maxLength: 400 }).map((s) => s.replace(/[^\x21-\x7e]/g, 'x')),
      )
      .map((k) => ({
        method: 'POST',
        path: '/v1/builds',
        headers: { ...json, 'idempotency-key': k },
        body: JSON.stringify({ prompt: 'a cafe', max_credits: 1 }),
      })),
    // Ids that name nothing of ours: garbage, random uuids, another account's build.
    fc
      .tuple(idPath, buildSub)
      .map(([id, sub]) => ({ method: 'GET', path: `/v1/builds/${id}${sub}`, headers: auth })),
    idPath.map((id) => ({ method: 'POST', path: `/v1/builds/${id}/cancel`, headers: auth })),
    idPath.map((id) => ({ method: 'DELETE', path: `/v1/api-keys/${id}`, headers: auth })),
    // Query parameters out of range or of the wrong kind.
    fc
      .oneof(fc.constantFrom('0', '-1', '201', '1e3', 'abc', '1.5'), nasty.map(pathSafe))
      .map((v) => ({ method: 'GET', path: `/v1/ledger?limit=${v}`, headers: auth })),
    nasty.map((v) => ({ method: 'GET', path: `/v1/ledger?cursor=${pathSafe(`x${v}`)}`, headers: auth })),
    nasty.map((v) => ({ method: 'GET', path: `/v1/builds?cursor=${pathSafe(`!${v}`)}`, headers: auth })),
    wellFormedBadCursor.map((c) => ({ method: 'GET', path: `/v1/builds?cursor=${c}`, headers: auth })),
    fc
      .oneof(
        fc.bigInt({ min: 10n ** 18n, max: 10n ** 40n }).map(String),
        fc.constantFrom('-1', '1.5', '1e3', ' 1', '0x10'),
      )
      .map((v) => ({ method: 'GET', path: `/v1/ledger?cursor=${pathSafe(v)}`, headers: auth })),
    nasty.map((v) => ({ method: 'GET', path: `/v1/builds?status=${pathSafe(`x${v}`)}`, headers: auth })),
    fc
      .oneof(nasty, fc.constantFrom('2024-13-01', '2024-02-30', '2024-03-01T24:00:00Z', 'yesterday', '1e10'))
      .map((v) => ({ method: 'GET', path: `/v1/usage?from=${pathSafe(v)}`, headers: auth })),
    nasty.map((v) => ({ method: 'GET', path: `/v1/usage?group_by=${pathSafe(`x${v}`)}`, headers: auth })),
    // Credentials that are missing, wrong, or the wrong kind.
    fc
      .tuple(
        fc.constantFrom('/v1/balance', '/v1/builds', '/v1/ledger', '/v1/usage', '/v1/api-keys'),
        fc.oneof(
          fc.constant(''),
          nasty.map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`),
          fc.constant(`Basic ${ctx.key}`),
        ),
      )
      .map(([p, authorization]): FuzzRequest => ({
        method: 'GET',
        path: p,
        headers: authorization ? { authorization } : {},
      })),
    fc
      .constantFrom('/v1/accounts')
      .map((p) => ({ method: 'POST', path: p, headers: json, body: JSON.stringify({ name: 'not admin' }) })),
    // Routes and methods that do not exist.
    fc
      .tuple(
        fc.constantFrom('PUT', 'PATCH', 'DELETE'),
        fc.constantFrom('/v1/balance', '/v1/builds', '/v1/pricing', '/v1/meta'),
      )
      .map(([method, p]) => ({ method, path: p, headers: auth })),
    nasty.map((v) => ({ method: 'GET', path: `/v1/${pathSafe(v)}`, headers: auth })),
    nasty.map((v) => ({ method: 'GET', path: `/v1/previews/${pathSafe(v)}/index.html`, headers: {} })),
  );
}

describe('gateway: a fuzz run of malformed requests over every endpoint', () => {
  let platform: Platform;
  let ds: DataSource;
  let fuzzer: TestAccount;
  let foreignBuild: string;

  beforeAll(async () => {
    platform = await startPlatform({
      apps: ['api-gateway'],
      label: 'gwfuzz',
      env: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' },
    });
    ds = platform.db!.dataSource;
    fuzzer = await createAccount(platform.gatewayUrl, platform.adminToken, 100, 'fuzzer');
    const victim = await createAccount(platform.gatewayUrl, platform.adminToken, 10, 'victim');
    const res = await fetch(`${platform.gatewayUrl}/v1/builds`, {
      method: 'POST',
      headers: { ...victim.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'the victim build', max_credits: 2 }),
    });
    foreignBuild = ((await res.json()) as { build: { id: string } }).build.id;
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it(`${RUNS} malformed requests get only 4xx with the error envelope; the gateway stays up and the books hold (seed ${SEED})`, async () => {
    const pid = platform.pid('api-gateway');
    const before = await ds.query(
      `SELECT (SELECT count(*) FROM builds)::int AS builds, (SELECT count(*) FROM transfers)::int AS transfers, (SELECT count(*) FROM accounts)::int AS accounts`,
    );
    const samples = fc.sample(
      requests({
        key: fuzzer.apiKey,
        accountId: fuzzer.account.id,
        adminToken: platform.adminToken,
        foreignBuild,
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < samples.length) {
          const r = samples[next++];
          const res = await fetch(`${platform.gatewayUrl}${r.path}`, {
            method: r.method,
            headers: r.headers,
            body: r.body,
          });
          const text = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          let code: unknown;
          try {
            code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
          } catch {
            code = undefined;
          }
          if (res.status < 400 || res.status >= 500 || !(ERROR_CODES as readonly unknown[]).includes(code)) {
            failures.push(
              `${r.method} ${r.path.slice(0, 120)} ${JSON.stringify(r.body)?.slice(0, 120)} → ${res.status} ${text.slice(0, 200)}`,
            );
          }
        }
      }),
    );
    console.log(`fuzz seed ${SEED}: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}`);
    expect(failures).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);

    expect(platform.pid('api-gateway')).toBe(pid);
    expect((await fetch(`${platform.gatewayUrl}/readyz`)).status).toBe(200);
    const after = await ds.query(
      `SELECT (SELECT count(*) FROM builds)::int AS builds, (SELECT count(*) FROM transfers)::int AS transfers, (SELECT count(*) FROM accounts)::int AS accounts`,
    );
    expect(after).toEqual(before);
    const { code, output } = await ledgerCheck(platform.databaseUrl);
    expect(output).toContain('all 9 invariants hold');
    expect(code).toBe(0);
  });
});

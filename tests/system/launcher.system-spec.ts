import {
  APP_LABELS,
  ManagedProcess,
  REPO_ROOT,
  deleteRedisKeys,
  existingApps,
  freePort,
  uniqueRedisPrefix,
  waitUntil,
} from '@autowebiq/testing';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

/**
 * A new user's path: `npm start` with nothing configured brings up embedded Postgres, migrations, every app
 * and a demo account whose printed key works; Ctrl-C stops it all; a second start reuses what the first made.
 * Runs the launcher in a data directory and on ports of its own, so it never meets a developer's `npm start`.
 */
jest.setTimeout(300_000);

const REDIS_URL = 'redis://127.0.0.1:6379';
const apps = existingApps();
const hasGateway = apps.includes('api-gateway');
let dataDir: string;
let ports: { PORT: number; REALTIME_PORT: number; pg: number };
const redisPrefix = uniqueRedisPrefix('launcher');
const running: ManagedProcess[] = [];

async function startLauncher(): Promise<ManagedProcess> {
  const launcher = new ManagedProcess({
    name: 'launcher',
    command: process.execPath,
    args: [
      '-r',
      '@swc-node/register',
      'tools/launcher/start.ts',
      '--data-dir',
      dataDir,
      '--pg-port',
      String(ports.pg),
    ],
    cwd: REPO_ROOT,
    // Nothing about the database or admin token: the launcher has to provide them.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(ports.PORT),
      REALTIME_PORT: String(ports.REALTIME_PORT),
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
    },
  });
  running.push(launcher);
  launcher.start();
  await waitUntil(
    () => launcher.logs(),
    (logs) => logs.includes('Press Ctrl-C to stop'),
    {
      what: 'the launcher to come up',
      timeoutMs: 180_000,
      intervalMs: 200,
      abortWhen: () => (launcher.isRunning ? undefined : 'it exited'),
      describe: (logs) => `its output:\n${logs}`,
    },
  );
  return launcher;
}

/** A new connection per probe: a kept-alive one would be served by a server that is already closing. */
const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(1000), headers: { connection: 'close' } }).then(
    (r) => r.ok,
    () => false,
  );

/** The app processes still alive, for a failure message: which one outlived its launcher, and for how long. */
const appProcesses = () =>
  execFileSync('ps', ['-eo', 'pid,pgid,etime,stat,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('dist/apps/'))
    .join('\n');

async function embeddedDb(): Promise<Client> {
  const { user, password } = JSON.parse(readFileSync(path.join(dataDir, 'pg.json'), 'utf8'));
  const client = new Client({ host: '127.0.0.1', port: ports.pg, user, password, database: 'autowebiq' });
  await client.connect();
  return client;
}

const pgAnswers = () =>
  embeddedDb().then(
    (c) => c.end().then(() => true),
    () => false,
  );

const demoKey = (logs: string) => /Demo API key\s+(\S+)/.exec(logs)?.[1];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'awq-launcher-'));
  // As root, Postgres runs as the postgres user, which must reach its data directory.
  chmodSync(dataDir, 0o755);
  ports = { PORT: await freePort(), REALTIME_PORT: await freePort(), pg: await freePort() };
});

afterAll(async () => {
  await Promise.all(running.map((l) => l.stop()));
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already stopped.
    }
    for (let i = 0; i < 100 && existsSync(pidFile); i++) await sleep(100);
  }
  rmSync(dataDir, { recursive: true, force: true });
  await deleteRedisKeys(REDIS_URL, redisPrefix);
});

describe('npm start', () => {
  let firstKey: string | undefined;

  it('on a first run: embedded Postgres, migrations, every app ready, a demo account whose key works', async () => {
    const launcher = await startLauncher();
    const logs = launcher.logs();
    expect(logs).toContain('initialising embedded Postgres');
    expect(logs).toContain(`embedded Postgres listening on 127.0.0.1:${ports.pg}`);
    expect(logs).toMatch(/applied migrations: \S+/);
    expect(logs).toMatch(/Admin token\s+\S{32}\s+\(generated/);
    for (const app of apps) expect(logs).toContain(`${APP_LABELS[app]} ready`);

    const db = await embeddedDb();
    const { rows } = await db.query('SELECT count(*)::int AS n FROM migrations');
    await db.end();
    expect(rows[0].n).toBeGreaterThan(0);

    if (hasGateway) {
      firstKey = demoKey(logs);
      expect(firstKey).toBeDefined();
      const curl = `curl -H "Authorization: Bearer ${firstKey}" http://127.0.0.1:${ports.PORT}/v1/balance`;
      expect(logs).toContain(curl);
      const res = await fetch(`http://127.0.0.1:${ports.PORT}/v1/balance`, {
        headers: { authorization: `Bearer ${firstKey}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        credits: 100,
        held: 0,
        total: 100,
        credits_micro: '100000000',
      });
      expect(JSON.parse(readFileSync(path.join(dataDir, 'demo.json'), 'utf8')).api_key).toBe(firstKey);
    } else {
      expect(demoKey(logs)).toBeUndefined();
    }

    await launcher.stop(60_000);
    expect(launcher.lastExit).toMatchObject({ code: 0, requested: true });
    expect(launcher.logs()).toContain('stopped');
    expect(await pgAnswers()).toBe(false);
    expect(await answers(`http://127.0.0.1:${ports.PORT}/healthz`)).toBe(false);
    expect(await answers(`http://127.0.0.1:${ports.REALTIME_PORT}/healthz`)).toBe(false);
  });

  it('on a later run reuses the database and the demo account; killed outright, it leaves no app behind', async () => {
    const launcher = await startLauncher();
    const logs = launcher.logs();
    expect(logs).not.toContain('initialising embedded Postgres');
    expect(logs).toContain('database schema is up to date');
    if (hasGateway) {
      expect(logs).toContain('reusing the demo account');
      expect(demoKey(logs)).toBe(firstKey);
    }

    await launcher.kill('SIGKILL');
    const answering = async () => {
      const named = { gateway: ports.PORT, realtime: ports.REALTIME_PORT };
      const up = await Promise.all(Object.values(named).map((p) => answers(`http://127.0.0.1:${p}/healthz`)));
      return Object.keys(named).filter((_, i) => up[i]);
    };
    await waitUntil(answering, (apps) => apps.length === 0, {
      what: 'no app to answer once the launcher is killed',
      timeoutMs: 20_000,
      intervalMs: 200,
      details: () => `app processes still running:\n${appProcesses()}`,
    });
    // Postgres runs detached on purpose, so the next start finds and reuses it.
    expect(await pgAnswers()).toBe(true);

    const again = await startLauncher();
    expect(again.logs()).toContain(`embedded Postgres already running on port ${ports.pg}`);
    await again.stop(60_000);
    expect(again.lastExit).toMatchObject({ code: 0 });
    expect(await pgAnswers()).toBe(false);
  });
});

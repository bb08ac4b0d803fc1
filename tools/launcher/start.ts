import { loadConfig, type Config } from '@autowebiq/config';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  APP_LABELS,
  ManagedProcess,
  REPO_ROOT,
  appCommand,
  buildDist,
  existingApps,
  freePort,
  healthUrl,
  killChildrenOnExit,
  waitForHttp,
  type AppName,
} from '@autowebiq/testing';
import { prepareDatabase, redactUrl } from './database';
import { ensureDemoAccount, type DemoAccount } from './demo-account';
import { bold, log, prefixedWriter } from './log';
import { EMBEDDED_PG_PORT, startEmbeddedPostgres } from './postgres';
import { ensureRedis } from './redis';

/**
 * `npm start`: the whole platform on one machine. The apps compiled into dist (when a source is newer than it),
 * Postgres (embedded unless DATABASE_URL is set), Redis (REDIS_URL, or a redis-server of our own), migrations,
 * every app that exists as its own supervised process running the compiled JavaScript, and a demo account.
 * Ctrl-C stops the apps first, then what they depend on.
 * Options (for running a second copy, e.g. in tests): --data-dir DIR (default .data), --pg-port N.
 */
const { values: args } = parseArgs({
  options: { 'data-dir': { type: 'string' }, 'pg-port': { type: 'string' } },
});
const DATA_DIR = path.resolve(args['data-dir'] ?? path.join(REPO_ROOT, '.data'));
const PG_PORT = Number(args['pg-port'] ?? EMBEDDED_PG_PORT);
const READY_TIMEOUT_MS = 120_000;
const RESTART = { initialDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 30_000 };

/** Undo steps, run last-in first-out: apps stop before Redis and Postgres. */
const cleanups: Array<() => Promise<void>> = [];
const children: ManagedProcess[] = [];
let stopping = false;
let stoppingSince = 0;

async function shutdown(code: number): Promise<never> {
  if (stopping) {
    // One Ctrl-C can arrive twice (from the terminal and forwarded by npm); only a later one means "now".
    if (Date.now() - stoppingSince < 2000) return new Promise<never>(() => undefined);
    log('second signal: killing everything now');
    for (const child of children) child.signalGroup('SIGKILL');
    process.exit(code || 130);
  }
  stopping = true;
  stoppingSince = Date.now();
  log('stopping…');
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((e: Error) => log(`while stopping: ${e.message}`));
  }
  log('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  killChildrenOnExit();
  mkdirSync(DATA_DIR, { recursive: true });
  const defaults = loadConfig({});
  loadConfig(process.env);
  const built = await buildDist();
  log(built ? `compiled ${built.compiled} files into dist/ in ${built.ms} ms` : 'dist/ is up to date');

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres(DATA_DIR, PG_PORT, log);
    cleanups.push(() => pg.stop());
    databaseUrl = `${pg.serverUrl}/autowebiq`;
  }
  log(`database ${redactUrl(databaseUrl)}`);
  await prepareDatabase(databaseUrl, log);

  const redis = await ensureRedis({
    url: process.env.REDIS_URL ?? defaults.REDIS_URL,
    explicit: Boolean(process.env.REDIS_URL),
    dataDir: DATA_DIR,
    confFile: path.join(REPO_ROOT, 'infra', 'redis', 'redis.conf'),
    root: REPO_ROOT,
    log,
    onLine: prefixedWriter('redis'),
  });
  cleanups.push(() => redis.stop());

  const generatedToken = !process.env.ADMIN_TOKEN;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? randomBytes(24).toString('base64url'),
  };
  const config = loadConfig(env);
  env.REALTIME_URL ??= `http://${displayHost(config)}:${config.REALTIME_PORT}`;

  const apps = existingApps();
  if (!apps.length) log('no app has a src/main.ts yet: only Postgres and Redis are running');
  const healthUrls = await startApps(apps, env, config);
  cleanups.push(() => Promise.all(children.map((c) => c.stop())).then(() => undefined));

  const ready = await waitForApps(healthUrls);
  const gatewayUrl = `http://${displayHost(config)}:${config.PORT}`;
  let demo: DemoAccount | undefined;
  if (ready.has('api-gateway')) {
    const file = path.join(DATA_DIR, 'demo.json');
    const account = await ensureDemoAccount({
      gatewayUrl,
      adminToken: env.ADMIN_TOKEN!,
      credits: config.DEMO_CREDITS,
      file,
      log,
    });
    if (account.created)
      log(`created the demo account with ${config.DEMO_CREDITS} credits (key saved in ${file})`);
    else log(`reusing the demo account saved in ${file}`);
    demo = account;
  } else if (apps.includes('api-gateway')) {
    log('the gateway is not ready, so there is no demo account yet; see its log lines above');
  }
  printBanner({ gatewayUrl, config, env, demo, generatedToken, databaseUrl, redisUrl: redis.url, apps });
  // Keeps the launcher alive even when no child process (or our own Redis) holds the event loop.
  setInterval(() => undefined, 1 << 30);
}

async function startApps(
  apps: AppName[],
  env: NodeJS.ProcessEnv,
  config: Config,
): Promise<Map<AppName, string>> {
  const urls = new Map<AppName, string>();
  for (const app of apps) {
    // Each worker needs a health port of its own on one machine; containers use a fixed one instead.
    const ports = { PORT: config.PORT, REALTIME_PORT: config.REALTIME_PORT, HEALTH_PORT: await freePort() };
    const write = prefixedWriter(APP_LABELS[app]);
    const child = new ManagedProcess(
      {
        name: app,
        ...appCommand(app),
        cwd: REPO_ROOT,
        env: { ...env, HEALTH_PORT: String(ports.HEALTH_PORT) },
      },
      {
        onLine: write,
        restart: RESTART,
        onExit: (exit) => {
          if (exit.requested || stopping) return;
          const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
          log(`${APP_LABELS[app]} died (${how}); restarting in ${(exit.restartInMs ?? 0) / 1000} s`);
        },
      },
    );
    children.push(child);
    child.start();
    urls.set(app, healthUrl(app, ports));
  }
  return urls;
}

async function waitForApps(urls: Map<AppName, string>): Promise<Set<AppName>> {
  const ready = new Set<AppName>();
  await Promise.all(
    [...urls].map(async ([app, url]) => {
      try {
        await waitForHttp(url, { timeoutMs: READY_TIMEOUT_MS });
        ready.add(app);
        log(`${APP_LABELS[app]} ready (${url})`);
      } catch (e) {
        log(`${APP_LABELS[app]} not ready: ${(e as Error).message}`);
      }
    }),
  );
  return ready;
}

const displayHost = (config: Config) =>
  ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;

interface BannerFacts {
  gatewayUrl: string;
  config: Config;
  env: NodeJS.ProcessEnv;
  demo?: DemoAccount;
  generatedToken: boolean;
  databaseUrl: string;
  redisUrl: string;
  apps: AppName[];
}

function printBanner(f: BannerFacts): void {
  const rows: Array<[string, string]> = [];
  if (f.apps.includes('api-gateway')) {
    rows.push(['Workspace', `${f.gatewayUrl}/`], ['API docs', `${f.gatewayUrl}/docs`]);
  }
  if (f.apps.includes('realtime')) rows.push(['Realtime', f.env.REALTIME_URL!]);
  rows.push([
    'Admin token',
    `${f.env.ADMIN_TOKEN}${f.generatedToken ? '  (generated for this run; set ADMIN_TOKEN to keep one)' : ''}`,
  ]);
  if (f.demo)
    rows.push(['Demo API key', `${f.demo.api_key}  (saved in ${path.join(DATA_DIR, 'demo.json')})`]);
  rows.push(['Database', redactUrl(f.databaseUrl)], ['Redis', f.redisUrl]);
  rows.push(['Apps', f.apps.length ? f.apps.join(', ') : '(none yet)']);
  const lines = ['', bold('AutoWebIQ is running'), ...rows.map(([k, v]) => `  ${k.padEnd(13)} ${v}`)];
  if (f.demo) {
    lines.push(
      '',
      '  Try:',
      `  curl -H "Authorization: Bearer ${f.demo.api_key}" ${f.gatewayUrl}/v1/balance`,
    );
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  for (const line of lines) log(line);
}

main().catch(async (e: Error) => {
  log(`cannot start: ${e.message}`);
  await shutdown(1);
});

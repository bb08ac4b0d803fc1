import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { REPO_ROOT, appCommand, healthUrl, type AppName, type AppLaunch, type AppPorts } from './apps';
import { buildDist } from './dist-build';
import { freePort, waitForHttp } from './net';
import { ManagedProcess } from './processes';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '../test-database';

export interface PlatformOptions {
  /** The apps to run as real processes; name one twice for a second instance (`realtime`, `realtime#2`). */
  apps: AppName[];
  /** Extra environment for every app (over the harness's own). */
  env?: Record<string, string>;
  /** Extra environment for one app's instances. */
  appEnv?: Partial<Record<AppName, Record<string, string>>>;
  /** Use this database as it is (a test's own Postgres); otherwise a fresh migrated one is created and dropped. */
  databaseUrl?: string;
  /** Default: the machine's Redis at 127.0.0.1:6379, under a fresh key prefix. */
  redisUrl?: string;
  /** How long each app may take to answer its health check. */
  readyTimeoutMs?: number;
  /** Shows up in the database name and Redis prefix, to tell test runs apart. */
  label?: string;
  /**
   * How the apps run; by default compiled, as in production, with dist rebuilt first when any source is newer
   * than it, so tests never run stale code.
   */
  launch?: AppLaunch;
}

export interface Platform {
  /** The first gateway instance; all of them in `gatewayUrls`. */
  gatewayUrl: string;
  gatewayUrls: string[];
  /** The first realtime instance; all of them in `realtimeUrls`. */
  realtimeUrl: string;
  realtimeUrls: string[];
  adminToken: string;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** The environment every app got (before its own ports). */
  env: Record<string, string>;
  /** The test database, when the harness created it: query it directly through `db.dataSource`. */
  db?: TestDatabase;
  /** Instance ids: `api-gateway`, `realtime`, `realtime#2`, … */
  instances(): string[];
  /** Signals an instance (SIGKILL by default) and waits until it is gone; it stays down until `restart`. */
  kill(instance: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts an instance again (stopping it first if it runs) on the same ports and waits until it is healthy. */
  restart(instance: string): Promise<void>;
  /** Starts one more instance of an app and waits until it is healthy; returns its id. */
  add(app: AppName, env?: Record<string, string>): Promise<string>;
  pid(instance: string): number | undefined;
  /** What an instance (or, without an argument, every instance) wrote to stdout and stderr. */
  logs(instance?: string): string;
  /** Stops every app, drops the database the harness created and deletes the run's Redis keys. */
  stop(): Promise<void>;
}

interface Instance {
  id: string;
  app: AppName;
  health: string;
  process: ManagedProcess;
}

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Runs the given apps as real child processes (exactly as `npm start` does) on free ports, with a database
 * and Redis prefix of their own, and resolves once every one of them answers its health check.
 */
export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  if (opts.launch?.runtime !== 'typescript') await buildDist();
  const label = opts.label ?? 'platform';
  const db = opts.databaseUrl ? undefined : await createTestDatabase(label);
  const databaseUrl = opts.databaseUrl ?? db!.url;
  const redisUrl = opts.redisUrl ?? DEFAULT_REDIS_URL;
  const redisPrefix = uniqueRedisPrefix(label);
  const adminToken = randomBytes(24).toString('base64url');
  const gatewayPort = await freePort();
  const realtimePort = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(gatewayPort),
    REALTIME_PORT: String(realtimePort),
    PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
    REALTIME_URL: `http://127.0.0.1:${realtimePort}`,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    ADMIN_TOKEN: adminToken,
    LLM_PROVIDER: 'offline',
    ...opts.env,
  };
  const instances = new Map<string, Instance>();
  const unexpectedExits: string[] = [];
  let stopped = false;

  const portsFor = async (app: AppName, first: boolean): Promise<AppPorts> => ({
    PORT: app === 'api-gateway' && !first ? await freePort() : gatewayPort,
    REALTIME_PORT: app === 'realtime' && !first ? await freePort() : realtimePort,
    HEALTH_PORT: await freePort(),
  });

  const create = async (app: AppName, extraEnv: Record<string, string> = {}): Promise<Instance> => {
    const count = [...instances.values()].filter((i) => i.app === app).length;
    const id = count ? `${app}#${count + 1}` : app;
    const ports = await portsFor(app, count === 0);
    const instanceEnv = {
      ...env,
      ...opts.appEnv?.[app],
      ...extraEnv,
      PORT: String(ports.PORT),
      REALTIME_PORT: String(ports.REALTIME_PORT),
      HEALTH_PORT: String(ports.HEALTH_PORT),
    };
    const proc = new ManagedProcess(
      { name: id, ...appCommand(app, opts.launch), cwd: REPO_ROOT, env: instanceEnv },
      { onExit: (exit) => !exit.requested && !stopped && unexpectedExits.push(id) },
    );
    const instance = { id, app, health: healthUrl(app, ports), process: proc };
    instances.set(id, instance);
    return instance;
  };

  const readyTimeoutMs = opts.readyTimeoutMs ?? 90_000;
  const launch = async (instance: Instance): Promise<void> => {
    instance.process.start();
    try {
      await waitForHttp(instance.health, {
        timeoutMs: readyTimeoutMs,
        abortWhen: () => {
          const exit = instance.process.lastExit;
          if (instance.process.isRunning || !exit) return undefined;
          return `it exited (${exit.signal ?? `code ${exit.code}`})`;
        },
      });
    } catch (e) {
      throw new Error(`${instance.id} did not become ready: ${(e as Error).message}\n${section(instance)}`);
    }
  };

  const urlsOf = (app: AppName, port: keyof AppPorts) =>
    [...instances.values()]
      .filter((i) => i.app === app)
      .map((i) => `http://127.0.0.1:${i.process.spec.env[port]}`);

  const get = (id: string): Instance => {
    const instance = instances.get(id);
    if (!instance) throw new Error(`no instance "${id}"; there are: ${[...instances.keys()].join(', ')}`);
    return instance;
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all([...instances.values()].map((i) => i.process.stop()));
    for (const id of new Set(unexpectedExits)) {
      console.error(`[platform] ${id} died during the test without being asked to:\n${section(get(id))}`);
    }
    await db?.drop();
    await deleteRedisKeys(redisUrl, redisPrefix);
  };

  const platform: Platform = {
    gatewayUrl: env.PUBLIC_URL,
    get gatewayUrls() {
      return urlsOf('api-gateway', 'PORT');
    },
    realtimeUrl: env.REALTIME_URL,
    get realtimeUrls() {
      return urlsOf('realtime', 'REALTIME_PORT');
    },
    adminToken,
    databaseUrl,
    redisUrl,
    redisPrefix,
    env,
    db,
    instances: () => [...instances.keys()],
    kill: (id, signal = 'SIGKILL') => get(id).process.kill(signal),
    async restart(id) {
      const instance = get(id);
      await instance.process.stop();
      await launch(instance);
    },
    async add(app, extraEnv) {
      const instance = await create(app, extraEnv);
      await launch(instance);
      return instance.id;
    },
    pid: (id) => get(id).process.pid,
    logs: (id) => (id ? get(id).process.logs() : [...instances.values()].map(section).join('\n')),
    stop,
  };

  try {
    const created: Instance[] = [];
    for (const app of opts.apps) created.push(await create(app));
    await Promise.all(created.map(launch));
  } catch (e) {
    // The error already carries the output of the app that did not come up.
    unexpectedExits.length = 0;
    await stop();
    throw e;
  }
  return platform;
}

const section = (i: Instance) =>
  `----- ${i.id} -----\n${i.process.logs().split('\n').slice(-200).join('\n')}`;

/** Deletes every key whose name contains `prefix` (a uniqueRedisPrefix() is random, so that is safe). */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, {
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    lazyConnect: true,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // A test that stopped its own Redis has nothing left to clean.
  } finally {
    redis.disconnect();
  }
}

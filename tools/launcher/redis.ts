import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { ManagedProcess } from '@autowebiq/testing';

/** Not 6379, so our own server never shadows one the user starts later. */
export const OWN_REDIS_PORT = 63790;

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

export interface RedisOptions {
  url: string;
  /** The user named this Redis (REDIS_URL): never replace it with one of our own. */
  explicit: boolean;
  dataDir: string;
  confFile: string;
  root: string;
  log: (line: string) => void;
  onLine: (line: string) => void;
}

const none = async () => undefined;

/** The Redis at `url` when one answers; else, when REDIS_URL was not given, a redis-server of our own. */
export async function ensureRedis(opts: RedisOptions): Promise<RedisHandle> {
  if (await ping(opts.url)) {
    opts.log(`Redis answers at ${opts.url}`);
    return { url: opts.url, stop: none };
  }
  if (opts.explicit) {
    throw new Error(
      `No Redis answers at REDIS_URL=${opts.url}. Start it, or unset REDIS_URL to let npm start run one.`,
    );
  }
  const ownUrl = `redis://127.0.0.1:${OWN_REDIS_PORT}`;
  const binary = findOnPath('redis-server');
  if (!binary) {
    throw new Error(
      [
        `No Redis answers at ${opts.url} and redis-server is not installed. Either:`,
        '  - install it: sudo apt-get install redis-server (Debian/Ubuntu), brew install redis (macOS); npm start then runs it itself;',
        '  - or run one: docker run -d -p 6379:6379 redis:7;',
        '  - or point REDIS_URL at a running Redis.',
      ].join('\n'),
    );
  }
  const dir = path.join(opts.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const server = new ManagedProcess(
    {
      name: 'redis',
      command: binary,
      args: [
        ...(existsSync(opts.confFile) ? [opts.confFile] : []),
        ...['--port', String(OWN_REDIS_PORT), '--bind', '127.0.0.1', '--protected-mode', 'yes'],
        ...['--dir', dir, '--daemonize', 'no', '--logfile', ''],
      ],
      cwd: opts.root,
      env: process.env,
    },
    { onLine: opts.onLine },
  );
  server.start();
  const deadline = Date.now() + 15_000;
  while (!(await ping(ownUrl))) {
    if (!server.isRunning) throw new Error(`redis-server exited at start:\n${server.logs()}`);
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`redis-server did not answer on ${ownUrl} within 15 s:\n${server.logs()}`);
    }
    await sleep(100);
  }
  opts.log(`no Redis at ${opts.url}; started redis-server on ${ownUrl} (data in ${dir})`);
  return { url: ownUrl, stop: () => server.stop() };
}

export async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function findOnPath(binary: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, binary))
    .find((candidate) => existsSync(candidate));
}

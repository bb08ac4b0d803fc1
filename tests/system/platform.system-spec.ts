import { startPlatform, type Platform } from '@autowebiq/testing';
import Redis from 'ioredis';
import { Client } from 'pg';

/** The harness every system test stands on: real processes, their own database and Redis prefix, faults on demand. */
jest.setTimeout(120_000);

const answers = async (url: string) => {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
};

const serverUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
async function databaseExists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('startPlatform', () => {
  let platform: Platform;
  let redis: Redis;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['realtime', 'realtime'], label: 'harness' });
    redis = new Redis(platform.redisUrl);
  });

  afterAll(async () => {
    redis.disconnect();
    await platform?.stop();
  });

  it('runs each instance as its own healthy process on its own port, with a fresh migrated database', async () => {
    expect(platform.instances()).toEqual(['realtime', 'realtime#2']);
    const [a, b] = platform.realtimeUrls;
    expect(a).toBe(platform.realtimeUrl);
    expect(a).not.toBe(b);
    expect(await answers(`${a}/healthz`)).toBe(true);
    expect(await answers(`${b}/healthz`)).toBe(true);
    expect(platform.pid('realtime')).not.toBe(platform.pid('realtime#2'));
    const migrations = await platform.db!.dataSource.query('SELECT name FROM migrations');
    expect(migrations.length).toBeGreaterThan(0);
    expect(platform.env.REDIS_PREFIX).toBe(platform.redisPrefix);
    expect(platform.logs('realtime')).toMatch(/realtime listening on/);
  });

  it('kills an instance on demand, leaves it down, and restarts it on the same port', async () => {
    const [, b] = platform.realtimeUrls;
    const pid = platform.pid('realtime#2')!;
    await platform.kill('realtime#2');
    expect(platform.pid('realtime#2')).toBeUndefined();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await answers(`${b}/healthz`)).toBe(false);
    expect(await answers(`${platform.realtimeUrl}/healthz`)).toBe(true);

    await platform.restart('realtime#2');
    expect(await answers(`${b}/healthz`)).toBe(true);
    expect(platform.pid('realtime#2')).not.toBe(pid);
    expect(platform.logs('realtime#2')).toMatch(/exited \(signal SIGKILL\)/);
  });

  it('adds instances at run time', async () => {
    const id = await platform.add('realtime');
    expect(id).toBe('realtime#3');
    expect(platform.realtimeUrls).toHaveLength(3);
    expect(await answers(`${platform.realtimeUrls[2]}/healthz`)).toBe(true);
  });

  it('stop() ends every process, drops its database and deletes its Redis keys', async () => {
    const pids = platform.instances().map((id) => platform.pid(id)!);
    const name = platform.db!.name;
    await redis.set(`{${platform.redisPrefix}}:probe`, '1');
    await redis.set(`${platform.redisPrefix}:other`, '1');
    const bystander = `harness-bystander-${process.pid}`;
    await redis.set(bystander, '1');

    await platform.stop();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(await databaseExists(name)).toBe(false);
    expect(await redis.exists(`{${platform.redisPrefix}}:probe`, `${platform.redisPrefix}:other`)).toBe(0);
    expect(await redis.get(bystander)).toBe('1');
    await redis.del(bystander);
  });
});

describe('startPlatform when an app cannot start', () => {
  it('fails with the reason and the output of the app that did not come up, and cleans up', async () => {
    const error = await startPlatform({
      apps: ['realtime'],
      label: 'harnessbad',
      env: { REDIS_PREFIX: 'NOT A VALID PREFIX' },
      readyTimeoutMs: 30_000,
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/realtime did not become ready: .* it exited \(code 1\)/);
    expect((error as Error).message).toMatch(/REDIS_PREFIX/);
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    const left = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'awq_harnessbad_%'");
    await client.end();
    expect(left.rows).toEqual([]);
  });
});

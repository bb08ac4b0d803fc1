import { uniqueRedisPrefix } from '@autowebiq/testing';
import { randomUUID } from 'node:crypto';
import { BuildCancelledError, CancelFlag } from './cancel-flag';
import { redisForSpec } from './redis-spec-support';

const aborted = (signal: AbortSignal) =>
  new Promise<unknown>((resolve) =>
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true }),
  );

describe('CancelFlag', () => {
  const prefix = uniqueRedisPrefix('cancel');
  const { connect, cleanup } = redisForSpec(prefix);
  const flags: CancelFlag[] = [];
  const flag = (pollMs = 60_000) => {
    const f = new CancelFlag(connect(), { prefix, ttlSeconds: 60, pollMs });
    flags.push(f);
    return f;
  };
  afterAll(async () => {
    await Promise.all(flags.map((f) => f.close()));
    await cleanup();
  });

  it('sets, reads and clears the reason', async () => {
    const f = flag();
    const buildId = randomUUID();
    expect(await f.isSet(buildId)).toBe(false);
    await f.set(buildId, 'over_budget');
    expect(await f.get(buildId)).toBe('over_budget');
    await f.clear(buildId);
    expect(await f.isSet(buildId)).toBe(false);
  });

  it('aborts a watcher in another process quickly when the flag is set', async () => {
    const watcher = flag();
    const setter = flag();
    const buildId = randomUUID();
    const other = watcher.watch(randomUUID());
    const watch = watcher.watch(buildId);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const reason = aborted(watch.signal);
    await setter.set(buildId, 'cancelled');
    const error = await reason;
    expect(Date.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(BuildCancelledError);
    expect((error as BuildCancelledError).reason).toBe('cancelled');
    expect(other.signal.aborted).toBe(false);
    watch.stop();
    other.stop();
  });

  it('aborts at once when the flag was set before watching, and follows the parent signal', async () => {
    const f = flag();
    const buildId = randomUUID();
    await f.set(buildId);
    const watch = f.watch(buildId);
    await expect(aborted(watch.signal)).resolves.toBeInstanceOf(BuildCancelledError);
    watch.stop();

    const parent = new AbortController();
    const child = f.watch(randomUUID(), parent.signal);
    parent.abort(new Error('shutdown'));
    expect(child.signal.aborted).toBe(true);
    expect((child.signal.reason as Error).message).toBe('shutdown');
    child.stop();
  });

  it('still notices a flag set without a pub/sub message, by polling', async () => {
    const f = flag(100);
    const buildId = randomUUID();
    const watch = f.watch(buildId);
    await new Promise((r) => setTimeout(r, 50));
    await connect().set(`${prefix}:build:{${buildId}}:cancel`, 'cancelled');
    await expect(aborted(watch.signal)).resolves.toBeInstanceOf(BuildCancelledError);
    watch.stop();
  });
});

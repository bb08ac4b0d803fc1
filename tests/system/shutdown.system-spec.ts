import { startPlatform, type Platform } from '@autowebiq/testing';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(120_000);

/**
 * A SIGTERM'd app must stop reporting itself healthy and exit, even while a client keeps an HTTP connection
 * busy: a load balancer or probe polling /healthz over keep-alive must not hold a process up forever.
 */
describe('shutdown: a SIGTERM ends an app while a client keeps its connection busy', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['api-gateway', 'realtime'], label: 'shutdown' });
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it.each([
    ['realtime', () => platform.realtimeUrl],
    ['api-gateway', () => platform.gatewayUrl],
  ])('%s', async (instance, url) => {
    const statuses: (number | string)[] = [];
    let probing = true;
    // fetch keeps its connections alive; four probes back to back always have one of them in flight.
    const probe = async () => {
      while (probing) {
        statuses.push(
          await fetch(`${url()}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
            (r) => r.status,
            (e: Error) => e.name,
          ),
        );
      }
    };
    const prober = Promise.all([probe(), probe(), probe(), probe()]);
    await sleep(300);
    expect(statuses.length).toBeGreaterThan(3);
    expect(new Set(statuses)).toEqual(new Set([200]));

    const started = Date.now();
    const exited = platform.kill(instance, 'SIGTERM').then(() => Date.now() - started);
    const tookMs = await Promise.race([exited, sleep(15_000).then(() => Infinity)]);
    probing = false;
    await prober;
    expect({ instance, tookMs: tookMs === Infinity ? 'still running after 15 s' : 'exited' }).toEqual({
      instance,
      tookMs: 'exited',
    });
    // Once it began stopping it no longer said it was healthy.
    const last = statuses.lastIndexOf(200);
    expect(statuses.slice(last + 1).length).toBeGreaterThan(0);
  });
});

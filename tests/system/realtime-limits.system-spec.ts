import type { BuildEvent } from '@autowebiq/contracts';
import { insertBuildRow } from '@autowebiq/testing';
import {
  buildTimeline,
  metricValue,
  Recorder,
  sleep,
  startRealtimeFixture,
  subscribe,
  type Client,
  type RealtimeFixture,
  type RealtimeNode,
} from './realtime-support';

jest.setTimeout(60_000);

const STALL_MS = 300;

let fx: RealtimeFixture;
let node: RealtimeNode;
let owner: { id: string; key: string };
const open = () => fx.open(node, owner.key);

const disconnection = (client: Client) =>
  new Promise<string>((resolve) => client.once('disconnect', (reason) => resolve(reason)));

/** A healthy client watching a fresh build, and a publisher of that build's events. */
async function watchedBuild() {
  const buildId = await insertBuildRow(fx.db.dataSource, owner.id);
  const healthy = await open();
  const log = new Recorder(healthy);
  expect(await subscribe(healthy, { build_id: buildId })).toEqual({ ok: true, replayed: 0 });
  const publish = async (count: number, detailBytes = 0) => {
    const out: BuildEvent[] = [];
    const inputs = buildTimeline(detailBytes);
    for (let i = 0; i < count; i++)
      out.push(await fx.publisher.publishBuildEvent(owner.id, buildId, inputs[i % inputs.length]));
    return out;
  };
  return { buildId, healthy, log, publish };
}

beforeAll(async () => {
  fx = await startRealtimeFixture('rtlimits', 1, {
    REALTIME_SUBSCRIBE_BURST: '5',
    REALTIME_SUBSCRIBE_PER_SECOND: '2',
    REALTIME_STALL_MS: String(STALL_MS),
  });
  [node] = fx.nodes;
  owner = await fx.account();
});

afterAll(() => fx?.close());

it('disconnects a client that floods subscribe, and only that client', async () => {
  const { buildId, healthy, log, publish } = await watchedBuild();
  const flooder = await open();
  const gone = disconnection(flooder);
  const acks = Array.from({ length: 12 }, () =>
    subscribe(flooder, { build_id: buildId }).catch((e: Error) => e),
  );

  expect(await gone).toBe('io server disconnect');
  const answered = (await Promise.all(acks)).filter((a) => !(a instanceof Error));
  expect(answered).toContainEqual({
    ok: false,
    error: { code: 'rate_limited', message: expect.any(String) },
  });
  // The burst allowance (5) is all it could have had accepted before being cut off.
  expect(answered.filter((a) => 'ok' in a && a.ok).length).toBeLessThanOrEqual(5);

  const events = await publish(3);
  await log.until((es) => es.length === 3, 'the healthy client to keep receiving');
  expect(log.events).toEqual(events);
  expect(healthy.connected).toBe(true);
});

it('disconnects a client that sends an oversized message, and only that client', async () => {
  const { buildId, healthy, log, publish } = await watchedBuild();
  const big = await open();
  const gone = disconnection(big);
  big.emit('subscribe', { build_id: buildId, padding: 'x'.repeat(64 * 1024) } as never, () => undefined);

  expect(await gone).toMatch(/transport (close|error)/);
  const events = await publish(3);
  await log.until((es) => es.length === 3, 'the healthy client to keep receiving');
  expect(log.events).toEqual(events);
  expect(healthy.connected).toBe(true);
});

it('keeps delivering to others while one client stalls, then catches the stalled one up without a gap', async () => {
  const { buildId, log, publish } = await watchedBuild();
  const slow = await open();
  const slowLog = new Recorder(slow);
  expect((await subscribe(slow, { build_id: buildId })).ok).toBe(true);
  // Stop reading the socket, as a client on a dead network or a frozen tab would.
  const ws = (slow.io.engine.transport as unknown as { ws: { pause(): void; resume(): void } }).ws;
  ws.pause();

  // Enough to fill the kernel's socket buffers, so later packets back up inside the server.
  const first = await publish(40, 200_000);
  await log.until((es) => es.length === first.length, 'the healthy client to get the first burst', 20_000);
  await sleep(STALL_MS * 2);
  const second = await publish(40, 1000);
  const started = Date.now();
  await log.until(
    (es) => es.length === first.length + second.length,
    'the healthy client to get the second burst',
  );
  expect(Date.now() - started).toBeLessThan(2000);
  expect(metricValue(await node.metrics(), 'realtime_stalled_subscriptions_total')).toBeGreaterThanOrEqual(1);
  expect(slowLog.events.length).toBeLessThan(first.length + second.length);

  ws.resume();
  const all = [...first, ...second];
  await slowLog.until((es) => es.length >= all.length, 'the stalled client to catch up', 20_000);
  expect(slowLog.events).toEqual(all);
  expect(log.events).toEqual(all);
});

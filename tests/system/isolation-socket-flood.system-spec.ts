import type { BuildEvent } from '@autowebiq/contracts';
import { insertBuildRow, waitUntil } from '@autowebiq/testing';
import { Manager } from 'socket.io-client';
import {
  buildTimeline,
  connect,
  metricValue,
  Recorder,
  sleep,
  startRealtimeFixture,
  subscribe,
  type Client,
  type RealtimeFixture,
  type RealtimeNode,
} from './realtime-support';

jest.setTimeout(120_000);

const CAP = 50;
const ATTEMPTS = 2000;
const WAVE = 200;

type Outcome = { client: Client; connected: true } | { client: Client; connected: false; message: string };
type Transport = Manager & { engine: { readyState: string } };
type RawOutcome = { transport: Transport; connected: boolean; message?: string };

/**
 * An attacker's socket: the transport is opened and the namespace CONNECT sent by hand, so nothing on the
 * client side closes the transport after a refusal (socket.io-client would), and it answers pings like any client.
 */
function idleTransport(url: string, key: string): Promise<RawOutcome> {
  const transport = new Manager(url, {
    transports: ['websocket'],
    reconnection: false,
    autoConnect: false,
  }) as Transport;
  return new Promise((resolve, reject) => {
    transport.open((err) => {
      if (err) return reject(err);
      const engine = transport.engine as unknown as {
        on(e: 'message', f: (d: unknown) => void): void;
        send(d: string): void;
      };
      engine.on('message', (data) => {
        const packet = String(data);
        if (packet.startsWith('0')) resolve({ transport, connected: true });
        if (packet.startsWith('4'))
          resolve({ transport, connected: false, message: JSON.parse(packet.slice(1)).message });
      });
      engine.send(`0${JSON.stringify({ token: key })}`);
    });
  });
}

/** Opens a socket that stays idle; resolves with whether the server took it. */
function attempt(url: string, key: string): Promise<Outcome> {
  const client = connect(url, key);
  return new Promise((resolve) => {
    client.once('connect', () => resolve({ client, connected: true }));
    client.once('connect_error', (e) => resolve({ client, connected: false, message: e.message }));
  });
}

describe('thousands of idle sockets from one key', () => {
  let fx: RealtimeFixture;
  let node: RealtimeNode;
  const opened: Client[] = [];
  const transports: Transport[] = [];

  beforeAll(async () => {
    fx = await startRealtimeFixture('isoflood', 1, { REALTIME_MAX_CONNECTIONS_PER_ACCOUNT: String(CAP) });
    [node] = fx.nodes;
  });

  afterAll(async () => {
    for (const c of opened) c.disconnect();
    for (const t of transports) t.engine.close();
    await fx?.close();
  });

  it(`${ATTEMPTS} attempts: ${CAP} get in, the rest are refused and cut off, others keep receiving without delay`, async () => {
    const attacker = await fx.account();
    const other = await fx.account();
    const buildId = await insertBuildRow(fx.db.dataSource, other.id);
    const watcher = await fx.open(node, other.key);
    const log = new Recorder(watcher);
    expect(await subscribe(watcher, { build_id: buildId })).toEqual({ ok: true, replayed: 0 });
    const fdsBefore = metricValue(await node.metrics(), 'realtime_process_open_fds');

    // The other account's build keeps producing while the flood goes on; each event's delivery is timed.
    const published: BuildEvent[] = [];
    const publishedAt = new Map<number, number>();
    const delays: number[] = [];
    watcher.onAny((_type, e: BuildEvent) => {
      const at = publishedAt.get(e.seq);
      if (at !== undefined) delays.push(Date.now() - at);
    });
    const timeline = buildTimeline();
    let flooding = true;
    const producer = (async () => {
      while (flooding) {
        const input = timeline[published.length % timeline.length];
        const at = Date.now();
        const event = await fx.publisher.publishBuildEvent(other.id, buildId, input);
        publishedAt.set(event.seq, at);
        published.push(event);
        await sleep(50);
      }
    })();

    const outcomes: RawOutcome[] = [];
    for (let i = 0; i < ATTEMPTS; i += WAVE) {
      outcomes.push(
        ...(await Promise.all(Array.from({ length: WAVE }, () => idleTransport(node.url, attacker.key)))),
      );
    }
    transports.push(...outcomes.map((o) => o.transport));
    flooding = false;
    await producer;

    const refused = outcomes.filter((o) => !o.connected);
    expect(outcomes.filter((o) => o.connected)).toHaveLength(CAP);
    expect(refused).toHaveLength(ATTEMPTS - CAP);
    expect(new Set(refused.map((o) => o.message))).toEqual(new Set(['too_many_connections']));

    // The server closes a refused transport at once, instead of leaving it idle until Socket.IO's 45 s timeout.
    await waitUntil(
      () => refused.filter((o) => o.transport.engine.readyState === 'open').length,
      (stillOpen) => stillOpen === 0,
      { what: 'the server to close every refused transport', timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(outcomes.filter((o) => o.connected && o.transport.engine.readyState !== 'open')).toEqual([]);
    const metrics = await node.metrics();
    expect(metricValue(metrics, 'realtime_connected_sockets')).toBe(CAP + 1);
    expect(metricValue(metrics, 'realtime_process_open_fds')).toBeLessThan(fdsBefore + CAP + 50);
    expect(metricValue(metrics, 'realtime_rejections_total')).toBeGreaterThanOrEqual(ATTEMPTS - CAP);

    // The other account got every event in order, each within moments, all through the flood.
    await log.until((es) => es.length === published.length, 'the watcher to receive every event');
    expect(log.events).toEqual(published);
    expect(published.length).toBeGreaterThan(10);
    expect(Math.max(...delays)).toBeLessThan(2000);
    expect(watcher.connected).toBe(true);
  });

  it('frees a slot when one of the sockets goes, and every slot once all have gone', async () => {
    const attacker = await fx.account();
    const first = await Promise.all(Array.from({ length: CAP }, () => attempt(node.url, attacker.key)));
    opened.push(...first.map((o) => o.client));
    expect(first.every((o) => o.connected)).toBe(true);
    const over = await attempt(node.url, attacker.key);
    opened.push(over.client);
    expect(over).toMatchObject({ connected: false, message: 'too_many_connections' });

    first[0].client.disconnect();
    // The server learns of the disconnect a moment after the client.
    const next = await waitUntil(
      () => attempt(node.url, attacker.key),
      (o) => o.connected,
      {
        what: 'a slot to be free again',
        timeoutMs: 3_000,
        intervalMs: 100,
        describe: (o) => (o.connected ? 'connected' : `refused: ${o.message}`),
      },
    );
    opened.push(next.client);

    for (const o of [...first, next]) o.client.disconnect();
    await sleep(500);
    const again = await Promise.all(Array.from({ length: CAP }, () => attempt(node.url, attacker.key)));
    opened.push(...again.map((o) => o.client));
    expect(again.filter((o) => o.connected)).toHaveLength(CAP);
  });
});

import { redisKeys, type BuildEvent, type WireEvent } from '@autowebiq/contracts';
import { insertApiKey, insertBuildRow } from '@autowebiq/testing';
import {
  buildTimeline,
  connect,
  connectError,
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

let fx: RealtimeFixture;
let nodeA: RealtimeNode;
let nodeB: RealtimeNode;
const clients: Client[] = [];
const account = () => fx.account();
const open = (node: RealtimeNode, key: string) => fx.open(node, key);

async function publishAll(
  accountId: string,
  buildId: string,
  inputs = buildTimeline(),
): Promise<BuildEvent[]> {
  const out: BuildEvent[] = [];
  for (const input of inputs) out.push(await fx.publisher.publishBuildEvent(accountId, buildId, input));
  return out;
}

/** What billing does when a build is settled: copy its timeline into `build_events`. */
async function archive(events: BuildEvent[]): Promise<void> {
  for (const e of events) {
    await fx.db.dataSource.query(
      `INSERT INTO build_events (build_id, seq, type, payload) VALUES ($1, $2, $3, $4)`,
      [e.build_id, e.seq, e.type, JSON.stringify(e)],
    );
  }
}

const lastSeqIs = (buildId: string, seq: number) => (events: WireEvent[]) =>
  events.some((e) => e.build_id === buildId && e.seq === seq);

beforeAll(async () => {
  fx = await startRealtimeFixture('realtime', 2);
  [nodeA, nodeB] = fx.nodes;
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await fx?.close();
});

describe('handshake', () => {
  it('refuses a missing, an unknown and a revoked key with connect_error "unauthorized"', async () => {
    const { id } = await account();
    const revoked = await insertApiKey(fx.db.dataSource, id, { revoked: true });
    for (const token of [undefined, 'awq_not_a_key', revoked]) {
      const client = connect(nodeA.url, token);
      clients.push(client);
      const err = await connectError(client);
      expect(err.message).toBe('unauthorized');
    }
    expect(metricValue(await nodeA.metrics(), 'realtime_rejections_total')).toBeGreaterThanOrEqual(3);
  });

  it('accepts a valid key', async () => {
    const { key } = await account();
    const client = await open(nodeA, key);
    expect(client.connected).toBe(true);
  });
});

describe('isolation between accounts', () => {
  it("answers not_found for another account's build and never delivers its events", async () => {
    const alice = await account();
    const mallory = await account();
    const aliceBuild = await insertBuildRow(fx.db.dataSource, alice.id);
    const malloryBuild = await insertBuildRow(fx.db.dataSource, mallory.id);
    const spy = await open(nodeA, mallory.key);
    const seen = new Recorder(spy);

    const ack = await subscribe(spy, { build_id: aliceBuild });
    expect(ack).toEqual({ ok: false, error: { code: 'not_found', message: expect.any(String) } });
    const unknown = await subscribe(spy, { build_id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await subscribe(spy, { build_id: malloryBuild })).toEqual({ ok: true, replayed: 0 });

    const aliceEvents = await publishAll(alice.id, aliceBuild);
    await fx.publisher.publishAccountEvent(alice.id, {
      type: 'credits_update',
      credits: 1,
      held: 0,
      total: 1,
      credits_micro: '1000000',
      held_micro: '0',
      total_micro: '1000000',
      transaction: { amount: 1, amount_micro: '1000000', operation: 'grant' },
    });
    // Stream `events` is read in order, so once Mallory's own event arrives every earlier one was fanned out.
    const [own] = await publishAll(mallory.id, malloryBuild, buildTimeline().slice(0, 1));
    await seen.until(lastSeqIs(malloryBuild, own.seq), "Mallory's own event");

    expect(aliceEvents).toHaveLength(buildTimeline().length);
    expect(seen.events).toEqual([own]);
  });
});

describe('account room', () => {
  it("gives a socket that watches no build the account's balance changes as notices without seq", async () => {
    const owner = await account();
    const buildId = await insertBuildRow(fx.db.dataSource, owner.id);
    const watcher = await open(nodeA, owner.key);
    const watched = new Recorder(watcher);
    expect((await subscribe(watcher, { build_id: buildId })).ok).toBe(true);
    const header = new Recorder(await open(nodeB, owner.key));

    const published = await publishAll(owner.id, buildId);
    await watched.until(lastSeqIs(buildId, published.length), 'the whole build');
    const updates = published.filter((e) => e.type === 'credits_update');
    await header.until((es) => es.length === updates.length, 'every balance change of the build');

    expect(header.events).toEqual(updates.map(({ seq: _seq, ...notice }) => notice));
    expect(watched.events).toEqual(published);
  });
});

describe('replay', () => {
  it('gives a client that reconnects with its last seq exactly the list of a client that stayed', async () => {
    const owner = await account();
    const buildId = await insertBuildRow(fx.db.dataSource, owner.id);
    const steady = await open(nodeA, owner.key);
    const stayer = new Recorder(steady);
    expect(await subscribe(steady, { build_id: buildId })).toEqual({ ok: true, replayed: 0 });

    // Three builds' worth of events, fast, so replays overlap with live events.
    const timeline = [...buildTimeline(), ...buildTimeline(), ...buildTimeline()];
    const published: BuildEvent[] = [];
    const flakyLog = new Recorder();
    let producing = true;
    const producer = (async () => {
      for (const input of timeline) {
        published.push(await fx.publisher.publishBuildEvent(owner.id, buildId, input));
        await sleep(3);
      }
      producing = false;
      // The client may be waiting for more events that will not come now: its condition also reads `producing`.
      flakyLog.recheck();
    })();

    let reconnects = 0;
    for (let round = 0; ; round++) {
      const flaky = await open(round % 2 ? nodeA : nodeB, owner.key);
      flakyLog.attach(flaky);
      const afterSeq = flakyLog.seqs(buildId).at(-1) ?? 0;
      const ack = await subscribe(flaky, { build_id: buildId, after_seq: afterSeq });
      expect(ack.ok).toBe(true);
      await flakyLog.until(
        (es) => !producing || es.length >= afterSeq + 4,
        'a few more events before dropping',
      );
      if (!producing) break;
      flaky.disconnect();
      reconnects++;
      // Events keep coming while the client is away.
      await sleep(10);
    }
    await producer;

    const last = published.at(-1)!.seq;
    await stayer.until(lastSeqIs(buildId, last), 'the stayer to see the last event');
    await flakyLog.until(lastSeqIs(buildId, last), 'the reconnected client to see the last event');
    expect(reconnects).toBeGreaterThanOrEqual(3);
    expect(flakyLog.seqs(buildId)).toEqual(stayer.seqs(buildId));
    expect(flakyLog.timeline(buildId)).toEqual(stayer.events);
    expect(stayer.events).toEqual(published);
    // Anything else it saw were balance notices that reached it between connecting and subscribing.
    expect(flakyLog.events.filter((e) => e.seq === undefined).every((e) => e.type === 'credits_update')).toBe(
      true,
    );
    expect(stayer.seqs(buildId)).toEqual(timeline.map((_, i) => i + 1));
  });

  it('replays a finished build from Postgres when Redis no longer holds its events', async () => {
    const owner = await account();
    const buildId = await insertBuildRow(fx.db.dataSource, owner.id);
    const published = await publishAll(owner.id, buildId);
    // What billing does at settle: archive the timeline; then Redis drops the build's stream.
    await archive(published);
    await fx.redis.del(redisKeys.buildEvents(fx.prefix, buildId));

    const client = await open(nodeA, owner.key);
    const log = new Recorder(client);
    expect(await subscribe(client, { build_id: buildId })).toEqual({ ok: true, replayed: published.length });
    expect(log.events).toEqual(published);

    const later = await open(nodeB, owner.key);
    const laterLog = new Recorder(later);
    expect(await subscribe(later, { build_id: buildId, after_seq: 10 })).toEqual({
      ok: true,
      replayed: published.length - 10,
    });
    expect(laterLog.events).toEqual(published.slice(10));
  });

  it('stitches Postgres and a trimmed Redis stream together without a gap or a duplicate', async () => {
    const owner = await account();
    const buildId = await insertBuildRow(fx.db.dataSource, owner.id);
    const published = await publishAll(owner.id, buildId);
    await archive(published);
    await fx.redis.xtrim(redisKeys.buildEvents(fx.prefix, buildId), 'MAXLEN', 6);

    const client = await open(nodeA, owner.key);
    const log = new Recorder(client);
    expect(await subscribe(client, { build_id: buildId, after_seq: 3 })).toEqual({
      ok: true,
      replayed: published.length - 3,
    });
    expect(log.events).toEqual(published.slice(3));
    const metrics = await nodeA.metrics();
    expect(metricValue(metrics, 'realtime_replayed_events_total{source="redis"}')).toBeGreaterThanOrEqual(6);
    expect(metricValue(metrics, 'realtime_replayed_events_total{source="postgres"}')).toBeGreaterThanOrEqual(
      published.length - 3 - 6,
    );
  });
});

describe('several realtime nodes', () => {
  it('delivers every event of their builds to clients of either node', async () => {
    const one = await account();
    const two = await account();
    const buildOne = await insertBuildRow(fx.db.dataSource, one.id);
    const buildTwo = await insertBuildRow(fx.db.dataSource, two.id);
    const logs = await Promise.all(
      [
        [nodeA, one.key, buildOne],
        [nodeB, one.key, buildOne],
        [nodeA, two.key, buildTwo],
        [nodeB, two.key, buildTwo],
      ].map(async ([node, key, build]) => {
        const client = await open(node as RealtimeNode, key as string);
        const log = new Recorder(client);
        expect(await subscribe(client, { build_id: build as string })).toEqual({ ok: true, replayed: 0 });
        return log;
      }),
    );

    const [eventsOne, eventsTwo] = await Promise.all([
      publishAll(one.id, buildOne),
      publishAll(two.id, buildTwo),
    ]);
    const grant = await fx.publisher.publishAccountEvent(two.id, {
      type: 'credits_update',
      credits: 50,
      held: 0,
      total: 50,
      credits_micro: '50000000',
      held_micro: '0',
      total_micro: '50000000',
      transaction: { amount: 50, amount_micro: '50000000', operation: 'grant' },
    });

    await Promise.all([
      logs[0].until((es) => es.length === eventsOne.length, 'node A, build one'),
      logs[1].until((es) => es.length === eventsOne.length, 'node B, build one'),
      logs[2].until((es) => es.length === eventsTwo.length + 1, 'node A, build two and the grant'),
      logs[3].until((es) => es.length === eventsTwo.length + 1, 'node B, build two and the grant'),
    ]);
    expect(logs[0].events).toEqual(eventsOne);
    expect(logs[1].events).toEqual(eventsOne);
    expect(logs[2].events).toEqual([...eventsTwo, grant]);
    expect(logs[3].events).toEqual([...eventsTwo, grant]);

    const [metricsA, metricsB] = await Promise.all([nodeA.metrics(), nodeB.metrics()]);
    expect(metricValue(metricsA, 'realtime_connected_sockets')).toBeGreaterThan(0);
    expect(metricValue(metricsB, 'realtime_events_delivered_total')).toBeGreaterThanOrEqual(
      eventsOne.length + eventsTwo.length,
    );
    expect(metricValue(metricsB, 'realtime_event_lag_seconds_count')).toBeGreaterThan(0);
  });
});

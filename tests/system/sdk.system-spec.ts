import { createRedis, EventPublisher } from '@autowebiq/bus';
import type { BuildEvent } from '@autowebiq/contracts';
import {
  AuthenticationError,
  AutoWebIQ,
  InsufficientCreditsError,
  NotFoundError,
  type BuildSubscription,
  type ConnectionState,
  type FetchLike,
  type RealtimeConnection,
} from '@autowebiq/sdk';
import { createAccount, insertBuildRow, SERVER_APPS, startPlatform, type Platform } from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import { buildTimeline } from './realtime-support';

jest.setTimeout(180_000);

let platform: Platform;
let redis: Redis;
let publisher: EventPublisher;
const connections: RealtimeConnection[] = [];

const PROMPT = 'A portfolio site for a wedding photographer in Porto, with a gallery and a booking form';

beforeAll(async () => {
  platform = await startPlatform({
    apps: [...SERVER_APPS],
    label: 'sdk',
    // The publisher-driven test owns its build row; the sweeper must not start a pipeline for it.
    env: { QUEUED_REQUEUE_AFTER_MS: '600000' },
  });
  redis = createRedis(platform.redisUrl);
  publisher = new EventPublisher(redis, {
    prefix: platform.redisPrefix,
    eventsMaxLen: 100_000,
    buildEventsMaxLen: 1000,
    buildKeysTtlSeconds: 3600,
  });
});

afterAll(async () => {
  for (const c of connections) c.close();
  redis?.disconnect();
  await platform?.stop();
});

async function newClient(credits: number, options: { fetch?: FetchLike } = {}) {
  const { account, apiKey } = await createAccount(platform.gatewayUrl, platform.adminToken, credits);
  return {
    accountId: account.id,
    client: new AutoWebIQ({ baseUrl: platform.gatewayUrl, apiKey, fetch: options.fetch }),
  };
}

function open(client: AutoWebIQ): { conn: RealtimeConnection; states: ConnectionState[] } {
  const conn = client.realtime();
  connections.push(conn);
  const states: ConnectionState[] = [];
  conn.on('state', (s) => states.push(s));
  return { conn, states };
}

/** Resolves once the subscription has delivered `seq`. */
function delivered(sub: BuildSubscription, seq: number, timeoutMs = 20_000): Promise<void> {
  if (sub.lastSeq >= seq) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`seq ${seq} not delivered; last is ${sub.lastSeq}`)),
      timeoutMs,
    );
    const off = sub.on('event', () => {
      if (sub.lastSeq < seq) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

function stateReached(
  conn: RealtimeConnection,
  states: ConnectionState[],
  from: number,
  state: ConnectionState,
): Promise<void> {
  if (states.slice(from).includes(state)) return Promise.resolve();
  return new Promise((resolve) => {
    const off = conn.on('state', (s) => s === state && (off(), resolve()));
  });
}

/** What identifies an event in a timeline, independent of JSON key order. */
const shape = (e: BuildEvent) => ({
  seq: e.seq,
  type: e.type,
  ...(e.type === 'agent_message'
    ? { agent: e.agent_type, status: e.status, progress: e.progress, message: e.message }
    : {}),
});

/** The first hold of each build in the account's ledger (later website_generation entries extend it). */
async function firstHolds(client: AutoWebIQ): Promise<Record<string, string>> {
  const first: Record<string, string> = {};
  for await (const t of client.ledgerEntries()) {
    // Newest first: the last one seen per build is its opening hold.
    if (t.operation === 'website_generation' && t.build_id)
      first[t.build_id] = t.amount_micro.replace('-', '');
  }
  return first;
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('SDK realtime: replay and resume', () => {
  it('delivers every event once and in order across transport drops and a realtime restart', async () => {
    const { accountId, client } = await newClient(10);
    const buildId = await insertBuildRow(platform.db!.dataSource, accountId);
    const inputs = buildTimeline();
    const published: BuildEvent[] = [];
    const publish = async (upTo: number) => {
      while (published.length < upTo)
        published.push(await publisher.publishBuildEvent(accountId, buildId, inputs[published.length]));
    };

    await publish(5);
    const { conn, states } = open(client);
    const sub = conn.subscribe(buildId, { afterSeq: 0 });
    await expect(sub.ready).resolves.toBe(5);

    await publish(10);
    await delivered(sub, 10);

    // The transport dies (as when a phone changes network); events go on meanwhile.
    let mark = states.length;
    conn.rawSocket!.io.engine.close();
    await publish(14);
    await stateReached(conn, states, mark, 'connected');
    await delivered(sub, 14);
    expect(states.slice(mark)).toEqual(['reconnecting', 'connected']);

    // The realtime service itself goes away and comes back.
    mark = states.length;
    await platform.kill('realtime');
    await publish(18);
    await platform.restart('realtime');
    await stateReached(conn, states, mark, 'connected');
    await delivered(sub, 18);

    await publish(inputs.length);
    const end = await sub.finished;

    expect(end.type).toBe('build_complete');
    expect(sub.timeline.map((e) => e.seq)).toEqual(oneToN(inputs.length));
    expect(sub.timeline.map(shape)).toEqual(published.map(shape));
    const iterated: number[] = [];
    for await (const e of sub) iterated.push(e.seq);
    expect(iterated).toEqual(oneToN(inputs.length));

    // A late subscriber that already has the first ten gets exactly the rest.
    const late = conn.subscribe(buildId, { afterSeq: 10 });
    await late.finished;
    expect(late.timeline.map((e) => e.seq)).toEqual(oneToN(inputs.length).slice(10));
  });

  it('watchBuild follows a real build to its end though the connection drops mid-build', async () => {
    const { client } = await newClient(200);
    const { build } = await client.createBuild({ prompt: PROMPT });
    const { conn, states } = open(client);
    const seen: BuildEvent[] = [];
    let droppedAt = 0;
    const end = await client.watchBuild(build.id, {
      connection: conn,
      pollIntervalMs: 0,
      onEvent: (e) => {
        seen.push(e);
        if (seen.length === 3) {
          droppedAt = Date.now();
          conn.rawSocket!.io.engine.close();
        }
      },
    });

    // The build really went on while the connection was down.
    expect(Date.parse(end.ts)).toBeGreaterThan(droppedAt);
    expect(states).toContain('reconnecting');
    expect(end.type).toBe('build_complete');
    expect(seen.map((e) => e.seq)).toEqual(oneToN(seen.length));
    const rest = await client.buildEvents(build.id);
    expect(seen.map(shape)).toEqual(rest.filter((e) => e.seq <= seen.length).map(shape));
    expect(seen[seen.length - 1]).toEqual(end);
    const agents = new Set(seen.flatMap((e) => (e.type === 'agent_message' ? [e.agent_type] : [])));
    expect([...agents].sort()).toEqual(['frontend', 'image', 'planner', 'system', 'testing']);
  });
});

describe('SDK REST: idempotent builds and typed errors', () => {
  it('a POST /v1/builds whose answer was lost is retried with the same key and makes one build', async () => {
    const posts: string[] = [];
    let dropped = false;
    // The request reaches the gateway and is done there; only the answer is lost on the way back.
    const lossy: FetchLike = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'POST' && input.endsWith('/v1/builds')) {
        posts.push(new Headers(init.headers).get('idempotency-key') ?? '');
        if (!dropped) {
          dropped = true;
          await res.arrayBuffer();
          throw new TypeError('fetch failed: socket hang up');
        }
      }
      return res;
    };
    const { client } = await newClient(100, { fetch: lossy });

    const { build } = await client.createBuild({ prompt: PROMPT, max_credits: 20 });

    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]).toBe(posts[0]);
    const builds = (await client.listBuilds()).data;
    expect(builds.map((b) => b.id)).toEqual([build.id]);
    expect(await firstHolds(client)).toEqual({ [build.id]: '20000000' });
  });

  it('the same key sent again, even concurrently, answers with the first build; a new call makes a new one', async () => {
    const { client } = await newClient(100);
    const key = crypto.randomUUID();
    const request = { prompt: PROMPT, max_credits: 5 };
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => client.createBuild(request, { idempotencyKey: key })),
    );
    expect(new Set(answers.map((a) => a.build.id)).size).toBe(1);
    const other = await client.createBuild(request);
    expect(other.build.id).not.toBe(answers[0].build.id);

    const ids = (await client.listBuilds()).data.map((b) => b.id).sort();
    expect(ids).toEqual([answers[0].build.id, other.build.id].sort());
    expect(await firstHolds(client)).toEqual({
      [answers[0].build.id]: '5000000',
      [other.build.id]: '5000000',
    });
  });

  it('402 is an InsufficientCreditsError naming what the build needs and what the wallet has', async () => {
    const { client } = await newClient(0.5);
    const error = await client.createBuild({ prompt: PROMPT, max_credits: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    const e = error as InsufficientCreditsError;
    expect([e.status, e.code]).toEqual([402, 'insufficient_credits']);
    expect([e.required, e.available]).toEqual([3, 0.5]);
    expect([e.requiredMicro, e.availableMicro]).toEqual(['3000000', '500000']);
    expect((await client.listBuilds()).data).toEqual([]);
    expect((await client.balance()).credits_micro).toBe('500000');
  });

  it('answers other failures with their typed errors', async () => {
    const { client } = await newClient(1);
    await expect(client.getBuild(crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    const stranger = new AutoWebIQ({ baseUrl: platform.gatewayUrl, apiKey: 'awq_not_a_key' });
    await expect(stranger.balance()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    await expect(stranger.balance()).rejects.toBeInstanceOf(AuthenticationError);
    const rt = stranger.realtime();
    connections.push(rt);
    await expect(rt.subscribe(crypto.randomUUID()).ready).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

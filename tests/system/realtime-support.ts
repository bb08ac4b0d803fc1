import { createRedis, EventPublisher, type BuildEventInput } from '@autowebiq/bus';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SubscribeAck,
  SubscribeRequest,
  WireEvent,
} from '@autowebiq/contracts';
import {
  insertAccount,
  insertApiKey,
  startPlatform,
  type AppName,
  type TestDatabase,
} from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RealtimeNode {
  url: string;
  metrics(): Promise<string>;
}

/** The value of an unlabelled metric (or the sum over all label sets) in a /metrics text. */
export function metricValue(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

export interface RealtimeFixture {
  db: TestDatabase;
  redis: Redis;
  prefix: string;
  publisher: EventPublisher;
  nodes: RealtimeNode[];
  /** A new account with credits and an API key, the way the gateway creates them. */
  account(): Promise<{ id: string; key: string }>;
  /** A connected client of the node, disconnected by close(). */
  open(node: RealtimeNode, key: string): Promise<Client>;
  close(): Promise<void>;
}

/** `nodeCount` realtime processes (the harness's startPlatform: own database, own Redis prefix) and a publisher. */
export async function startRealtimeFixture(
  label: string,
  nodeCount: number,
  env: Record<string, string> = {},
): Promise<RealtimeFixture> {
  const platform = await startPlatform({ apps: Array<AppName>(nodeCount).fill('realtime'), label, env });
  const db = platform.db!;
  const redis = createRedis(platform.redisUrl);
  const publisher = new EventPublisher(redis, {
    prefix: platform.redisPrefix,
    eventsMaxLen: 100_000,
    buildEventsMaxLen: 1000,
    buildKeysTtlSeconds: 3600,
  });
  const nodes = platform.realtimeUrls.map((url) => ({
    url,
    metrics: () => fetch(`${url}/metrics`).then((r) => r.text()),
  }));
  const clients: Client[] = [];
  return {
    db,
    redis,
    prefix: platform.redisPrefix,
    publisher,
    nodes,
    async account() {
      const id = await insertAccount(db.dataSource, 100);
      return { id, key: await insertApiKey(db.dataSource, id) };
    },
    open(node, key) {
      const client = connect(node.url, key);
      clients.push(client);
      return connected(client);
    },
    async close() {
      for (const c of clients) c.disconnect();
      redis.disconnect();
      await platform.stop();
    },
  };
}

export function connect(
  url: string,
  token: string | undefined,
  opts: { reconnection?: boolean } = {},
): Client {
  return io(url, {
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    forceNew: true,
    reconnection: opts.reconnection ?? false,
  });
}

export function connected(client: Client): Promise<Client> {
  return new Promise((resolve, reject) => {
    if (client.connected) return resolve(client);
    client.once('connect', () => resolve(client));
    client.once('connect_error', reject);
  });
}

export function connectError(client: Client): Promise<Error> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => reject(new Error('connected although it should not')));
    client.once('connect_error', resolve);
  });
}

export function subscribe(client: Client, req: SubscribeRequest): Promise<SubscribeAck> {
  return client.timeout(10_000).emitWithAck('subscribe', req);
}

/** Records every server event a client gets, in arrival order, and lets a test wait for a condition on them. */
export class Recorder {
  readonly events: WireEvent[] = [];
  private waiters: (() => void)[] = [];

  constructor(client?: Client) {
    if (client) this.attach(client);
  }

  attach(client: Client): void {
    const push = (e: WireEvent) => {
      this.events.push(e);
      for (const w of this.waiters) w();
    };
    client.on('agent_message', push);
    client.on('credits_update', push);
    client.on('build_complete', push);
    client.on('build_failed', push);
  }

  /** The build's timeline entries; account-room balance notices about the build carry no seq and are left out. */
  timeline(buildId: string): WireEvent[] {
    return this.events.filter((e) => e.build_id === buildId && e.seq !== undefined);
  }

  seqs(buildId: string): number[] {
    return this.timeline(buildId).map((e) => e.seq!);
  }

  /** Evaluates the waiting conditions again: for a condition that also reads state other than the events. */
  recheck(): void {
    for (const w of this.waiters) w();
  }

  until(done: (events: WireEvent[]) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (done(this.events)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}; have ${this.events.length} events`));
      }, timeoutMs);
      const check = () => {
        if (!done(this.events)) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }
}

const AGENTS = ['planner', 'image', 'frontend', 'testing'] as const;

/**
 * The events of one build in the order the platform produces them: the init
 * message, each agent's waiting → working → completed with progress in its
 * range and a credits_update after each agent, then build_complete.
 */
export function buildTimeline(detailBytes = 0): BuildEventInput[] {
  const details = detailBytes > 0 ? ['x'.repeat(detailBytes)] : undefined;
  const out: BuildEventInput[] = [
    {
      type: 'agent_message',
      agent_type: 'system',
      message: 'Initializing build system...',
      status: 'working',
      progress: 0,
      tokens_used: 0,
      credits_used: 0,
    },
  ];
  let tokens = 0;
  AGENTS.forEach((agent, i) => {
    const from = [10, 30, 60, 90][i];
    for (const [status, progress] of [
      ['waiting', from],
      ['working', from + 3],
      ['working', from + 6],
      ['completed', from + 9],
    ] as const) {
      tokens += 150;
      out.push({
        type: 'agent_message',
        agent_type: agent,
        message: `${agent} ${status}`,
        status,
        progress,
        tokens_used: tokens,
        credits_used: tokens / 1000,
        details,
      });
    }
    // 1,000 tokens = 1 credit, so a token is 1,000 µcr; integers keep the *_micro strings exact.
    const spentMicro = tokens * 1000;
    const heldMicro = 10_000_000 - spentMicro;
    out.push({
      type: 'credits_update',
      credits: 90,
      held: heldMicro / 1e6,
      total: (90_000_000 + heldMicro) / 1e6,
      credits_micro: '90000000',
      held_micro: String(heldMicro),
      total_micro: String(90_000_000 + heldMicro),
      build_spent: spentMicro / 1e6,
      build_reserved: 10,
      transaction: { amount: (-150 * 4) / 1000, amount_micro: String(-150 * 4 * 1000), operation: 'usage' },
    });
  });
  out.push({
    type: 'build_complete',
    duration_s: 12.5,
    site_url: '/v1/builds/x/site/index.html',
    result: {
      token_usage: {
        total_tokens: tokens,
        total_credits: tokens / 1000,
        total_credits_micro: String(tokens * 1000),
        agents: {},
      },
    },
  });
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Child process of the fan-out bench: opens the planned sockets, subscribes
 * each to its build, and records every receipt (latency and seq order).
 * Runs apart from the orchestrator so the publisher's timer is not disturbed
 * by decoding thousands of messages.
 */
import type { ClientToServerEvents, ServerToClientEvents, AgentMessageEvent } from '@autowebiq/contracts';
import { io, type Socket } from 'socket.io-client';
import {
  nowMs,
  percentile,
  type ClientReport,
  type FromClients,
  type SocketPlan,
  type ToClients,
} from './protocol';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONNECT_BATCH = 100;
let sockets: { client: Client; buildId: string; lastSeq: number; received: number }[] = [];
let latencies = new Float64Array(1 << 20);
let count = 0;
let outOfOrder = 0;

const send = (m: FromClients) => process.send!(m);

function record(latency: number): void {
  if (count === latencies.length) {
    const bigger = new Float64Array(latencies.length * 2);
    bigger.set(latencies);
    latencies = bigger;
  }
  latencies[count++] = latency;
}

async function open(url: string, plan: SocketPlan): Promise<void> {
  const client: Client = io(url, {
    transports: ['websocket'],
    auth: { token: plan.token },
    forceNew: true,
    reconnection: false,
  });
  const entry = { client, buildId: plan.buildId, lastSeq: 0, received: 0 };
  client.on('agent_message', (e: AgentMessageEvent) => {
    record(nowMs() - Number(e.details![0]));
    if (e.seq !== entry.lastSeq + 1) outOfOrder++;
    entry.lastSeq = e.seq;
    entry.received++;
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('connect_error', (err) => reject(new Error(`connect: ${err.message}`)));
  });
  const ack = await client.timeout(30_000).emitWithAck('subscribe', { build_id: plan.buildId });
  if (!ack.ok) throw new Error(`subscribe: ${ack.error.code}`);
  sockets.push(entry);
}

async function connectAll(url: string, plan: SocketPlan[]): Promise<void> {
  const started = Date.now();
  for (let i = 0; i < plan.length; i += CONNECT_BATCH) {
    await Promise.all(plan.slice(i, i + CONNECT_BATCH).map((p) => open(url, p)));
  }
  send({ type: 'ready', connectMs: Date.now() - started });
}

function report(): ClientReport {
  const sorted = latencies.slice(0, count).sort();
  const perBuild: ClientReport['perBuild'] = {};
  for (const s of sockets) {
    const b = (perBuild[s.buildId] ??= { sockets: 0, minLastSeq: Infinity, maxLastSeq: 0, received: 0 });
    b.sockets++;
    b.minLastSeq = Math.min(b.minLastSeq, s.lastSeq);
    b.maxLastSeq = Math.max(b.maxLastSeq, s.lastSeq);
    b.received += s.received;
  }
  return {
    sockets: sockets.length,
    delivered: count,
    outOfOrder,
    latenciesMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? Number.NaN,
    },
    perBuild,
  };
}

function close(): void {
  for (const s of sockets) s.client.disconnect();
  sockets = [];
  latencies = new Float64Array(1 << 20);
  count = 0;
  outOfOrder = 0;
}

process.on('message', (m: ToClients) => {
  if (m.type === 'connect') {
    connectAll(m.url, m.plan).catch((e: Error) => send({ type: 'error', message: e.message }));
  } else if (m.type === 'report') {
    send({ type: 'report', report: report() });
  } else {
    close();
    send({ type: 'delivered', delivered: 0 });
  }
});

setInterval(() => send({ type: 'delivered', delivered: count }), 250).unref();
process.on('disconnect', () => process.exit(0));

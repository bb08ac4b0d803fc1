/**
 * `npm run bench:fanout`: delivery latency and completeness of the realtime
 * service under load. BENCH_SOCKETS sockets (10 per build over BENCH_BUILDS
 * builds of several accounts) subscribe through a real realtime process; the
 * orchestrator appends events with the real EventPublisher at a fixed rate so
 * that BENCH_DELIVERIES_PER_SECOND messages reach sockets; a child process holds
 * the sockets and measures append → receipt. Then the same sockets, rooms and
 * schedule run against a bare Socket.IO server (no Redis, no auth, no replay) as
 * the floor, and the ratio is printed. The two alternate for BENCH_ROUNDS rounds
 * (fresh builds and sockets each time) so both meet the same machine; the
 * round with the median p99 of each side is reported.
 *
 * Redis is a redis-server of the bench's own (unless BENCH_REDIS_URL names one),
 * so tests that restart or pause the machine's Redis cannot stall the run.
 *
 * Env: BENCH_SOCKETS (2000), BENCH_BUILDS (200), BENCH_DELIVERIES_PER_SECOND (10000),
 * BENCH_SECONDS (10 per round), BENCH_ROUNDS (3), BENCH_REDIS_URL, BENCH_WRITE_DOCS (1).
 */
import { createRedis, EventPublisher } from '@autowebiq/bus';
import {
  insertAccount,
  insertApiKey,
  insertBuildRow,
  OwnRedis,
  startPlatform,
  type Platform,
} from '@autowebiq/testing';
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { cpuTicks, medianBy, TICKS_PER_SECOND } from '../measure';
import { writeFanoutSection, type FanoutFigures, type RunFigures } from './benchmarks-doc';
import {
  benchMessage,
  nowMs,
  type ClientReport,
  type FromBaseline,
  type FromClients,
  type SocketPlan,
  type ToClients,
} from './protocol';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 2000);
const BUILDS = Number(process.env.BENCH_BUILDS ?? 200);
const DELIVERIES_PER_SECOND = Number(process.env.BENCH_DELIVERIES_PER_SECOND ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ACCOUNTS = Math.max(1, Math.round(BUILDS / 10));
const EVENTS_PER_SECOND = DELIVERIES_PER_SECOND / (SOCKETS / BUILDS);
const TICK_MS = 10;
const DRAIN_TIMEOUT_MS = 30_000;
const SWC = ['-r', '@swc-node/register'];

function child(file: string): ChildProcess {
  return fork(path.join(__dirname, file), [], {
    execArgv: SWC,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Resolves with the first message of a child that satisfies `pick`. */
function nextMessage<M, R>(
  proc: ChildProcess,
  pick: (m: M) => R | undefined,
  timeoutMs = 120_000,
): Promise<R> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('timed out waiting for a child process')), timeoutMs);
    const onMessage = (m: M) => {
      if ((m as { type?: string }).type === 'error')
        return done(new Error((m as { message: string }).message));
      const r = pick(m);
      if (r !== undefined) done(undefined, r);
    };
    const done = (err?: Error, value?: R) => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      if (err) reject(err);
      else resolve(value as R);
    };
    proc.on('message', onMessage);
  });
}

/** User + system CPU seconds a process has used so far. */
const cpuSeconds = (pid: number | undefined): number => (pid ? cpuTicks(pid) / TICKS_PER_SECOND : Number.NaN);

async function connectClients(clients: ChildProcess, url: string, plan: SocketPlan[]): Promise<number> {
  clients.send({ type: 'connect', url, plan } satisfies ToClients);
  return nextMessage<FromClients, number>(clients, (m) => (m.type === 'ready' ? m.connectMs : undefined));
}

async function drainAndReport(clients: ChildProcess, expected: number): Promise<ClientReport> {
  await nextMessage<FromClients, true>(
    clients,
    (m) => (m.type === 'delivered' && m.delivered >= expected ? true : undefined),
    DRAIN_TIMEOUT_MS,
  ).catch(() => undefined);
  clients.send({ type: 'report' } satisfies ToClients);
  const report = await nextMessage<FromClients, ClientReport>(clients, (m) =>
    m.type === 'report' ? m.report : undefined,
  );
  clients.send({ type: 'close' } satisfies ToClients);
  return report;
}

/** Appends events round-robin over the builds on a fixed 10 ms schedule for SECONDS. */
async function publishAtRate(publisher: EventPublisher, builds: { id: string; accountId: string }[]) {
  const perBuild = new Map<string, number>(builds.map((b) => [b.id, 0]));
  const perTick = Math.round((EVENTS_PER_SECOND * TICK_MS) / 1000);
  const ticks = (SECONDS * 1000) / TICK_MS;
  const start = performance.now();
  let next = 0;
  let behindMs = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const wait = start + tick * TICK_MS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else behindMs = Math.max(behindMs, -wait);
    const batch = Array.from({ length: perTick }, () => builds[next++ % builds.length]);
    await Promise.all(
      batch.map((b) => {
        perBuild.set(b.id, perBuild.get(b.id)! + 1);
        return publisher.publishBuildEvent(b.accountId, b.id, benchMessage(nowMs()));
      }),
    );
  }
  return { perBuild, seconds: (performance.now() - start) / 1000, behindMs };
}

function check(report: ClientReport, perBuild: Map<string, number>, socketsPerBuild: Map<string, number>) {
  let expected = 0;
  let incomplete = 0;
  for (const [buildId, events] of perBuild) {
    const sockets = socketsPerBuild.get(buildId) ?? 0;
    expected += events * sockets;
    const seen = report.perBuild[buildId];
    if (sockets && (!seen || seen.minLastSeq !== events || seen.received !== events * sockets)) incomplete++;
  }
  return { expected, incomplete };
}

function summarize(
  name: string,
  report: ClientReport,
  expected: number,
  incomplete: number,
  seconds: number,
): RunFigures {
  const f: RunFigures = {
    delivered: report.delivered,
    expected,
    outOfOrder: report.outOfOrder,
    incompleteBuilds: incomplete,
    deliveriesPerSecond: expected / seconds,
    ...report.latenciesMs,
  };
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(
    `${name.padEnd(9)} delivered ${f.delivered}/${f.expected} (${f.deliveriesPerSecond.toFixed(0)}/s), out of order ${f.outOfOrder}, ` +
      `incomplete builds ${f.incompleteBuilds}; latency p50 ${ms(f.p50)} p90 ${ms(f.p90)} p99 ${ms(f.p99)} max ${ms(f.max)}`,
  );
  return f;
}

async function runRealtime(
  platform: Platform,
  clients: ChildProcess,
  plan: SocketPlan[],
  builds: { id: string; accountId: string }[],
) {
  const connectMs = await connectClients(clients, platform.realtimeUrl, plan);
  console.log(`realtime: ${plan.length} sockets connected and subscribed in ${connectMs} ms`);
  const redis = createRedis(platform.redisUrl);
  const publisher = new EventPublisher(redis, {
    prefix: platform.redisPrefix,
    eventsMaxLen: 1_000_000,
    buildEventsMaxLen: 1000,
    buildKeysTtlSeconds: 3600,
  });
  const pid = platform.pid('realtime');
  const cpuBefore = cpuSeconds(pid);
  const published = await publishAtRate(publisher, builds);
  const socketsPerBuild = countSockets(plan);
  const expectedNow = [...published.perBuild].reduce(
    (sum, [b, n]) => sum + n * (socketsPerBuild.get(b) ?? 0),
    0,
  );
  const report = await drainAndReport(clients, expectedNow);
  const cpu = (cpuSeconds(pid) - cpuBefore) / published.seconds;
  redis.disconnect();
  const { expected, incomplete } = check(report, published.perBuild, socketsPerBuild);
  if (published.behindMs > 50)
    console.log(`note: the publisher fell behind its schedule by up to ${published.behindMs.toFixed(0)} ms`);
  return { figures: summarize('realtime', report, expected, incomplete, published.seconds), cpu, connectMs };
}

/**
 * p50 and p99 of `realtime_event_lag_seconds` as the upper bounds (ms) of the buckets they fall in: the
 * part of the latency spent between the append and realtime's emit, apart from the network and the clients.
 */
function lagQuantiles(metrics: string): { p50: number; p99: number } {
  const buckets = [...metrics.matchAll(/^realtime_event_lag_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)].map(
    (m) => ({
      le: m[1] === '+Inf' ? Infinity : Number(m[1]) * 1000,
      count: Number(m[2]),
    }),
  );
  const total = buckets.at(-1)?.count ?? 0;
  const at = (q: number) => buckets.find((b) => b.count >= q * total)?.le ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

async function runBaseline(clients: ChildProcess, plan: SocketPlan[], buildIds: string[]) {
  const server = child('baseline-server.ts');
  try {
    const url = await nextMessage<FromBaseline, string>(server, (m) =>
      m.type === 'listening' ? m.url : undefined,
    );
    await connectClients(clients, url, plan);
    const started = performance.now();
    server.send({ type: 'run', buildIds, eventsPerSecond: EVENTS_PER_SECOND, seconds: SECONDS });
    const perBuild = await nextMessage<FromBaseline, Record<string, number>>(server, (m) =>
      m.type === 'done' ? m.perBuild : undefined,
    );
    const seconds = (performance.now() - started) / 1000;
    const counts = new Map(Object.entries(perBuild));
    const socketsPerBuild = countSockets(plan);
    const expectedNow = [...counts].reduce((sum, [b, n]) => sum + n * (socketsPerBuild.get(b) ?? 0), 0);
    const report = await drainAndReport(clients, expectedNow);
    const { expected, incomplete } = check(report, counts, socketsPerBuild);
    return summarize('baseline', report, expected, incomplete, seconds);
  } finally {
    server.kill();
  }
}

const countSockets = (plan: SocketPlan[]) =>
  plan.reduce((m, p) => m.set(p.buildId, (m.get(p.buildId) ?? 0) + 1), new Map<string, number>());

/** Fresh builds (so no socket is replayed an earlier round's events), SOCKETS sockets spread over them. */
async function newRound(ds: DataSource, accounts: { id: string; key: string }[]) {
  const builds: { id: string; accountId: string; key: string }[] = [];
  for (let i = 0; i < BUILDS; i++) {
    const owner = accounts[i % ACCOUNTS];
    builds.push({ id: await insertBuildRow(ds, owner.id), accountId: owner.id, key: owner.key });
  }
  const plan: SocketPlan[] = Array.from({ length: SOCKETS }, (_, i) => ({
    token: builds[i % BUILDS].key,
    buildId: builds[i % BUILDS].id,
  }));
  return { builds, plan };
}

async function main(): Promise<void> {
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'cpu'}), node ${process.version}`;
  console.log(`machine: ${machine}`);
  console.log(
    `${SOCKETS} sockets over ${BUILDS} builds of ${ACCOUNTS} accounts; ${EVENTS_PER_SECOND} events/s → ${DELIVERIES_PER_SECOND} deliveries/s; ${ROUNDS} rounds of ${SECONDS} s each side`,
  );
  const loadAtStart = os.loadavg()[0];
  const redis = process.env.BENCH_REDIS_URL ? undefined : await OwnRedis.create({ label: 'benchfanout' });
  const platform = await startPlatform({
    apps: ['realtime'],
    label: 'benchfanout',
    redisUrl: process.env.BENCH_REDIS_URL ?? redis!.url,
    env: { LOG_LEVEL: 'warn' },
  });
  const clients = child('clients.ts');
  try {
    const ds = platform.db!.dataSource;
    const accounts: { id: string; key: string }[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const id = await insertAccount(ds, 0, `bench ${i}`);
      accounts.push({ id, key: await insertApiKey(ds, id) });
    }
    const realtimeRuns: (RunFigures & { cpu: number; connectMs: number })[] = [];
    const baselineRuns: RunFigures[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}/${ROUNDS} (load ${os.loadavg()[0].toFixed(1)})`);
      const { builds, plan } = await newRound(ds, accounts);
      // An idle realtime node (no sockets, nothing appended) costs the baseline round nothing.
      const r = await runRealtime(platform, clients, plan, builds);
      realtimeRuns.push({ ...r.figures, cpu: r.cpu, connectMs: r.connectMs });
      baselineRuns.push(
        await runBaseline(
          clients,
          plan,
          builds.map((b) => b.id),
        ),
      );
    }
    // The round whose p99 is the median of the rounds'.
    const realtime = medianBy(realtimeRuns, (r) => r.p99);
    const baseline = medianBy(baselineRuns, (r) => r.p99);
    const serverLag = lagQuantiles(await (await fetch(`${platform.realtimeUrl}/metrics`)).text());
    console.log(
      `realtime's own append→emit lag over all rounds (its histogram, bucket bounds): p50 ≤ ${serverLag.p50} ms, p99 ≤ ${serverLag.p99} ms`,
    );
    console.log(
      `median rounds: p99 realtime ${realtime.p99.toFixed(1)} ms, baseline ${baseline.p99.toFixed(1)} ms (${(realtime.p99 / baseline.p99).toFixed(2)}×); realtime CPU ${(realtime.cpu * 100).toFixed(0)}% of one core`,
    );

    const figures: FanoutFigures = {
      machine,
      sockets: SOCKETS,
      builds: BUILDS,
      accounts: ACCOUNTS,
      seconds: SECONDS,
      rounds: ROUNDS,
      targetDeliveriesPerSecond: DELIVERIES_PER_SECOND,
      realtime,
      baseline,
      realtimeP99s: realtimeRuns.map((r) => r.p99),
      baselineP99s: baselineRuns.map((r) => r.p99),
      realtimeCpu: realtime.cpu,
      connectMs: realtime.connectMs,
      load: [loadAtStart, os.loadavg()[0]],
      serverLag,
    };
    const ok = realtimeRuns.every(
      (r) => r.delivered === r.expected && r.outOfOrder === 0 && r.incompleteBuilds === 0,
    );
    console.log(ok ? 'every round: nothing lost, duplicated or reordered' : 'DELIVERY CHECK FAILED');
    if (process.env.BENCH_WRITE_DOCS !== '0') writeFanoutSection(figures);
    process.exitCode = ok ? 0 : 1;
  } finally {
    clients.kill();
    await platform.stop();
    await redis?.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * Billing throughput: settle a pre-loaded `usage` stream with the real consumer
 * (RedisStreamsServer + the usage batch transaction + live updates), beside
 * (a) the same consumer taking one event per transaction and (b) the ceiling of
 * raw batched INSERT … ON CONFLICT of the same rows on the same Postgres.
 *
 *   npm run bench:billing            # 200,000 events over 2,000 builds
 *   BENCH_EVENTS=50000 BENCH_BATCH=1000,5000 npm run bench:billing
 */
import 'reflect-metadata';
import { createRedis } from '@autowebiq/bus';
import { loadConfig } from '@autowebiq/config';
import { AGENT_TYPES, redisKeys, StreamName, usageEventId, type UsageEvent } from '@autowebiq/contracts';
import { checkInvariants, LedgerService } from '@autowebiq/ledger';
import { creditsToMicro, DEFAULT_PRICE_TABLE, priceUsage } from '@autowebiq/pricing';
import { seededRandom } from '@autowebiq/sitegen';
import {
  createTestDatabase,
  deleteRedisKeys,
  uniqueRedisPrefix,
  type TestDatabase,
} from '@autowebiq/testing';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { startBilling } from '../../apps/billing/src/billing.bootstrap';
import { writeBenchmarkSection } from '../benchmarks-doc';
import { commandLine, cpuTicks, median, medianBy, MS_PER_TICK, processIds, spentBetween } from '../measure';
import { insertUsageRowsSql, usageRowParams } from '../../apps/billing/src/usage/usage-rows.sql';
import { drained } from '../../tests/system/billing-kit';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const BUILDS = Number(process.env.BENCH_BUILDS ?? 2_000);
/** One or more batch sizes (comma-separated): each is measured in every round. */
const BATCHES = (process.env.BENCH_BATCH ?? '5000,20000').split(',').map(Number);
const BASELINE_EVENTS = Number(process.env.BENCH_BASELINE_EVENTS ?? 5_000);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BUILDS_PER_ACCOUNT = 10;
/** A consumer that has not drained the stream by then has stalled: the run fails instead of hanging. */
const DRAIN_TIMEOUT_MS = 10 * 60_000;
/** Asked often, so the run's end is seen at once (its timing comes from the batches, not from this). */
const DRAIN_POLL_MS = 5;
/** A directory: each consumer run's V8 CPU profile (this process, i.e. billing) is written there. */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

/** CPU per event (µs) of this process (billing runs in it), the bench database's Postgres backends and Redis. */
interface CpuSample {
  billing: number;
  postgres: number;
  redis: number;
}

/**
 * Measures CPU time from the kernel over a run; the figures survive a shared machine's load better than
 * rates do. Postgres backends are sampled every 200 ms and each one's last reading kept: the pool closes
 * connections idle for 10 s, and a backend that exits takes its CPU time out of /proc with it.
 */
async function cpuMeter(db: TestDatabase, redis: Redis): Promise<() => { stop(events: number): CpuSample }> {
  const database = new URL(db.url).pathname.slice(1);
  const info = await redis.info('server');
  const redisPid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  const redisTicks = () => (redisPid ? cpuTicks(redisPid) : 0);
  // A backend shows its database in its command line once it has started; a process that is not
  // Postgres at all never will (a fresh fork still shows the postmaster's, so it is asked again).
  const isBackend = new Map<string, boolean>();
  const backends = () =>
    processIds().filter((pid) => {
      let known = isBackend.get(pid);
      if (known === undefined) {
        const cmdline = commandLine(pid);
        if (cmdline === undefined) return false;
        known = cmdline.includes(` ${database} `);
        if (known || !cmdline.includes('postgres')) isBackend.set(pid, known);
      }
      return known;
    });
  return () => {
    const own = process.cpuUsage();
    const redis0 = redisTicks();
    const before = new Map<string, number>();
    const latest = new Map<string, number>();
    const scan = (first: boolean) => {
      for (const pid of backends()) {
        try {
          const ticks = cpuTicks(pid);
          if (first) before.set(pid, ticks);
          latest.set(pid, ticks);
        } catch {
          // Exited since the listing: its last reading stands.
        }
      }
    };
    scan(true);
    const timer = setInterval(() => scan(false), 200);
    return {
      stop(events) {
        clearInterval(timer);
        scan(false);
        const used = process.cpuUsage(own);
        const postgresTicks = spentBetween(before, latest);
        const us = (ms: number) => (ms * 1000) / events;
        return {
          billing: (used.user + used.system) / events,
          postgres: us(postgresTicks * MS_PER_TICK),
          redis: us((redisTicks() - redis0) * MS_PER_TICK),
        };
      },
    };
  };
}

interface Build {
  accountId: string;
  buildId: string;
}

/** Accounts with wallets, builds with holds big enough for their share of the usage: what the gateway leaves. */
async function createBuilds(db: TestDatabase, count: number): Promise<Build[]> {
  const ledger = new LedgerService(db.dataSource);
  const builds: Build[] = [];
  for (let a = 0; a < Math.ceil(count / BUILDS_PER_ACCOUNT); a++) {
    await ledger.transaction(async (tx) => {
      const accountId = randomUUID();
      await tx.query(`INSERT INTO accounts (id, name) VALUES ($1, 'bench')`, [accountId]);
      await ledger.openWallet(tx, accountId);
      await ledger.grant(tx, { accountId, amountMicro: creditsToMicro(1_000_000), reason: 'bench' });
      for (let i = 0; i < BUILDS_PER_ACCOUNT && builds.length < count; i++) {
        const buildId = randomUUID();
        await tx.query(
          `INSERT INTO builds (id, account_id, status, prompt, models, price_table) VALUES ($1, $2, 'running', 'bench', $3, $4)`,
          [
            buildId,
            accountId,
            JSON.stringify({ planner: 'gpt-4o', image: 'dall-e-3', frontend: 'gpt-5', testing: 'gpt-4o' }),
            JSON.stringify(DEFAULT_PRICE_TABLE),
          ],
        );
        await ledger.reserve(tx, { accountId, buildId, amountMicro: creditsToMicro(50_000) });
        builds.push({ accountId, buildId });
      }
    });
  }
  return builds;
}

const MODELS = {
  planner: 'gpt-4o',
  image: 'dall-e-3',
  frontend: 'gpt-5',
  testing: 'claude-sonnet-4-20250514',
} as const;

/** Usage of concurrent builds, interleaved at random as the stream would see it. */
function makeEvents(
  builds: Build[],
  count: number,
  seed: number,
  calls = new Array<number>(builds.length).fill(0),
): UsageEvent[] {
  const random = seededRandom(seed);
  const ts = new Date().toISOString();
  const events: UsageEvent[] = [];
  for (let i = 0; i < count; i++) {
    const b = Math.floor(random() * builds.length);
    const { accountId, buildId } = builds[b];
    const call = calls[b]++;
    const agent = AGENT_TYPES[call % 4];
    const image = agent === 'image';
    events.push({
      event_id: usageEventId(buildId, agent, 1, call),
      build_id: buildId,
      account_id: accountId,
      agent,
      model: MODELS[agent],
      attempt: 1,
      call_index: call,
      input_tokens: image ? 0 : 100 + Math.floor(random() * 3000),
      output_tokens: image ? 0 : 50 + Math.floor(random() * 1500),
      images: image ? 1 : 0,
      duration_ms: 200 + Math.floor(random() * 5000),
      ts,
    });
  }
  return events;
}

async function preload(redis: Redis, prefix: string, events: UsageEvent[]): Promise<void> {
  const stream = redisKeys.stream(prefix, StreamName.Usage);
  for (let i = 0; i < events.length; i += 5_000) {
    const pipeline = redis.pipeline();
    for (const e of events.slice(i, i + 5_000)) pipeline.xadd(stream, '*', 'data', JSON.stringify(e));
    await pipeline.exec();
  }
}

/** Runs the real billing consumer over a pre-loaded stream; returns events per second. */
async function consume(
  db: TestDatabase,
  redis: Redis,
  events: UsageEvent[],
  batch: number,
  cpu: () => { stop(events: number): CpuSample },
): Promise<Run> {
  const prefix = uniqueRedisPrefix('benchbill');
  await preload(redis, prefix, events);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    ADMIN_TOKEN: 'bench-admin-token-0123456789',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL,
    REDIS_PREFIX: prefix,
    BILLING_BATCH_SIZE: String(batch),
    BILLING_CONSUMER_NAME: 'bench',
    SWEEP_INTERVAL_MS: '3600000',
  });
  // Timed from the start of the first batch to the last acknowledgement, not counting the process's boot.
  let started: number | undefined;
  let finished = 0;
  const app = await startBilling(config);
  const profile = PROFILE_DIR ? new Session() : undefined;
  if (profile) {
    profile.connect();
    await profile.post('Profiler.enable');
    await profile.post('Profiler.start');
  }
  const cpuRun = cpu();
  app.streams.on('batch', (b) => {
    const now = performance.now();
    started ??= now - b.ms;
    finished = now;
    if (process.env.BENCH_TRACE)
      console.log(`batch ${b.entries} in ${b.ms.toFixed(1)} ms at ${(now - started).toFixed(0)}`);
  });
  await drained(redis, prefix, DRAIN_TIMEOUT_MS, DRAIN_POLL_MS);
  // Before close: the pool's Postgres backends exit with it.
  const cpuUs = cpuRun.stop(events.length);
  if (profile && PROFILE_DIR) {
    const { profile: data } = await profile.post('Profiler.stop');
    const file = path.join(PROFILE_DIR, `billing-batch${batch}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(data));
    profile.disconnect();
  }
  const seconds = (finished - (started ?? finished)) / 1000;
  await app.close();
  await deleteRedisKeys(REDIS_URL, prefix);
  return { eps: events.length / seconds, seconds, cpuUs };
}

/** The same rows, INSERT … ON CONFLICT DO NOTHING in batches, into an empty copy of usage_events: no Redis, no ledger. */
async function ceiling(
  db: TestDatabase,
  events: UsageEvent[],
  batch: number,
  cpu: () => { stop(events: number): CpuSample },
): Promise<Run> {
  await db.dataSource.query(`DROP TABLE IF EXISTS usage_events_ceiling`);
  await db.dataSource.query(`CREATE TABLE usage_events_ceiling (LIKE usage_events INCLUDING ALL)`);
  const rows = events.map((event) => ({
    event,
    accountId: event.account_id,
    creditsMicro: priceUsage(DEFAULT_PRICE_TABLE, event),
  }));
  const sql = insertUsageRowsSql('usage_events_ceiling');
  const cpuRun = cpu();
  const started = performance.now();
  for (let i = 0; i < rows.length; i += batch) {
    await db.dataSource.query(sql, usageRowParams(rows.slice(i, i + batch)));
  }
  const seconds = (performance.now() - started) / 1000;
  return { eps: events.length / seconds, seconds, cpuUs: cpuRun.stop(events.length) };
}

interface Run {
  eps: number;
  seconds: number;
  /** CPU per event, µs. */
  cpuUs: CpuSample;
}

const medianRun = (runs: Run[]) => medianBy(runs, (r) => r.eps);
const best = (runs: Run[]) => runs.reduce((a, b) => (b.eps > a.eps ? b : a));
const medianCpu = (runs: Run[]): CpuSample => ({
  billing: median(runs.map((r) => r.cpuUs.billing)),
  postgres: median(runs.map((r) => r.cpuUs.postgres)),
  redis: median(runs.map((r) => r.cpuUs.redis)),
});
const cpuText = (c: CpuSample) =>
  `${c.billing.toFixed(1)} + ${c.postgres.toFixed(1)} + ${c.redis.toFixed(1)} = ${(c.billing + c.postgres + c.redis).toFixed(1)}`;

async function main(): Promise<void> {
  const db = await createTestDatabase('benchbilling');
  const redis = createRedis(REDIS_URL);
  try {
    const [{ server_version }] = await db.dataSource.query(`SHOW server_version`);
    console.log(
      `billing bench: ${EVENTS} events over ${BUILDS} builds, batches ${BATCHES.join(', ')}, ${ROUNDS} rounds, seed ${SEED}`,
    );
    console.log(
      `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, postgres ${server_version}`,
    );
    const loadBefore = loadavg()[0];
    console.log(`load average (1 min) before: ${loadBefore.toFixed(2)}`);

    const cpu = await cpuMeter(db, redis);
    const builds = await createBuilds(db, BUILDS);
    // A live platform has planner statistics; a database filled a moment ago does not yet.
    await db.dataSource.query('ANALYZE');
    const calls = new Array<number>(builds.length).fill(0);
    let expected = 0n;
    const consumer = new Map<number, Run[]>(BATCHES.map((b) => [b, []]));
    const raw = new Map<number, Run[]>(BATCHES.map((b) => [b, []]));
    // Interleaved rounds, so the consumer and the ceiling see the same machine (it may be shared).
    for (let round = 0; round < ROUNDS; round++) {
      for (const batch of BATCHES) {
        const events = makeEvents(builds, EVENTS, SEED + round * BATCHES.length + batch, calls);
        expected += events.reduce((acc, e) => acc + priceUsage(DEFAULT_PRICE_TABLE, e), 0n);
        const c = await consume(db, redis, events, batch, cpu);
        const r = await ceiling(db, events, batch, cpu);
        consumer.get(batch)?.push(c);
        raw.get(batch)?.push(r);
        console.log(
          `round ${round + 1}, batch ${batch}: consumer ${Math.round(c.eps)} events/s (CPU µs/event ${cpuText(c.cpuUs)}), ` +
            `ceiling ${Math.round(r.eps)} events/s (${cpuText(r.cpuUs)}), load ${loadavg()[0].toFixed(1)}`,
        );
      }
    }
    const [{ spent }] = await db.dataSource.query(`SELECT sum(spent_micro)::text AS spent FROM builds`);
    if (BigInt(spent) !== expected)
      throw new Error(`ledger shows ${spent} µcr captured, the events imply ${expected}`);

    // The baseline on its own builds, so its captures are checked the same way.
    const baselineBuilds = await createBuilds(db, Math.min(BUILDS, 200));
    const baseline = await consume(db, redis, makeEvents(baselineBuilds, BASELINE_EVENTS, SEED - 1), 1, cpu);
    const [{ deadlocks }] = await db.dataSource.query(
      `SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`,
    );
    console.log(`deadlocks detected by Postgres during the run: ${deadlocks}`);
    const report = await checkInvariants(db.dataSource);
    if (!report.ok)
      throw new Error(`invariants broken: ${JSON.stringify(report.checks.filter((c) => !c.ok))}`);

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const row = (name: string, events: number, runs: Run[]) =>
      `| ${name} | ${fmt(events)} | ${medianRun(runs).seconds.toFixed(2)} | ${fmt(medianRun(runs).eps)} | ${fmt(best(runs).eps)} | ${cpuText(medianCpu(runs))} |`;
    const load = `${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)}`;
    const concurrency = loadConfig().BILLING_CONCURRENCY;
    const table = [
      `| run | events | seconds (median) | events/s (median) | events/s (best) | CPU µs per event: billing + Postgres + Redis (median) |`,
      `|---|---:|---:|---:|---:|---:|`,
      ...BATCHES.map((b) =>
        row(`billing consumer, batch ${b}, ${concurrency} in flight`, EVENTS, consumer.get(b) ?? []),
      ),
      row('(a) one transaction per event (same consumer, batch 1)', BASELINE_EVENTS, [baseline]),
      ...BATCHES.map((b) =>
        row(`(b) ceiling: raw batched INSERT … ON CONFLICT, batch ${b}`, EVENTS, raw.get(b) ?? []),
      ),
    ];
    const ratios = BATCHES.map((b) => {
      const c = medianRun(consumer.get(b) ?? []).eps;
      return (
        `batch ${b}: consumer / one-per-event baseline **${(c / baseline.eps).toFixed(1)}×** (target ≥ 10×), ` +
        `consumer / raw INSERT ceiling **${((c / medianRun(raw.get(b) ?? []).eps) * 100).toFixed(0)}%**`
      );
    });
    const defaultBatch = loadConfig().BILLING_BATCH_SIZE;
    const targetText = BATCHES.map((b) => {
      const eps = medianRun(consumer.get(b) ?? []).eps;
      return `batch ${b}${b === defaultBatch ? ' (the default)' : ''} ${eps >= 50_000 ? '**met**' : '**missed**'} (median ${fmt(eps)})`;
    }).join(', ');
    // At 50,000 events/s two cores give 40 µs of CPU per event, to billing, Postgres and Redis together.
    const budgetText = BATCHES.map((b) => {
      const c = medianCpu(consumer.get(b) ?? []);
      const ceilingEps = medianRun(raw.get(b) ?? []).eps;
      return (
        `- batch ${b}: 50,000 events/s on 2 cores leaves 40 µs of CPU per event; the consumer used ` +
        `${(c.billing + c.postgres + c.redis).toFixed(0)} (Postgres ${c.postgres.toFixed(0)}, of which the INSERT ` +
        `alone ~${medianCpu(raw.get(b) ?? []).postgres.toFixed(0)})` +
        (ceilingEps < 50_000 ? `; the INSERT alone ran at ${fmt(ceilingEps)} events/s on this machine.` : '.')
      );
    });
    console.log(
      ['', ...table, '', ...ratios, `target ≥ 50,000 events/s: ${targetText}`, ...budgetText].join('\n'),
    );
    console.log(`ledger: ${spent} µcr captured = the events' price; invariants ok; load average ${load}`);
    if (EVENTS >= 200_000 && process.env.BENCH_WRITE_DOCS !== '0') {
      writeBenchmarkSection('## Billing', [
        '`npm run bench:billing` (`bench/billing/run.ts`): the real usage consumer (`RedisStreamsServer`, the batch',
        'transaction, live `credits_update`s) settles a pre-loaded `usage` stream, real Redis and Postgres, in one process.',
        `${fmt(EVENTS)} events over ${fmt(BUILDS)} builds with holds (10 per account), interleaved at random; ${ROUNDS} rounds,`,
        'each timed from the start of the first batch to the last acknowledgement, alternating with the ceiling so both',
        `see the same machine. (a) is the same consumer with \`BILLING_BATCH_SIZE=1\`, on ${fmt(BASELINE_EVENTS)} events (it is slow);`,
        '(b) is the consumer’s own INSERT statement alone, same rows and batch size, into an empty copy of `usage_events`:',
        'no Redis, no pricing, no ledger. After the rounds the ledger is checked: captured = the events’ price to the µcr, invariants ok.',
        'CPU per event is read from the kernel around each run: this process (billing: parsing, pricing, the pg and Redis',
        'clients, GC on all its threads), the bench database’s Postgres backends, and the whole Redis server (shared with',
        'whatever else uses it). On a machine other work shares, it moves far less than the rates do.',
        '',
        `| machine | ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, PostgreSQL ${server_version.split(' ')[0]} |`,
        '|---|---|',
        `| load average (1 min) at start / end | ${load} (other work shares these cores) |`,
        '',
        ...table,
        '',
        ...ratios.map((r) => `- ${r}`),
        ...BATCHES.map(
          (b) =>
            `- every round, batch ${b}: consumer ${(consumer.get(b) ?? []).map((r) => fmt(r.eps)).join(', ')}; ` +
            `ceiling ${(raw.get(b) ?? []).map((r) => fmt(r.eps)).join(', ')} events/s`,
        ),
        `- target: ≥ 50,000 events/s on 2 cores: ${targetText}.`,
        ...budgetText,
      ]);
      console.log('Written to docs/benchmarks.md (section "Billing").');
    }
  } finally {
    await redis.quit();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

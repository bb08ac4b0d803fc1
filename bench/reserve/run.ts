/**
 * `npm run bench:reserve`: reservations per second through the real gateway
 * (POST /v1/builds over HTTP, each with its own Idempotency-Key, as the SDK
 * sends them) against real Postgres and Redis, beside a bare conditional
 * UPDATE loop over a pg pool of the same size in the same run, the two taking
 * turns and compared by their medians.
 *
 * Each round's account can afford exactly BENCH_RESERVATIONS holds and gets 10% more
 * requests than that: zero overdraft means exactly that many 202s, the rest
 * 402, the wallet at exactly 0 and the ledger invariants intact.
 *
 * Env: BENCH_RESERVATIONS (5000), BENCH_CONCURRENCY (64), BENCH_POOL_SIZE (20),
 * BENCH_ROUNDS (3), BENCH_IDEMPOTENCY (1), BENCH_WRITE_DOCS (1), BENCH_PROFILE_DIR (unset),
 * BENCH_NODE_FLAGS (the gateway's shipped V8 flags).
 */
import { checkInvariants } from '@autowebiq/ledger';
import { appNodeFlags, createAccount, startPlatform, type Platform } from '@autowebiq/testing';
import http from 'node:http';
import os from 'node:os';
import { Pool } from 'pg';
import { commandLine, cpuTicks, medianBy, MS_PER_TICK, processIds, spentBetween } from '../measure';
import { writeReservationsSection } from './benchmarks-doc';

const RESERVATIONS = Number(process.env.BENCH_RESERVATIONS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 20);
const WITH_IDEMPOTENCY = process.env.BENCH_IDEMPOTENCY !== '0';
/** A directory: the gateway writes a V8 CPU profile (.cpuprofile, for Chrome DevTools) there when it stops. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** V8 flags of the gateway, by default those it ships with. */
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? appNodeFlags('api-gateway');
const REQUESTS = Math.round(RESERVATIONS * 1.1);
const WARM_UP = 500;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Every hold is exactly one credit (max_credits), so the affordable count is exact. */
const HOLD_MICRO = 1_000_000n;

interface Run {
  ok: number;
  refused: number;
  other: Map<number, number>;
  seconds: number;
  latenciesMs: number[];
  cpuMsPerRequest?: CpuPerRequest;
}

interface CpuPerRequest {
  gateway: number;
  postgres: number;
  /** The Redis server, which other work on the machine may share. */
  redis: number;
  /** This process: the HTTP client making the requests. */
  client: number;
}

/**
 * CPU time (user + system) per request, from /proc: the gateway process, the Postgres backends serving its
 * database, the Redis server and this process (the load generator). Counted per process as it was at the end
 * less what it had at the start, so a backend that exits in between (a pool closing idle connections) drops
 * out instead of taking its earlier time with it: call `perRequest` before closing the pool being measured.
 */
function cpuMeter(platform: Platform, withGateway = true): { perRequest(n: number): CpuPerRequest } {
  const database = new URL(platform.databaseUrl).pathname.slice(1);
  const redisPort = new URL(platform.redisUrl).port || '6379';
  const gatewayPid = withGateway ? String(platform.pid('api-gateway')) : undefined;
  const groups: Record<'gateway' | 'postgres' | 'redis', (pid: string, cmd: string) => boolean> = {
    gateway: (pid) => pid === gatewayPid,
    postgres: (_, cmd) => cmd.includes(` ${database} `),
    redis: (_, cmd) => cmd.startsWith('redis-server') && cmd.includes(`:${redisPort}`),
  };
  /** Per group, pid → CPU ticks so far. */
  const snapshot = () => {
    const taken: Record<keyof typeof groups, Map<string, number>> = {
      gateway: new Map(),
      postgres: new Map(),
      redis: new Map(),
    };
    for (const pid of processIds()) {
      const cmd = commandLine(pid);
      if (cmd === undefined) continue;
      const group = (Object.keys(groups) as (keyof typeof groups)[]).find((g) => groups[g](pid, cmd));
      try {
        if (group) taken[group].set(pid, cpuTicks(pid));
      } catch {
        // The process ended while we looked.
      }
    }
    return taken;
  };
  const clientMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const start = snapshot();
  const c0 = clientMs();
  return {
    perRequest: (n) => {
      const end = snapshot();
      const msPer = (group: keyof typeof groups) =>
        (spentBetween(start[group], end[group]) * MS_PER_TICK) / n;
      return {
        gateway: msPer('gateway'),
        postgres: msPer('postgres'),
        redis: msPer('redis'),
        client: (clientMs() - c0) / n,
      };
    },
  };
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log(
    `${REQUESTS} requests for ${RESERVATIONS} affordable holds, ${CONCURRENCY} in flight, pg pool ${POOL_SIZE}, idempotency keys ${WITH_IDEMPOTENCY ? 'on' : 'off'}`,
  );
  const platform = await startPlatform({
    apps: ['api-gateway'],
    label: 'benchreserve',
    launch: {
      nodeFlags: [...NODE_FLAGS, ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
    },
    env: {
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOG_LEVEL: 'warn',
    },
  });
  try {
    await warmUp(platform);
    // Bare loop and gateway take turns (bare first and last), so both see the machine's load of the moment:
    // on a shared machine one pass of each could compare a quiet minute with a busy one.
    const gatewayRuns: Run[] = [];
    const bareRuns: Run[] = [await bareLoop(platform, 0)];
    const books: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const run = await gatewayRun(platform, round);
      gatewayRuns.push(run);
      books.push(await verifyBooks(platform, run, round));
      bareRuns.push(await bareLoop(platform, round));
      console.log(
        `round ${round}: gateway ${rate(run).toFixed(0)}/s, bare loop ${rate(bareRuns[round - 1]).toFixed(0)} → ${rate(bareRuns[round]).toFixed(0)}/s`,
      );
    }
    const gateway = medianRun(gatewayRuns);
    const bare = medianRun(bareRuns);
    const gatewayRate = rate(gateway);
    const bareRate = rate(bare);
    const ratio = gatewayRate / bareRate;
    const figures = {
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'cpu'}), node ${process.version}`,
      requests: REQUESTS,
      reservations: RESERVATIONS,
      concurrency: CONCURRENCY,
      poolSize: POOL_SIZE,
      idempotency: WITH_IDEMPOTENCY,
      rounds: ROUNDS,
      gatewayRates: gatewayRuns.map(rate),
      bareRates: bareRuns.map(rate),
      gatewayRate,
      p50: percentile(gateway.latenciesMs, 0.5),
      p99: percentile(gateway.latenciesMs, 0.99),
      bareRate,
      ratio,
      books: books[0],
      cpu: gateway.cpuMsPerRequest!,
      barePostgresMs: bare.cpuMsPerRequest!.postgres,
      load: os.loadavg()[0],
    };
    console.log(
      `gateway (median of ${ROUNDS}): ${gateway.ok} × 202, ${gateway.refused} × 402 in ${gateway.seconds.toFixed(2)} s → ${gatewayRate.toFixed(0)} reservations/s (p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms)`,
    );
    const c = figures.cpu;
    console.log(
      `CPU per request: gateway ${c.gateway.toFixed(2)} ms, Postgres ${c.postgres.toFixed(2)} ms, Redis ${c.redis.toFixed(2)} ms, HTTP client ${c.client.toFixed(2)} ms`,
    );
    console.log(
      `bare UPDATE loop (median of ${bareRuns.length}): ${bareRate.toFixed(0)} debits/s (Postgres CPU ${figures.barePostgresMs.toFixed(2)} ms per debit)`,
    );
    console.log(`load average at the end: ${figures.load.toFixed(1)} (other processes share these cores)`);
    console.log(`ratio: ${(ratio * 100).toFixed(1)}% of the bare loop`);
    console.log(`books: every round exact; ${books[0]}`);
    console.log(
      `targets: ≥ 1000/s ${gatewayRate >= 1000 ? 'met' : 'MISSED'}, ≥ 40% ${ratio >= 0.4 ? 'met' : 'MISSED'}`,
    );
    if (process.env.BENCH_WRITE_DOCS !== '0') writeReservationsSection(figures);
  } finally {
    await platform.stop();
  }
}

const rate = (r: Run) => r.ok / r.seconds;

const medianRun = (runs: Run[]): Run => medianBy(runs, rate);

/** Connections and the JIT warmed on the full path with an account of its own, so measured accounts' books stay exact. */
async function warmUp(platform: Platform): Promise<void> {
  const url = new URL('/v1/builds', platform.gatewayUrl);
  const body = JSON.stringify({
    prompt: 'a coffee shop website with a menu and opening hours',
    max_credits: 1,
  });
  const warm = await createAccount(platform.gatewayUrl, platform.adminToken, WARM_UP, 'warm-up');
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; i < WARM_UP; i += CONCURRENCY) {
        await fetch(url, {
          method: 'POST',
          headers: { ...warm.headers, 'content-type': 'application/json', 'idempotency-key': `warm-${i}` },
          body,
        }).then((r) => r.text());
      }
    }),
  );
}

async function gatewayRun(platform: Platform, round: number): Promise<Run> {
  const account = await createAccount(
    platform.gatewayUrl,
    platform.adminToken,
    RESERVATIONS,
    `bench-${round}`,
  );
  const url = new URL('/v1/builds', platform.gatewayUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const body = JSON.stringify({
    prompt: 'a coffee shop website with a menu and opening hours',
    max_credits: 1,
  });
  const post = (i: number) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string | number> = {
        authorization: account.headers.authorization,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      if (WITH_IDEMPOTENCY) headers['idempotency-key'] = `bench-${round}-${i}`;
      const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  const cpu = cpuMeter(platform);
  const run: Run = { ok: 0, refused: 0, other: new Map(), seconds: 0, latenciesMs: [] };
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const start = performance.now();
        const status = await post(i);
        run.latenciesMs.push(performance.now() - start);
        if (status === 202) run.ok++;
        else if (status === 402) run.refused++;
        else run.other.set(status, (run.other.get(status) ?? 0) + 1);
      }
    }),
  );
  run.seconds = (performance.now() - t0) / 1000;
  run.cpuMsPerRequest = cpu.perRequest(REQUESTS);
  agent.destroy();
  if (run.other.size > 0) throw new Error(`unexpected answers: ${JSON.stringify([...run.other])}`);
  if (run.ok !== RESERVATIONS || run.refused !== REQUESTS - RESERVATIONS) {
    throw new Error(
      `overdraft check failed: ${run.ok} × 202 and ${run.refused} × 402, expected ${RESERVATIONS} and ${REQUESTS - RESERVATIONS}`,
    );
  }
  return run;
}

/** The wallet must be at exactly zero, the holds exactly the accepted requests, and every invariant must hold. */
async function verifyBooks(platform: Platform, run: Run, round: number): Promise<string> {
  const ds = platform.db!.dataSource;
  const [row] = await ds.query(
    `SELECT w.balance AS wallet, (SELECT sum(h.balance) FROM ledger_accounts h WHERE h.kind = 'hold' AND h.account_id = a.id) AS held
     FROM accounts a JOIN ledger_accounts w ON w.id = 'wallet:' || a.id WHERE a.name = $1`,
    [`bench-${round}`],
  );
  if (BigInt(row.wallet) !== 0n || BigInt(row.held) !== BigInt(run.ok) * HOLD_MICRO) {
    throw new Error(`balances are off: wallet ${row.wallet} µcr, held ${row.held} µcr`);
  }
  const report = await checkInvariants(ds);
  if (!report.ok)
    throw new Error(`ledger invariants violated: ${JSON.stringify(report.checks.filter((c) => !c.ok))}`);
  return `wallet 0 µcr, held ${row.held} µcr, ${report.checks.length} ledger invariants ok`;
}

/** The floor: one conditional UPDATE per debit on one wallet row, same pool size, same concurrency, same request count. */
async function bareLoop(platform: Platform, round: number): Promise<Run> {
  const pool = new Pool({ connectionString: platform.databaseUrl, max: POOL_SIZE });
  try {
    const id = `bench:bare-loop-${round}`;
    await pool.query(`INSERT INTO ledger_accounts (id, kind, balance) VALUES ($1, 'wallet', $2)`, [
      id,
      String(BigInt(RESERVATIONS) * HOLD_MICRO),
    ]);
    const run: Run = { ok: 0, refused: 0, other: new Map(), seconds: 0, latenciesMs: [] };
    let next = 0;
    const cpu = cpuMeter(platform, false);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < REQUESTS) {
          const r = await pool.query(
            `UPDATE ledger_accounts SET balance = balance - $2 WHERE id = $1 AND balance >= $2`,
            [id, String(HOLD_MICRO)],
          );
          if (r.rowCount === 1) run.ok++;
          else run.refused++;
        }
      }),
    );
    run.seconds = (performance.now() - t0) / 1000;
    run.cpuMsPerRequest = cpu.perRequest(REQUESTS);
    if (run.ok !== RESERVATIONS)
      throw new Error(`bare loop debited ${run.ok} times, expected ${RESERVATIONS}`);
    return run;
  } finally {
    await pool.end();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});

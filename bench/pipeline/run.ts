/**
 * Pipeline throughput and orchestration overhead with the offline provider: the gateway, billing, realtime and
 * one worker per agent as real processes; and their memory, run as shipped (compiled JavaScript with
 * appNodeFlags) against how they ran before (TypeScript through the swc register hook), compiled without
 * the flags, and compiled with a smaller young generation still. Each way goes through the same idle / one-at-a-time / load measures; the ways take turns for
 * BENCH_ROUNDS rounds, and medians are reported, so a machine whose load drifts favours none of them.
 *
 *   npm run bench:pipeline
 *   BENCH_ROUNDS=3 BENCH_SEQUENTIAL=20 BENCH_BUILDS=120 BENCH_IN_FLIGHT=8 npm run bench:pipeline
 */
import 'reflect-metadata';
import { APP_NODE_FLAGS, HOT_PATH_NODE_FLAGS, type AppLaunch } from '@autowebiq/testing';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { DataSource } from 'typeorm';
import {
  PIPELINE_APPS,
  requestBuild,
  startPipeline,
  type PipelineRig,
} from '../../tests/system/pipeline-support';
import { median, spentBetween } from '../measure';
import {
  writePipelineSection,
  type Distribution,
  type LoadFigures,
  type ProcessMemory,
  type SequentialFigures,
  type VariantFigures,
} from './benchmarks-doc';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 20);
const BUILDS = Number(process.env.BENCH_BUILDS ?? 100);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 4);
const IDLE_TARGET_MB = 120;

const PROMPTS = [
  'A cozy coffee shop in Portland with pastries and a reading nook',
  'SaaS landing page for an AI analytics platform with pricing and an FAQ',
  'Portfolio for a wedding photographer in Lisbon with a gallery',
  'A family dental clinic in Austin with online booking',
  'Non-profit raising funds for clean water projects, with a donate section',
  'A tech conference in Berlin with a schedule and speakers',
];

const APPS = [...PIPELINE_APPS, 'realtime'] as const;

interface Variant {
  name: string;
  launch: AppLaunch;
}

const SHIPPED = `compiled, ${APP_NODE_FLAGS.join(' ')} (${Object.entries(HOT_PATH_NODE_FLAGS)
  .map(([app, flags]) => `${app} ${flags.join(' ')}`)
  .join(', ')})`;
/** A smaller young generation than shipped, to show what the last few MB would cost. */
const SMALLER_YOUNG_GENERATION = ['--max-semi-space-size=1'];
/** The shipped way last: its figures fill the main table. */
const VARIANTS: Variant[] = [
  { name: 'TypeScript (register hook)', launch: { runtime: 'typescript', nodeFlags: [] } },
  { name: 'compiled', launch: { runtime: 'compiled', nodeFlags: [] } },
  {
    name: `compiled, ${SMALLER_YOUNG_GENERATION.join(' ')}`,
    launch: { runtime: 'compiled', nodeFlags: SMALLER_YOUNG_GENERATION },
  },
  { name: SHIPPED, launch: {} },
];

interface BuildTiming {
  overheadMs: number;
  wallMs: number;
  agentMs: number;
  settledMs: number;
}

function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

const rssMb = (pid: number | undefined): number => {
  if (!pid) return 0;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
};

/** CPU time the process has used so far (the scheduler's own count, in ns). */
const cpuMs = (pid: number | undefined): number => {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return 0;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** RSS of a bare node process started with `args` (the floor a runtime puts under every app). */
async function floorMb(args: string[]): Promise<number> {
  const child = spawn(process.execPath, [...args, '-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
  await sleep(2000);
  const mb = rssMb(child.pid);
  child.kill('SIGKILL');
  return mb;
}

/** The pipeline tests' rig, plus realtime, with the apps launched the variant's way. */
const startRig = (variant: Variant): Promise<PipelineRig> =>
  startPipeline('benchpipe', {
    apps: [...APPS],
    env: { WORKER_CONCURRENCY: String(WORKER_CONCURRENCY), LOG_LEVEL: 'warn' },
    launch: variant.launch,
    credits: 10_000_000,
  });

class Bench {
  private prompt = 0;
  private readonly ds: DataSource;
  constructor(private readonly rig: PipelineRig) {
    this.ds = rig.platform.db!.dataSource;
  }

  request(): Promise<string> {
    return requestBuild(this.rig, PROMPTS[this.prompt++ % PROMPTS.length]);
  }

  /** Builds of `ids` that are settled, with their status. */
  async settled(ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; status: string }[] = await this.ds.query(
      `SELECT id, status FROM builds WHERE id = ANY($1) AND settled_at IS NOT NULL`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** Runs `total` builds keeping `inFlight` of them requested and unsettled at any time. */
  async run(total: number, inFlight: number): Promise<string[]> {
    const done: string[] = [];
    const pending = new Set<string>();
    let requested = 0;
    while (done.length < total) {
      while (pending.size < inFlight && requested < total) {
        pending.add(await this.request());
        requested++;
      }
      await sleep(10);
      for (const [id, status] of await this.settled([...pending])) {
        if (status !== 'completed')
          throw new Error(`build ${id} ended ${status}:\n${this.rig.platform.logs()}`);
        pending.delete(id);
        done.push(id);
      }
    }
    return done;
  }

  async timings(ids: string[]): Promise<BuildTiming[]> {
    const rows: { wall_ms: number; agent_ms: number; settled_ms: number }[] = await this.ds.query(
      `SELECT extract(epoch FROM (t.finished_at - b.created_at)) * 1000 AS wall_ms,
              (SELECT extract(epoch FROM sum(r.finished_at - r.started_at)) * 1000
                 FROM agent_runs r WHERE r.build_id = b.id AND r.status = 'completed') AS agent_ms,
              extract(epoch FROM (b.settled_at - b.created_at)) * 1000 AS settled_ms
       FROM builds b JOIN agent_runs t ON t.build_id = b.id AND t.agent = 'testing' AND t.status = 'completed'
       WHERE b.id = ANY($1)`,
      [ids],
    );
    return rows.map((r) => ({
      wallMs: Number(r.wall_ms),
      agentMs: Number(r.agent_ms),
      overheadMs: Number(r.wall_ms) - Number(r.agent_ms),
      settledMs: Number(r.settled_ms),
    }));
  }
}

interface Round {
  memory: ProcessMemory[];
  load: LoadFigures;
  cpuMsPerBuild: number;
  sequential: SequentialFigures;
}

/** Idle after boot, one build at a time, then the load round with RSS sampled for each process's peak. */
async function measure(variant: Variant): Promise<Round> {
  const rig = await startRig(variant);
  const { platform } = rig;
  try {
    const bench = new Bench(rig);
    const instances = platform.instances();
    /** Pid → CPU ms so far, for each instance. */
    const cpuNow = () => new Map(instances.map((i) => [String(platform.pid(i)), cpuMs(platform.pid(i))]));

    await sleep(3000);
    const idle = new Map(instances.map((i) => [i, rssMb(platform.pid(i))]));

    await bench.run(3, 1);
    const sequentialIds = await bench.run(SEQUENTIAL, 1);
    const timings = await bench.timings(sequentialIds);

    const peak = new Map(instances.map((i) => [i, 0]));
    const sampler = setInterval(() => {
      for (const i of instances) peak.set(i, Math.max(peak.get(i)!, rssMb(platform.pid(i))));
    }, 200);
    const cpuBefore = cpuNow();
    const started = performance.now();
    const loadIds = await bench.run(BUILDS, IN_FLIGHT);
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = spentBetween(cpuBefore, cpuNow());
    clearInterval(sampler);
    const loadTimings = await bench.timings(loadIds);
    const round: Round = {
      memory: instances.map((i) => ({ instance: i, idleMb: idle.get(i)!, loadMb: peak.get(i)! })),
      load: {
        builds: loadTimings.length,
        inFlight: IN_FLIGHT,
        seconds,
        buildsPerSecond: loadTimings.length / seconds,
        overheadMs: distribution(loadTimings.map((t) => t.overheadMs)),
        settledMs: distribution(loadTimings.map((t) => t.settledMs)),
      },
      cpuMsPerBuild: cpuUsed / loadIds.length,
      sequential: {
        builds: timings.length,
        overheadMs: distribution(timings.map((t) => t.overheadMs)),
        wallMs: distribution(timings.map((t) => t.wallMs)),
        agentMs: distribution(timings.map((t) => t.agentMs)),
      },
    };
    console.log(
      `${variant.name}: ${round.load.buildsPerSecond.toFixed(2)} builds/s, ${round.cpuMsPerBuild.toFixed(0)} ms CPU/build,`,
      'idle MB',
      Object.fromEntries(round.memory.map((m) => [m.instance, Math.round(m.idleMb)])),
    );
    return round;
  } finally {
    await rig.stop();
  }
}

/** The round with the median throughput, and per process the median memory over all rounds. */
function summarize(variant: Variant, rounds: Round[]): { figures: VariantFigures; typical: Round } {
  const rates = rounds.map((r) => r.load.buildsPerSecond);
  const typical = rounds.find((r) => r.load.buildsPerSecond === median(rates))!;
  const memory = typical.memory.map(({ instance }) => {
    const of = (r: Round) => r.memory.find((m) => m.instance === instance)!;
    return {
      instance,
      idleMb: median(rounds.map((r) => of(r).idleMb)),
      loadMb: median(rounds.map((r) => of(r).loadMb)),
    };
  });
  return {
    figures: {
      name: variant.name,
      memory,
      load: typical.load,
      buildsPerSecond: rates,
      cpuMsPerBuild: rounds.map((r) => r.cpuMsPerBuild),
    },
    typical,
  };
}

async function main(): Promise<void> {
  const rounds = new Map<Variant, Round[]>(VARIANTS.map((v) => [v, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round} of ${ROUNDS}`);
    for (const variant of VARIANTS) rounds.get(variant)!.push(await measure(variant));
  }
  const summaries = VARIANTS.map((v) => summarize(v, rounds.get(v)!));
  const shipped = summaries[summaries.length - 1].typical;
  const figures = {
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.versions.node}, load average ${loadavg()[0].toFixed(1)} at the end`,
    workerConcurrency: WORKER_CONCURRENCY,
    rounds: ROUNDS,
    sequential: shipped.sequential,
    load: shipped.load,
    variants: summaries.map((s) => s.figures),
    idleTargetMb: IDLE_TARGET_MB,
    floors: {
      node: await floorMb([]),
      registerHook: await floorMb(['-r', '@swc-node/register']),
    },
  };
  console.log(JSON.stringify(figures, null, 2));
  writePipelineSection(figures);
  console.log('Written to docs/benchmarks.md (section "Pipeline").');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

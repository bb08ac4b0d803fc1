/**
 * Pipeline throughput and orchestration overhead with the offline provider:
 * the gateway, billing and one worker per agent as real processes.
 *
 *   npm run bench:pipeline
 *   BENCH_SEQUENTIAL=20 BENCH_BUILDS=120 BENCH_IN_FLIGHT=8 npm run bench:pipeline
 */
import 'reflect-metadata';
import { startPlatform } from '@autowebiq/testing';
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
import { writePipelineSection, type Distribution, type ProcessMemory } from './benchmarks-doc';

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

const WORKERS = PIPELINE_APPS.filter((a) => a.startsWith('worker-'));
/** V8 keeps up to 16 MB semi-spaces (young generation) per process by default; 1 MB trades a little GC time for RSS. */
const SMALL_YOUNG_GENERATION = '--max-semi-space-size=1';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** RSS of a process that only loads the TypeScript runtime every app runs under (node + @swc-node/register). */
async function runtimeFloorMb(): Promise<number> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', 'setTimeout(() => {}, 10000)'], {
    stdio: 'ignore',
  });
  await sleep(2000);
  const mb = rssMb(child.pid);
  child.kill('SIGKILL');
  return mb;
}

/** Idle RSS of the four workers after boot when started with the given NODE_OPTIONS. */
async function idleWorkersMb(nodeOptions: string): Promise<Map<string, number>> {
  const platform = await startPlatform({
    apps: [...WORKERS],
    label: 'benchidle',
    env: { NODE_OPTIONS: nodeOptions, LOG_LEVEL: 'warn' },
  });
  try {
    await sleep(3000);
    return new Map(platform.instances().map((i) => [i, rssMb(platform.pid(i))]));
  } finally {
    await platform.stop();
  }
}

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

async function main(): Promise<void> {
  const rig = await startPipeline(
    'benchpipe',
    { WORKER_CONCURRENCY: String(WORKER_CONCURRENCY), LOG_LEVEL: 'warn' },
    10_000_000,
  );
  const { platform } = rig;
  try {
    const bench = new Bench(rig);
    const instances = platform.instances();

    await sleep(3000);
    const idle = new Map(instances.map((i) => [i, rssMb(platform.pid(i))]));
    console.log('idle RSS (MB):', Object.fromEntries([...idle].map(([k, v]) => [k, Math.round(v)])));

    await bench.run(3, 1);
    const sequentialIds = await bench.run(SEQUENTIAL, 1);
    const sequential = await bench.timings(sequentialIds);

    const peak = new Map(instances.map((i) => [i, 0]));
    const sampler = setInterval(() => {
      for (const i of instances) peak.set(i, Math.max(peak.get(i)!, rssMb(platform.pid(i))));
    }, 200);
    const started = performance.now();
    const loadIds = await bench.run(BUILDS, IN_FLIGHT);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const load = await bench.timings(loadIds);

    await rig.stop();
    const tuned = await idleWorkersMb(SMALL_YOUNG_GENERATION);
    const memory: ProcessMemory[] = instances.map((i) => ({
      instance: i,
      idleMb: idle.get(i)!,
      loadMb: peak.get(i)!,
      tunedIdleMb: tuned.get(i),
    }));
    const figures = {
      machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.versions.node}, load average ${loadavg()[0].toFixed(1)} at the end`,
      workerConcurrency: WORKER_CONCURRENCY,
      sequential: {
        builds: sequential.length,
        overheadMs: distribution(sequential.map((t) => t.overheadMs)),
        wallMs: distribution(sequential.map((t) => t.wallMs)),
        agentMs: distribution(sequential.map((t) => t.agentMs)),
      },
      load: {
        builds: load.length,
        inFlight: IN_FLIGHT,
        seconds,
        buildsPerSecond: load.length / seconds,
        overheadMs: distribution(load.map((t) => t.overheadMs)),
        settledMs: distribution(load.map((t) => t.settledMs)),
      },
      memory,
      idleTargetMb: IDLE_TARGET_MB,
      runtimeFloorMb: await runtimeFloorMb(),
      tunedNodeOptions: SMALL_YOUNG_GENERATION,
    };
    console.log(JSON.stringify(figures, null, 2));
    writePipelineSection(figures);
    console.log('Written to docs/benchmarks.md (section "Pipeline").');
  } finally {
    await rig.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

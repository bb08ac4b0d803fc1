import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DOC = path.resolve(__dirname, '..', '..', 'docs', 'benchmarks.md');
const HEADING = '## Pipeline';

export interface Distribution {
  p50: number;
  p99: number;
  max: number;
}

export interface ProcessMemory {
  instance: string;
  idleMb: number;
  loadMb: number;
  /** Idle with `tunedNodeOptions` (measured for workers only). */
  tunedIdleMb?: number;
}

export interface PipelineFigures {
  machine: string;
  workerConcurrency: number;
  sequential: { builds: number; overheadMs: Distribution; wallMs: Distribution; agentMs: Distribution };
  load: {
    builds: number;
    inFlight: number;
    seconds: number;
    buildsPerSecond: number;
    overheadMs: Distribution;
    settledMs: Distribution;
  };
  memory: ProcessMemory[];
  idleTargetMb: number;
  /** node + @swc-node/register (which loads the TypeScript compiler) and nothing else. */
  runtimeFloorMb: number;
  tunedNodeOptions: string;
}

const ms = (d: Distribution) => `${d.p50.toFixed(0)} / ${d.p99.toFixed(0)} / ${d.max.toFixed(0)} ms`;

/** Replaces the Pipeline section of docs/benchmarks.md (creating the file if needed), leaving other sections alone. */
export function writePipelineSection(f: PipelineFigures): void {
  const section = [
    HEADING,
    '',
    '`npm run bench:pipeline` (`bench/pipeline/run.ts`): the gateway, billing and one worker per agent as real',
    'processes (the test harness), real Postgres and Redis, `LLM_PROVIDER=offline`. Builds are requested with',
    '`POST /v1/builds`. *Inside agents* is the sum over the four agents of their completed attempt',
    '(`agent_runs.started_at` → `finished_at`: messages, model calls, usage events, file writes).',
    "*Orchestration overhead* is the rest of the pipeline's wall time, from the build row's `created_at` (the",
    "gateway's transaction) to the testing agent's end: flow add, queue hand-offs, job locks, children values.",
    '',
    '| measure | value |',
    '|---|---|',
    `| machine | ${f.machine} |`,
    `| workers | one per agent, \`WORKER_CONCURRENCY=${f.workerConcurrency}\` |`,
    `| one build at a time (${f.sequential.builds} builds): orchestration overhead p50 / p99 / max | **${ms(f.sequential.overheadMs)}** |`,
    `| one build at a time: pipeline wall time p50 / p99 / max | ${ms(f.sequential.wallMs)} |`,
    `| one build at a time: inside agents p50 / p99 / max | ${ms(f.sequential.agentMs)} |`,
    `| under load (${f.load.builds} builds, ${f.load.inFlight} in flight): builds/s | **${f.load.buildsPerSecond.toFixed(2)}** (settled, ${f.load.seconds.toFixed(1)} s) |`,
    `| under load: orchestration overhead p50 / p99 / max (queueing included) | ${ms(f.load.overheadMs)} |`,
    `| under load: request → settled (build_complete) p50 / p99 / max | ${ms(f.load.settledMs)} |`,
    '',
    `Resident memory (RSS) per process, idle after boot and the peak under load (target ≤ ${f.idleTargetMb} MB idle for workers),`,
    `and idle again for the workers started with \`NODE_OPTIONS=${f.tunedNodeOptions}\`:`,
    '',
    `| process | idle | under load | idle, ${f.tunedNodeOptions} |`,
    '|---|---|---|---|',
    ...f.memory.map(
      (m) =>
        `| ${m.instance} | ${m.idleMb.toFixed(0)} MB | ${m.loadMb.toFixed(0)} MB | ${m.tunedIdleMb === undefined ? '–' : `${m.tunedIdleMb.toFixed(0)} MB`} |`,
    ),
    '',
    `A process that only loads the runtime every app runs under (\`node -r @swc-node/register\`, which loads the`,
    `TypeScript compiler to read tsconfig.json) already takes **${f.runtimeFloorMb.toFixed(0)} MB**: the ${f.idleTargetMb} MB target is out of reach while`,
    'apps run from TypeScript sources. The agent code adds Nest, TypeORM, BullMQ, sitegen (≈ 30 MB of heap) and, from',
    "the first build on, the tokenizer's rank table (≈ 32 MB of heap, loaded lazily so idle workers do not carry it).",
    '',
    `_Last run: ${new Date().toISOString()}._`,
    '',
  ].join('\n');
  const current = existsSync(DOC)
    ? readFileSync(DOC, 'utf8')
    : '# Benchmarks\n\nEach section is written by its benchmark; numbers are from the last run on the machine named in it.\n\n';
  const start = current.indexOf(`${HEADING}\n`);
  const after = start === -1 ? -1 : current.indexOf('\n## ', start + HEADING.length);
  const next =
    start === -1
      ? `${current.trimEnd()}\n\n${section}`
      : current.slice(0, start) + section + (after === -1 ? '' : current.slice(after));
  writeFileSync(DOC, next);
}

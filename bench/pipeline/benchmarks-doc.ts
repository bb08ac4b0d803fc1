import { writeBenchmarkSection } from '../benchmarks-doc';
import { median } from '../measure';

const HEADING = '## Pipeline';

export interface Distribution {
  p50: number;
  p99: number;
  max: number;
}

export interface ProcessMemory {
  instance: string;
  idleMb: number;
  /** Peak during the load round. */
  loadMb: number;
}

export interface SequentialFigures {
  builds: number;
  overheadMs: Distribution;
  wallMs: Distribution;
  agentMs: Distribution;
}

export interface LoadFigures {
  builds: number;
  inFlight: number;
  seconds: number;
  buildsPerSecond: number;
  overheadMs: Distribution;
  settledMs: Distribution;
}

/** One way of launching the apps, over every round. */
export interface VariantFigures {
  name: string;
  /** Per process, the median over the rounds. */
  memory: ProcessMemory[];
  /** Of the round with the median throughput. */
  load: LoadFigures;
  /** Each round's. */
  buildsPerSecond: number[];
  /** CPU time of all the apps together during the load round, per build; each round's. */
  cpuMsPerBuild: number[];
}

export interface PipelineFigures {
  machine: string;
  workerConcurrency: number;
  rounds: number;
  /** Of the shipped variant (the last one), in its round with the median throughput. */
  sequential: SequentialFigures;
  load: LoadFigures;
  variants: VariantFigures[];
  idleTargetMb: number;
  /** RSS of node doing nothing, bare and with @swc-node/register (which loads the TypeScript compiler). */
  floors: { node: number; registerHook: number };
}

/** Whole MB, in bold when over the target. */
const mb = (value: number | undefined, targetMb = Infinity) =>
  value === undefined ? '–' : value > targetMb ? `**${value.toFixed(0)} MB**` : `${value.toFixed(0)} MB`;

const ms = (d: Distribution) => `${d.p50.toFixed(0)} / ${d.p99.toFixed(0)} / ${d.max.toFixed(0)} ms`;

/** Replaces the Pipeline section of docs/benchmarks.md (creating the file if needed), leaving other sections alone. */
export function writePipelineSection(f: PipelineFigures): void {
  const shipped = f.variants[f.variants.length - 1];
  const body = [
    '`npm run bench:pipeline` (`bench/pipeline/run.ts`): the gateway, billing, realtime and one worker per agent as',
    'real processes (the test harness), real Postgres and Redis, `LLM_PROVIDER=offline`. Builds are requested with',
    '`POST /v1/builds`. *Inside agents* is the sum over the four agents of their completed attempt',
    '(`agent_runs.started_at` → `finished_at`: messages, model calls, usage events, file writes).',
    "*Orchestration overhead* is the rest of the pipeline's wall time, from the build row's `created_at` (the",
    "gateway's transaction) to the testing agent's end: flow add, queue hand-offs, job locks, children values.",
    `The apps run as shipped (${shipped.name}); figures from the round with the median throughput:`,
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
    '### Memory: compiled JavaScript against the TypeScript register hook',
    '',
    `Each of ${f.variants.length} ways of launching the apps took its turn in each of ${f.rounds} rounds, with the same measures:`,
    '**TypeScript** through `@swc-node/register` (how every app ran before `npm run build`), **compiled**',
    'JavaScript from `dist/` with V8 flags and without, the last one',
    `(\`${shipped.name.replace(/^compiled, /, '')}\`) as \`npm start\`, the test harness and the Docker image now run them.`,
    `Resident memory (RSS) per process, idle after boot and the peak under load, median over the rounds (target ≤ ${f.idleTargetMb} MB idle):`,
    '',
    `| process | ${f.variants.map((v) => `idle, ${v.name}`).join(' | ')} | ${f.variants.map((v) => `under load, ${v.name}`).join(' | ')} |`,
    `|---|${f.variants.map(() => '---|---|').join('')}`,
    ...shipped.memory.map(({ instance }) => {
      const of = (v: VariantFigures) => v.memory.find((m) => m.instance === instance);
      const idle = f.variants.map((v) => mb(of(v)?.idleMb, f.idleTargetMb));
      const load = f.variants.map((v) => mb(of(v)?.loadMb));
      return `| ${instance} | ${idle.join(' | ')} | ${load.join(' | ')} |`;
    }),
    '',
    "What it costs: each round's throughput, and the CPU time all the apps together spent per build under load,",
    "which the machine's other load disturbs less than builds/s (the spread between rounds shows how much):",
    '',
    '| launched as | builds/s under load, each round | CPU per build, all apps, each round (median) |',
    '|---|---|---|',
    ...f.variants.map((v) => {
      const cpu = v.cpuMsPerBuild.map((c) => c.toFixed(0)).join(' · ');
      const rates = v.buildsPerSecond.map((r) => r.toFixed(2)).join(' · ');
      return `| ${v.name} | ${rates} | ${cpu} ms (**${median(v.cpuMsPerBuild).toFixed(0)} ms**) |`;
    }),
    '',
    `Node doing nothing takes ${f.floors.node.toFixed(0)} MB; with the register hook (which loads the TypeScript`,
    `compiler to read tsconfig.json, and swc) ${f.floors.registerHook.toFixed(0)} MB. Hence apps run compiled: \`npm run build\``,
    '(tools/build.ts: swc, under a second) writes `dist/`, and `npm start` and the test harness rebuild it first',
    'whenever a source is newer than it. A smaller young generation costs more frequent scavenges for a smaller',
    'heap. The agent code adds Nest, TypeORM, BullMQ, sitegen (≈ 30 MB of heap) and, from the first build on,',
    "the tokenizer's rank table (≈ 32 MB of heap, loaded lazily so idle workers do not carry it): hence the",
    "workers' peaks under load.",
  ];
  writeBenchmarkSection(HEADING, body);
}

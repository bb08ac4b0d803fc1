import { writeBenchmarkSection } from '../benchmarks-doc';

export interface RunFigures {
  delivered: number;
  expected: number;
  outOfOrder: number;
  incompleteBuilds: number;
  deliveriesPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface FanoutFigures {
  machine: string;
  sockets: number;
  builds: number;
  accounts: number;
  seconds: number;
  rounds: number;
  targetDeliveriesPerSecond: number;
  realtime: RunFigures;
  baseline: RunFigures;
  /** p99 of every round, in order, to show the spread. */
  realtimeP99s: number[];
  baselineP99s: number[];
  /** Share of one core the realtime process used while events flowed. */
  realtimeCpu: number;
  connectMs: number;
  /** 1-minute load average at the start and the end: other work on the machine skews the tail. */
  load: [number, number];
  /** Realtime's own append → emit lag from its histogram (bucket upper bounds, ms). */
  serverLag: { p50: number; p99: number };
}

const HEADING = '## Realtime fan-out';

const ms = (v: number) => `${v.toFixed(1)} ms`;
const row = (label: string, r: RunFigures, b: RunFigures, pick: (f: RunFigures) => string) =>
  `| ${label} | ${pick(r)} | ${pick(b)} |`;

/** Replaces this benchmark's section of docs/benchmarks.md (creating the file if needed), leaving other sections alone. */
export function writeFanoutSection(f: FanoutFigures): void {
  const { realtime: r, baseline: b } = f;
  const body = [
    '`npm run bench:fanout` (`bench/fanout/run.ts`): a real realtime process, real Redis and Postgres;',
    `${f.sockets} Socket.IO sockets (websocket transport) over ${f.builds} builds of ${f.accounts} accounts, each socket subscribed to one build;`,
    `events appended with the real \`EventPublisher\` on a fixed 10 ms schedule so that ${f.targetDeliveriesPerSecond} messages/s reach sockets.`,
    'Latency is from just before the publisher appends an event to its receipt by the client process.',
    'The baseline is a bare Socket.IO server with the same sockets, rooms and schedule emitting from a timer',
    '(no Redis, no auth, no replay, no per-socket ordering). The two alternate for',
    `${f.rounds} rounds of ${f.seconds} s each (fresh builds and sockets every round, Redis a server of the bench's own);`,
    'each column is the round with the median p99 of its side.',
    '',
    '| measure | realtime | baseline |',
    '|---|---|---|',
    `| machine | ${f.machine} | same |`,
    `| load average (1 min) at start / end | ${f.load[0].toFixed(1)} / ${f.load[1].toFixed(1)} | |`,
    row('deliveries/s', r, b, (x) => x.deliveriesPerSecond.toFixed(0)),
    row('delivered / expected', r, b, (x) => `${x.delivered} / ${x.expected}`),
    row(
      'out of order or duplicated / incomplete builds',
      r,
      b,
      (x) => `${x.outOfOrder} / ${x.incompleteBuilds}`,
    ),
    row('latency p50', r, b, (x) => ms(x.p50)),
    row('latency p90', r, b, (x) => ms(x.p90)),
    row('latency p99', r, b, (x) => `**${ms(x.p99)}**`),
    row('latency max', r, b, (x) => ms(x.max)),
    `| p99 of each round | ${f.realtimeP99s.map(ms).join(', ')} | ${f.baselineP99s.map(ms).join(', ')} |`,
    `| of which append → emit inside realtime (its histogram) | p50 ≤ ${f.serverLag.p50} ms, p99 ≤ ${f.serverLag.p99} ms | |`,
    `| p99 realtime / baseline | **${(r.p99 / b.p99).toFixed(2)}×** | |`,
    `| realtime process CPU | ${(f.realtimeCpu * 100).toFixed(0)}% of one core | |`,
    `| connect + subscribe ${f.sockets} sockets | ${(f.connectMs / 1000).toFixed(1)} s | |`,
    '',
    'Targets on 2 cores: p99 ≤ 50 ms at 10,000 deliveries/s, nothing lost.',
    'The tail follows CPU contention: an event crosses four processes (publisher, Redis, realtime, clients) where',
    "the baseline's crosses two, so on a machine busy with other work both p99s grow, realtime's more; read the",
    'load average row before comparing runs.',
  ];
  writeBenchmarkSection(HEADING, body);
}

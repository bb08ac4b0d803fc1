import { createRedis, pendingCount, UsagePublisher } from '@autowebiq/bus';
import { loadConfig, type Config } from '@autowebiq/config';
import {
  BILLING_CONSUMER_GROUP,
  redisKeys,
  StreamName,
  usageEventId,
  type AgentType,
  type PriceTable,
  type UsageEventInput,
} from '@autowebiq/contracts';
import { LedgerService } from '@autowebiq/ledger';
import { creditsToMicro, DEFAULT_PRICE_TABLE, priceUsage } from '@autowebiq/pricing';
import { insertAccount, insertBuildRow, streamData, waitUntil } from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Billing's configuration for a test: its own database and prefix, short waits, sweeps only when the test asks. */
export function billingConfig(databaseUrl: string, prefix: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL,
    REDIS_PREFIX: prefix,
    BILLING_BLOCK_MS: '100',
    BILLING_CREDITS_UPDATE_MS: '50',
    SETTLE_WAIT_MS: '3000',
    SWEEP_INTERVAL_MS: '3600000',
    ...env,
  });
}

/** A build with its hold taken from a funded wallet, as the gateway leaves it. */
export async function fundedBuild(
  ds: DataSource,
  opts: {
    walletCredits: number | string;
    holdCredits: number | string;
    accountId?: string;
    models?: Record<string, string>;
    priceTable?: PriceTable;
  },
): Promise<{ accountId: string; buildId: string }> {
  const ledger = new LedgerService(ds);
  const accountId = opts.accountId ?? (await insertAccount(ds, opts.walletCredits));
  const buildId = await ledger.transaction(async (tx) => {
    const id = await insertBuildRow(tx, accountId, { models: opts.models });
    if (opts.priceTable)
      await tx.query(`UPDATE builds SET price_table = $2 WHERE id = $1`, [
        id,
        JSON.stringify(opts.priceTable),
      ]);
    await ledger.reserve(tx, { accountId, buildId: id, amountMicro: creditsToMicro(opts.holdCredits) });
    return id;
  });
  return { accountId, buildId };
}

export function usageEvent(
  b: { accountId: string; buildId: string },
  agent: AgentType,
  attempt: number,
  callIndex: number,
  tokens: { input: number; output: number; images?: number; model?: string },
): UsageEventInput {
  return {
    event_id: usageEventId(b.buildId, agent, attempt, callIndex),
    build_id: b.buildId,
    account_id: b.accountId,
    agent,
    model: tokens.model ?? 'local-template',
    attempt,
    call_index: callIndex,
    input_tokens: tokens.input,
    output_tokens: tokens.output,
    images: tokens.images ?? 0,
    duration_ms: 120,
    ts: new Date().toISOString(),
  };
}

/** An attempt of an agent as its worker records it in agent_runs; settle decides the outcome from these. */
export async function recordRun(
  ds: DataSource,
  buildId: string,
  agent: AgentType,
  attempt: number,
  status: 'running' | 'completed' | 'failed' | 'cancelled',
): Promise<void> {
  await ds.query(
    `INSERT INTO agent_runs (build_id, agent, attempt, status, model) VALUES ($1, $2, $3, $4, 'local-template')`,
    [buildId, agent, attempt, status],
  );
}

/** What a set of distinct events costs with the default table: the figure the ledger must show. */
export const costOf = (events: UsageEventInput[], table: PriceTable = DEFAULT_PRICE_TABLE) =>
  events.reduce((acc, e) => acc + priceUsage(table, { ...e, images: e.images ?? 0 }), 0n);

export function usagePublisher(redis: Redis, prefix: string): UsagePublisher {
  return new UsagePublisher(redis, { prefix, buildKeysTtlSeconds: 3600 });
}

/** Group `billing` of stream `usage` as XINFO GROUPS shows it (name, pending, lag …); undefined until it exists. */
export async function billingGroup(
  redis: Redis,
  prefix: string,
): Promise<Record<string, string | number> | undefined> {
  const stream = redisKeys.stream(prefix, StreamName.Usage);
  const groups = (await redis.xinfo('GROUPS', stream)) as (string | number)[][];
  return groups.map(toRecord).find((g) => g.name === BILLING_CONSUMER_GROUP);
}

/** Resolves once group `billing` has read every entry of `usage` and acknowledged all of them. */
export async function drained(
  redis: Redis,
  prefix: string,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<void> {
  const stream = redisKeys.stream(prefix, StreamName.Usage);
  const state = async () => {
    // No stream yet: nothing published so far.
    const group = await billingGroup(redis, prefix).catch(() => undefined);
    // Pending entries are counted once none is left unread.
    const pending =
      group && Number(group.lag) === 0
        ? await pendingCount(redis, stream, BILLING_CONSUMER_GROUP)
        : undefined;
    return { group, pending };
  };
  await waitUntil(state, (s) => s.pending === 0, {
    what: `group ${BILLING_CONSUMER_GROUP} to read and acknowledge every entry of ${stream}`,
    timeoutMs,
    intervalMs,
  });
}

function toRecord(flat: (string | number)[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}

/** The parsed events of a build's replay stream, oldest first. */
export function buildEvents(
  redis: Redis,
  prefix: string,
  buildId: string,
): Promise<Record<string, unknown>[]> {
  return streamData(redis, redisKeys.buildEvents(prefix, buildId));
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

export { createRedis, creditsToMicro };

import { listConsumers } from '@autowebiq/bus';
import {
  BILLING_CONSUMER_GROUP,
  redisKeys,
  StreamName,
  type AgentType,
  type UsageEventInput,
} from '@autowebiq/contracts';
import { checkInvariants } from '@autowebiq/ledger';
import { startPlatform, type Platform } from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { costOf, createRedis, drained, fundedBuild, usageEvent, usagePublisher } from './billing-kit';

jest.setTimeout(240_000);

const BUILDS = 150;
const CALLS_PER_BUILD = 200;
const KILLS = 6;
const AGENTS: AgentType[] = ['planner', 'image', 'frontend', 'testing'];

/** Deterministic "random" tokens, so a failing run can be replayed. */
const tokensOf = (b: number, call: number) => ({
  input: 50 + ((b * 7919 + call * 104729) % 1900),
  output: 10 + ((b * 31 + call * 17) % 700),
});

describe('billing: kill -9 in the middle of batches', () => {
  let platform: Platform;
  let redis: Redis;
  let ds: DataSource;

  beforeAll(async () => {
    platform = await startPlatform({
      apps: ['billing', 'billing'],
      label: 'billcrash',
      env: {
        LOG_LEVEL: 'warn',
        BILLING_BATCH_SIZE: '100',
        BILLING_BLOCK_MS: '200',
        BILLING_CLAIM_IDLE_MS: '1500',
      },
    });
    redis = createRedis(platform.redisUrl);
    ds = platform.db!.dataSource;
  });

  afterAll(async () => {
    await redis?.quit();
    await platform?.stop();
  });

  it('after restarts the ledger equals, to the µcr, what the usage events imply, and the invariants hold', async () => {
    const builds = [];
    for (let i = 0; i < BUILDS; i++)
      builds.push(await fundedBuild(ds, { walletCredits: 2000, holdCredits: 600 }));
    const events: UsageEventInput[] = [];
    builds.forEach((b, i) => {
      for (let call = 0; call < CALLS_PER_BUILD; call++)
        events.push(usageEvent(b, AGENTS[call % 4], 1, call, tokensOf(i, call)));
    });
    // Interleaved as concurrent builds would be.
    events.sort((a, b) => a.call_index - b.call_index);
    const publisher = usagePublisher(redis, platform.redisPrefix);
    const stream = redisKeys.stream(platform.redisPrefix, StreamName.Usage);
    // What the victim held unacknowledged the moment it died: proof the kill landed mid-batch.
    const pendingAtKill: number[] = [];
    const restarts = new Map<string, Promise<void>>();
    const pendingOf = async (consumer: string) =>
      (await listConsumers(redis, stream, BILLING_CONSUMER_GROUP)).find((c) => c.name === consumer)
        ?.pending ?? 0;
    const chunkSize = Math.ceil(events.length / (KILLS * 3));
    const SLICE = 50;
    for (let i = 0, chunk = 0; i < events.length; i += chunkSize, chunk++) {
      const part = events.slice(i, i + chunkSize);
      // Every third chunk one instance dies. It is up again (and reading) before the chunk is sent, and the
      // chunk goes out in small slices while we watch it: it is killed the moment it holds a batch, so the
      // kill lands mid-batch however fast or slow this machine is at the moment.
      const victim = chunk % 3 === 1 ? (chunk % 2 === 1 ? 'billing' : 'billing#2') : null;
      if (victim) await restarts.get(victim);
      const consumer = victim ? `${hostname()}-${platform.pid(victim)}` : '';
      let killed = false;
      const killIfHolding = async (force: boolean) => {
        if (!victim || killed) return;
        const pending = await pendingOf(consumer);
        if (pending === 0 && !force) return;
        killed = true;
        pendingAtKill.push(pending);
        await platform.kill(victim, 'SIGKILL');
        restarts.set(victim, platform.restart(victim));
      };
      for (let j = 0; j < part.length; j += SLICE) {
        const slice = part.slice(j, j + SLICE);
        await Promise.all(slice.map((e) => publisher.publish(e)));
        // Every tenth event is sent twice (a producer retrying its XADD).
        await Promise.all(slice.filter((_, k) => (j + k) % 10 === 0).map((e) => publisher.publish(e)));
        await killIfHolding(false);
      }
      for (const deadline = Date.now() + 5_000; victim && !killed && Date.now() < deadline;) {
        await killIfHolding(false);
        // XINFO polled back to back would load the very Redis the billing instances under test are reading.
        await new Promise((r) => setTimeout(r, 10));
      }
      await killIfHolding(true);
      await new Promise((r) => setTimeout(r, 200));
    }
    await Promise.all(restarts.values());
    await drained(redis, platform.redisPrefix, 120_000);

    expect(pendingAtKill).toHaveLength(KILLS);
    expect(pendingAtKill.filter((n) => n > 0).length).toBeGreaterThanOrEqual(KILLS - 1);
    const [{ n: billed }] = await ds.query(`SELECT count(*)::int AS n FROM usage_events`);
    expect(billed).toBe(events.length);
    const spent: { id: string; spent_micro: string }[] = await ds.query(`SELECT id, spent_micro FROM builds`);
    const bySpent = new Map(spent.map((r) => [r.id, BigInt(r.spent_micro)]));
    const mismatches = builds.filter(
      (b) => bySpent.get(b.buildId) !== costOf(events.filter((e) => e.build_id === b.buildId)),
    );
    expect(mismatches).toEqual([]);
    const [{ captured }] = await ds.query(
      `SELECT sum(amount)::text AS captured FROM transfers WHERE operation = 'usage'`,
    );
    expect(BigInt(captured)).toBe(costOf(events));
    const report = await checkInvariants(ds);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });
});

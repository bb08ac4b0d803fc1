import { BuildFlowProducer, SettleJobProducer } from '@autowebiq/bus';
import {
  AGENT_ORDER,
  jobIds,
  QueueName,
  redisKeys,
  StreamName,
  type AgentType,
  type SettleJobPayload,
  type UsageEventInput,
} from '@autowebiq/contracts';
import { checkInvariants, LedgerService } from '@autowebiq/ledger';
import { createTestDatabase, uniqueRedisPrefix, waitUntil, type TestDatabase } from '@autowebiq/testing';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { startBilling, type BillingApp } from '../../apps/billing/src/billing.bootstrap';
import { SettleService, UsageNotSettledError } from '../../apps/billing/src/settle/settle.service';
import { Sweeper } from '../../apps/billing/src/sweep/sweeper.service';
import {
  billingConfig,
  buildEvents,
  costOf,
  createRedis,
  creditsToMicro,
  deleteKeys,
  drained,
  fundedBuild,
  recordRun,
  REDIS_URL,
  usageEvent,
  usagePublisher,
} from './billing-kit';

jest.setTimeout(60_000);

type Build = { accountId: string; buildId: string };

describe('billing: settle and sweepers', () => {
  let db: TestDatabase;
  let redis: Redis;
  let prefix: string;
  let ledger: LedgerService;
  let app: BillingApp;
  let jobs: SettleJobProducer;
  let queue: Queue;

  beforeAll(async () => {
    db = await createTestDatabase('billsettle');
    redis = createRedis(REDIS_URL);
    ledger = new LedgerService(db.dataSource);
  });

  const start = async (env: Record<string, string> = {}) => {
    prefix = uniqueRedisPrefix('billsettle');
    app = await startBilling(billingConfig(db.url, prefix, env));
    jobs = new SettleJobProducer(redis, { prefix });
    queue = new Queue(QueueName.BillingSettle, { connection: redis, prefix: redisKeys.bullPrefix(prefix) });
  };

  afterEach(async () => {
    await jobs?.close();
    await queue?.close();
    await app?.close();
    await deleteKeys(redis, prefix);
  });

  afterAll(async () => {
    await redis.quit();
    await db.drop();
  });

  const publishAll = async (events: UsageEventInput[]) => {
    const publisher = usagePublisher(redis, prefix);
    for (const e of events) await publisher.publish(e);
  };

  const run = (b: Build, agent: AgentType, attempt: number, status: Parameters<typeof recordRun>[4]) =>
    recordRun(db.dataSource, b.buildId, agent, attempt, status);
  /** A pipeline that ran to its end: what a `pipeline_finished` settle always finds. */
  const finished = async (b: Build) => {
    for (const agent of AGENT_ORDER) await run(b, agent, 1, 'completed');
  };

  const row = async (buildId: string) =>
    (await db.dataSource.query(`SELECT * FROM builds WHERE id = $1`, [buildId]))[0];

  const settled = async (buildId: string, timeoutMs = 15_000) => {
    await waitUntil(
      () => row(buildId),
      (r) => Boolean(r.settled_at),
      {
        what: `build ${buildId} to be settled`,
        timeoutMs,
        intervalMs: 50,
        describe: (r) => `status ${r.status}`,
      },
    );
    // Final events go out after the commit.
    await waitUntil(
      () => buildEvents(redis, prefix, buildId),
      (events) => events.some((e) => e.type === 'build_complete' || e.type === 'build_failed'),
      {
        what: `build ${buildId}'s final event`,
        timeoutMs: 5000,
        intervalMs: 50,
        describe: (events) => `events ${events.map((e) => e.type).join(', ')}`,
      },
    );
    return row(buildId);
  };

  const refunds = (buildId: string) =>
    db.dataSource.query(
      `SELECT from_account, reason, amount::text AS amount FROM transfers WHERE build_id = $1 AND operation = 'refund' ORDER BY id`,
      [buildId],
    ) as Promise<{ from_account: string; reason: string; amount: string }[]>;

  const settleJob = (p: SettleJobPayload) => jobs.add(p);

  it('completes a build: gives back the retried attempt, releases the rest, stores the paid breakdown, sends the final events once', async () => {
    await start();
    const b = await fundedBuild(db.dataSource, { walletCredits: 50, holdCredits: 20 });
    await db.dataSource.query(
      `UPDATE builds SET status = 'running', started_at = now() - interval '12 seconds', estimate = $2 WHERE id = $1`,
      [
        b.buildId,
        JSON.stringify({ low_micro: '3000000', expected_micro: '5000000', high_micro: '20000000' }),
      ],
    );
    const lost = [
      usageEvent(b, 'planner', 1, 0, { input: 400, output: 100 }),
      usageEvent(b, 'planner', 1, 1, { input: 300, output: 200 }),
    ];
    const planner = [
      usageEvent(b, 'planner', 2, 0, { input: 410, output: 90 }),
      usageEvent(b, 'planner', 2, 1, { input: 320, output: 180 }),
    ];
    const image = [usageEvent(b, 'image', 1, 0, { input: 0, output: 0, images: 2 })];
    const frontend = [0, 1, 2].map((i) => usageEvent(b, 'frontend', 1, i, { input: 1200, output: 800 + i }));
    await publishAll([...lost, ...planner, ...image, ...frontend]);
    await run(b, 'planner', 1, 'failed');
    await run(b, 'planner', 2, 'completed');
    await run(b, 'image', 1, 'completed');
    await run(b, 'frontend', 1, 'completed');
    await run(b, 'testing', 1, 'completed');

    await settleJob({ build_id: b.buildId, trigger: 'pipeline_finished' });
    const done = await settled(b.buildId);

    const paid = costOf([...planner, ...image, ...frontend]);
    expect(done.status).toBe('completed');
    expect(BigInt(done.spent_micro)).toBe(paid);
    expect(BigInt(done.refunded_micro)).toBe(creditsToMicro(20) - paid);
    expect(await refunds(b.buildId)).toEqual([
      { from_account: 'system:revenue', reason: 'platform_retry', amount: costOf(lost).toString() },
      {
        from_account: `hold:${b.buildId}`,
        reason: 'build_completed',
        amount: (creditsToMicro(20) - costOf(lost) - paid).toString(),
      },
    ]);
    expect((await ledger.balance(b.accountId)).totalMicro).toBe(creditsToMicro(50) - paid);
    expect(done.usage).toEqual({
      total_tokens: 1000 + 2000 + 6003,
      total_credits: Number(paid) / 1e6,
      total_credits_micro: paid.toString(),
      agents: {
        planner: { tokens: 1000, credits: 1, credits_micro: '1000000' },
        image: { tokens: 2000, credits: 2, credits_micro: '2000000' },
        frontend: { tokens: 6003, credits: 6.003, credits_micro: '6003000' },
      },
    });

    const events = await buildEvents(redis, prefix, b.buildId);
    const tail = events.slice(-3);
    expect(tail.map((e) => e.type)).toEqual(['credits_update', 'agent_message', 'build_complete']);
    expect(tail[0]).toMatchObject({
      transaction: { operation: 'refund', amount_micro: done.refunded_micro },
      build_spent_micro: paid.toString(),
    });
    expect(tail[1]).toMatchObject({
      agent_type: 'system',
      status: 'completed',
      progress: 100,
      message: 'Build complete!',
    });
    expect((tail[1].details as string[])[0]).toMatch(/^Website generated successfully in 1\d(\.\d)?s$/);
    expect(tail[2]).toMatchObject({
      site_url: `/v1/builds/${b.buildId}/site/index.html`,
      result: { token_usage: done.usage, estimate: { low: 3, expected: 5, high: 20 } },
    });
    expect(tail[2].duration_s).toBeGreaterThanOrEqual(12);

    const archived = await db.dataSource.query(
      `SELECT seq, type FROM build_events WHERE build_id = $1 ORDER BY seq`,
      [b.buildId],
    );
    expect(archived.map((r: { seq: number }) => r.seq)).toEqual(events.map((e) => e.seq));

    // Settling again changes nothing: no transfer, no event, the same row.
    const transfersBefore = await db.dataSource.query(`SELECT count(*)::int AS n FROM transfers`);
    const again = await app.settle
      .get(SettleService)
      .settle({ build_id: b.buildId, trigger: 'pipeline_finished' });
    expect(again).toMatchObject({
      settled_now: false,
      status: 'completed',
      refunded_micro: done.refunded_micro,
    });
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM transfers`)).toEqual(transfersBefore);
    expect(await buildEvents(redis, prefix, b.buildId)).toHaveLength(events.length);
    expect((await row(b.buildId)).settled_at).toEqual(done.settled_at);
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });

  it('re-sends only the final events a crash cut short', async () => {
    await start();
    const b = await fundedBuild(db.dataSource, { walletCredits: 10, holdCredits: 5 });
    await finished(b);
    await publishAll([usageEvent(b, 'planner', 1, 0, { input: 100, output: 100 })]);
    const service = app.settle.get(SettleService);
    await service.settle({ build_id: b.buildId, trigger: 'pipeline_finished' });
    const events = await buildEvents(redis, prefix, b.buildId);
    // Drop the last two, as if the process died after sending the refund update.
    const ids = (await redis.xrange(redisKeys.buildEvents(prefix, b.buildId), '-', '+')).map(([id]) => id);
    await redis.xdel(redisKeys.buildEvents(prefix, b.buildId), ...ids.slice(-2));
    await service.settle({ build_id: b.buildId, trigger: 'pipeline_finished' });
    const resent = await buildEvents(redis, prefix, b.buildId);
    expect(resent.map((e) => e.type)).toEqual([
      ...events.slice(0, -2).map((e) => e.type),
      'agent_message',
      'build_complete',
    ]);
    expect(
      resent.filter(
        (e) => e.type === 'credits_update' && (e.transaction as { operation: string }).operation === 'refund',
      ),
    ).toHaveLength(1);
  });

  it('waits for reported usage still on its way, and retries later rather than settling without it', async () => {
    await start({ SETTLE_WAIT_MS: '300' });
    const b = await fundedBuild(db.dataSource, { walletCredits: 10, holdCredits: 5 });
    await finished(b);
    const early = usageEvent(b, 'planner', 1, 0, { input: 100, output: 100 });
    const late = usageEvent(b, 'planner', 1, 1, { input: 700, output: 300 });
    await publishAll([early]);
    await drained(redis, prefix);
    // The worker reported `late` but its entry is not in the stream yet.
    await redis.sadd(redisKeys.buildUsageReported(prefix, b.buildId), late.event_id);
    const service = app.settle.get(SettleService);
    await expect(
      service.settle({ build_id: b.buildId, trigger: 'pipeline_finished' }),
    ).rejects.toBeInstanceOf(UsageNotSettledError);
    expect((await row(b.buildId)).settled_at).toBeNull();

    await settleJob({ build_id: b.buildId, trigger: 'pipeline_finished' });
    await new Promise((r) => setTimeout(r, 100));
    await redis.xadd(
      redisKeys.stream(prefix, StreamName.Usage),
      '*',
      'data',
      JSON.stringify({ ...late, images: 0 }),
    );
    const done = await settled(b.buildId);
    expect(BigInt(done.spent_micro)).toBe(costOf([early, late]));
  });

  it('does not wait for a reported event that was dead-lettered', async () => {
    await start();
    const b = await fundedBuild(db.dataSource, { walletCredits: 10, holdCredits: 5 });
    await finished(b);
    await publishAll([usageEvent(b, 'planner', 1, 0, { input: 100, output: 100, model: 'no-such-model' })]);
    await settleJob({ build_id: b.buildId, trigger: 'pipeline_finished' });
    const done = await settled(b.buildId);
    expect(done.spent_micro).toBe('0');
  });

  it('refunds a platform failure in full, and keeps the last attempt when that policy is off', async () => {
    await start();
    const b = await fundedBuild(db.dataSource, { walletCredits: 30, holdCredits: 10 });
    await publishAll([
      usageEvent(b, 'planner', 1, 0, { input: 1000, output: 500 }),
      usageEvent(b, 'image', 1, 0, { input: 0, output: 0, images: 1 }),
    ]);
    await settleJob({
      build_id: b.buildId,
      trigger: 'pipeline_failed',
      reason: 'provider error after retries',
    });
    const done = await settled(b.buildId);
    expect(done).toMatchObject({
      status: 'failed',
      failure_reason: 'provider error after retries',
      spent_micro: '0',
    });
    expect(BigInt(done.refunded_micro)).toBe(creditsToMicro(10));
    expect((await ledger.balance(b.accountId)).availableMicro).toBe(creditsToMicro(30));
    expect((await refunds(b.buildId)).map((r) => r.reason)).toEqual(['platform_failure', 'platform_failure']);
    const failed = (await buildEvents(redis, prefix, b.buildId)).at(-1);
    expect(failed).toMatchObject({
      type: 'build_failed',
      status: 'failed',
      reason: 'provider error after retries',
      refunded: 10,
    });
    await app.close();

    await start({ REFUND_ON_PLATFORM_FAILURE: 'false' });
    const c = await fundedBuild(db.dataSource, { walletCredits: 30, holdCredits: 10 });
    const retried = usageEvent(c, 'planner', 1, 0, { input: 1000, output: 500 });
    const last = usageEvent(c, 'planner', 2, 0, { input: 800, output: 200 });
    await publishAll([retried, last]);
    await settleJob({
      build_id: c.buildId,
      trigger: 'pipeline_failed',
      reason: 'provider error after retries',
    });
    const kept = await settled(c.buildId);
    expect(BigInt(kept.spent_micro)).toBe(costOf([last]));
    expect((await refunds(c.buildId)).map((r) => r.reason)).toEqual(['platform_retry', 'build_failed']);
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });

  it('lets a cancelled build pay for what ran, and ends an over-budget build with the reason the user saw', async () => {
    await start();
    const b = await fundedBuild(db.dataSource, { walletCredits: 30, holdCredits: 10 });
    const ran = [usageEvent(b, 'planner', 1, 0, { input: 1500, output: 500 })];
    await publishAll(ran);
    await db.dataSource.query(`UPDATE builds SET cancel_requested_at = now() WHERE id = $1`, [b.buildId]);
    await settleJob({ build_id: b.buildId, trigger: 'cancelled' });
    const cancelled = await settled(b.buildId);
    expect(cancelled.status).toBe('cancelled');
    expect(BigInt(cancelled.spent_micro)).toBe(costOf(ran));
    expect((await refunds(b.buildId)).map((r) => r.reason)).toEqual(['user_cancelled']);
    expect((await buildEvents(redis, prefix, b.buildId)).at(-1)).toMatchObject({
      type: 'build_failed',
      status: 'cancelled',
    });

    const o = await fundedBuild(db.dataSource, { walletCredits: 3, holdCredits: 2 });
    await publishAll([usageEvent(o, 'frontend', 1, 0, { input: 4000, output: 1000 })]);
    await drained(redis, prefix);
    await settleJob({ build_id: o.buildId, trigger: 'cancelled' });
    const over = await settled(o.buildId);
    expect(over.status).toBe('over_budget');
    expect(over.spent_micro).toBe(creditsToMicro(3).toString());
    expect(over.usage.total_credits_micro).toBe(creditsToMicro(3).toString());
    expect((await buildEvents(redis, prefix, o.buildId)).at(-1)).toMatchObject({
      type: 'build_failed',
      status: 'over_budget',
      reason: 'Credit limit reached: this build needed 2.00 more credits than your balance allowed; stopping',
      refunded: 0,
    });
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });

  it('sweeps: re-adds the flow of a build queued without one, settles a build whose hold expired, one instance at a time', async () => {
    await start({ QUEUED_REQUEUE_AFTER_MS: '30000', HOLD_TTL_SECONDS: '3600' });
    const lost = await fundedBuild(db.dataSource, { walletCredits: 20, holdCredits: 5 });
    await db.dataSource.query(`UPDATE builds SET created_at = now() - interval '45 seconds' WHERE id = $1`, [
      lost.buildId,
    ]);
    const fresh = await fundedBuild(db.dataSource, { walletCredits: 20, holdCredits: 5 });
    const dead = await fundedBuild(db.dataSource, { walletCredits: 20, holdCredits: 5 });
    await db.dataSource.query(`UPDATE builds SET status = 'running' WHERE id = $1`, [dead.buildId]);
    await db.dataSource.query(
      `UPDATE ledger_accounts SET created_at = now() - interval '2 hours' WHERE id = $1`,
      [`hold:${dead.buildId}`],
    );
    await publishAll([usageEvent(dead, 'planner', 1, 0, { input: 500, output: 500 })]);

    const flows = new BuildFlowProducer(redis, { prefix, attempts: 1, backoffMs: 1000 });
    expect(await flows.exists(lost.buildId)).toBe(false);
    const report = await app.settle.get(Sweeper).sweep();
    expect(report).toMatchObject({
      ran: true,
      requeued: [lost.buildId],
      expired: [dead.buildId],
      failed: [],
    });
    expect(await flows.exists(lost.buildId)).toBe(true);
    expect(await flows.exists(fresh.buildId)).toBe(false);
    const expired = await settled(dead.buildId);
    expect(expired).toMatchObject({ status: 'failed', failure_reason: 'hold expired', spent_micro: '0' });
    expect((await ledger.balance(dead.accountId)).availableMicro).toBe(creditsToMicro(20));

    // The lock is held for the interval: a second sweeper in the same period does nothing.
    expect((await app.settle.get(Sweeper).sweep()).ran).toBe(false);
    await flows.close();
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });

  it('sweeps: asks again for the settle a worker never got to request, and settles a completed build whose hold expired as completed', async () => {
    await start({ SETTLE_REQUEST_AFTER_MS: '60000', HOLD_TTL_SECONDS: '3600' });
    const pipeline = (b: Build) =>
      AGENT_ORDER.map((agent, i) => usageEvent(b, agent, 1, 0, { input: 400 + i, output: 100 }));
    /** What the worker leaves when its request to settle is lost: finished_at stamped, no settle job. */
    const ended = (b: Build, ago: string, failureReason: string | null = null) =>
      db.dataSource.query(
        `UPDATE builds SET status = 'running', started_at = now() - interval '5 minutes',
           finished_at = now() - $2::interval, failure_reason = $3 WHERE id = $1`,
        [b.buildId, ago, failureReason],
      );
    // Its site was built: the last agent completed.
    const done = await fundedBuild(db.dataSource, { walletCredits: 50, holdCredits: 20 });
    const doneUsage = pipeline(done);
    await finished(done);
    await ended(done, '2 minutes');
    // It stopped in the image agent after its retries.
    const broke = await fundedBuild(db.dataSource, { walletCredits: 50, holdCredits: 20 });
    await run(broke, 'planner', 1, 'completed');
    await run(broke, 'image', 1, 'failed');
    await ended(broke, '2 minutes', 'Image generation failed: provider error after retries');
    // Its worker died after the last agent's run completed, before it stamped finished_at.
    const crashed = await fundedBuild(db.dataSource, { walletCredits: 50, holdCredits: 20 });
    const crashedUsage = pipeline(crashed);
    await finished(crashed);
    await db.dataSource.query(
      `UPDATE agent_runs SET finished_at = now() - interval '2 minutes' WHERE build_id = $1 AND agent = 'testing'`,
      [crashed.buildId],
    );
    await db.dataSource.query(`UPDATE builds SET status = 'running' WHERE id = $1`, [crashed.buildId]);
    // Finished a moment ago: its settle is still on its way.
    const recent = await fundedBuild(db.dataSource, { walletCredits: 50, holdCredits: 20 });
    await finished(recent);
    await ended(recent, '1 second');
    // Completed, and its settle was lost long enough for the hold to expire first.
    const late = await fundedBuild(db.dataSource, { walletCredits: 50, holdCredits: 20 });
    const lateUsage = pipeline(late);
    await finished(late);
    await ended(late, '61 minutes');
    await db.dataSource.query(
      `UPDATE ledger_accounts SET created_at = now() - interval '2 hours' WHERE id = $1`,
      [`hold:${late.buildId}`],
    );
    await publishAll([
      ...doneUsage,
      ...crashedUsage,
      usageEvent(broke, 'planner', 1, 0, { input: 900, output: 100 }),
      ...lateUsage,
    ]);
    await drained(redis, prefix);

    const report = await app.settle.get(Sweeper).sweep();
    expect(report).toMatchObject({ ran: true, expired: [late.buildId], failed: [] });
    expect(new Set(report.settleRequested)).toEqual(new Set([done.buildId, crashed.buildId, broke.buildId]));
    for (const b of [done, crashed, broke])
      expect((await queue.getJob(jobIds.settle(b.buildId)))?.data).toEqual({
        build_id: b.buildId,
        trigger: b === broke ? 'pipeline_failed' : 'pipeline_finished',
      });

    // The user pays for the site they got, and gets the rest of the hold back at once.
    for (const [b, usage] of [
      [done, doneUsage],
      [crashed, crashedUsage],
      [late, lateUsage],
    ] as const) {
      const row = await settled(b.buildId);
      expect(row).toMatchObject({
        status: 'completed',
        failure_reason: null,
        spent_micro: costOf(usage).toString(),
      });
      expect(BigInt(row.refunded_micro)).toBe(creditsToMicro(20) - costOf(usage));
      expect((await refunds(b.buildId)).map((r) => r.reason)).toEqual(['build_completed']);
      expect((await ledger.balance(b.accountId)).totalMicro).toBe(creditsToMicro(50) - costOf(usage));
      expect((await buildEvents(redis, prefix, b.buildId)).at(-1)).toMatchObject({
        type: 'build_complete',
        result: { token_usage: { total_credits_micro: costOf(usage).toString() } },
      });
    }
    const failed = await settled(broke.buildId);
    expect(failed).toMatchObject({
      status: 'failed',
      failure_reason: 'Image generation failed: provider error after retries',
      spent_micro: '0',
    });
    expect((await ledger.balance(broke.accountId)).availableMicro).toBe(creditsToMicro(50));
    expect((await row(recent.buildId)).settled_at).toBeNull();
    expect(await queue.getJob(jobIds.settle(recent.buildId))).toBeUndefined();

    // A settle request that exists (here: done's, completed) is left alone.
    await redis.del(redisKeys.billingSweepLock(prefix));
    expect((await app.settle.get(Sweeper).sweep()).settleRequested).toEqual([]);
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });
  it('sweeps: sends the final events a settle was cut short of, and archives a timeline nobody archived', async () => {
    await start({ SETTLE_REQUEST_AFTER_MS: '60000' });
    const settledOnce = async () => {
      const b = await fundedBuild(db.dataSource, { walletCredits: 50, holdCredits: 20 });
      await finished(b);
      await settleJob({ build_id: b.buildId, trigger: 'pipeline_finished' });
      await settled(b.buildId);
      await waitUntil(
        () => row(b.buildId),
        (r) => r.final_events_at !== null,
        { what: `build ${b.buildId}'s final_events_at`, timeoutMs: 5000, intervalMs: 50 },
      );
      return b;
    };
    const archivedTypes = async (buildId: string) =>
      (
        (await db.dataSource.query(`SELECT type FROM build_events WHERE build_id = $1 ORDER BY seq`, [
          buildId,
        ])) as { type: string }[]
      ).map((r) => r.type);
    /** What a failure right after the settle's commit leaves: settled, a while ago, nothing sent or archived. */
    const cutShort = async (buildId: string, ago: string, keepStream: boolean) => {
      if (!keepStream)
        await redis.del(redisKeys.buildEvents(prefix, buildId), redisKeys.buildClosed(prefix, buildId));
      await db.dataSource.query(`DELETE FROM build_events WHERE build_id = $1`, [buildId]);
      await db.dataSource.query(
        `UPDATE builds SET final_events_at = NULL, settled_at = now() - $2::interval WHERE id = $1`,
        [buildId, ago],
      );
    };

    const silent = await settledOnce();
    const sent = (await buildEvents(redis, prefix, silent.buildId)).map((e) => e.type);
    expect(sent.slice(-3)).toEqual(['credits_update', 'agent_message', 'build_complete']);
    await cutShort(silent.buildId, '2 minutes', false);
    // Sent, but its timeline never reached Postgres (as with the gateway's cancel of a build not started).
    const unarchived = await settledOnce();
    const unarchivedEvents = await buildEvents(redis, prefix, unarchived.buildId);
    await cutShort(unarchived.buildId, '2 minutes', true);
    // Settled a moment ago: its own settle may still be sending.
    const recent = await settledOnce();
    await cutShort(recent.buildId, '1 second', true);

    const report = await app.settle.get(Sweeper).sweep();
    expect(report.failed).toEqual([]);
    expect(new Set(report.finalEventsResent)).toEqual(new Set([silent.buildId, unarchived.buildId]));
    expect((await buildEvents(redis, prefix, silent.buildId)).map((e) => e.type)).toEqual([
      'credits_update',
      'agent_message',
      'build_complete',
    ]);
    expect(await archivedTypes(silent.buildId)).toEqual([
      'credits_update',
      'agent_message',
      'build_complete',
    ]);
    // Nothing sent twice: the stream already ended with build_complete.
    expect(await buildEvents(redis, prefix, unarchived.buildId)).toEqual(unarchivedEvents);
    expect(await archivedTypes(unarchived.buildId)).toEqual(unarchivedEvents.map((e) => e.type));
    for (const b of [silent, unarchived]) expect((await row(b.buildId)).final_events_at).not.toBeNull();
    expect((await row(recent.buildId)).final_events_at).toBeNull();

    await redis.del(redisKeys.billingSweepLock(prefix));
    expect((await app.settle.get(Sweeper).sweep()).finalEventsResent).toEqual([]);
    expect((await checkInvariants(db.dataSource)).ok).toBe(true);
  });
});

import { jobIds, jobNames, QueueName, redisKeys, type AgentJobPayload } from '@autowebiq/contracts';
import { uniqueRedisPrefix } from '@autowebiq/testing';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { BuildFlowProducer } from '../build-flow-producer';
import { CancelFlag } from '../cancel-flag';
import { redisForSpec } from '../redis-spec-support';
import { BullMqContext } from './bullmq-context';
import { BullMqServer, type BullMqServerEvents } from './bullmq-server';
import { KeepRpcErrorsFilter } from './keep-rpc-errors.filter';

/** What each handler saw, per job id: the spec's window into the transport. */
const seen = new Map<string, { attempt: number; predecessor: unknown; aborted?: unknown }>();
/** Per prompt, how a handler behaves: lets one controller serve every case. */
const behaviour = async (payload: AgentJobPayload, ctx: BullMqContext, stage: string) => {
  seen.set(ctx.jobId, { attempt: ctx.attempt, predecessor: await ctx.getPredecessorResult() });
  if (payload.prompt === `fail-${stage}`) throw new Error(`${stage} broke on attempt ${ctx.attempt}`);
  if (payload.prompt === `fail-once-${stage}` && ctx.attempt === 1) throw new Error('first try fails');
  if (payload.prompt === `hang-${stage}`) {
    const reason = ctx.signal.aborted
      ? ctx.signal.reason
      : await new Promise((resolve) =>
          ctx.signal.addEventListener('abort', () => resolve(ctx.signal.reason)),
        );
    seen.set(ctx.jobId, { ...seen.get(ctx.jobId)!, aborted: reason });
    throw reason;
  }
  if (payload.prompt === `slow-${stage}`) await new Promise((r) => setTimeout(r, 400));
  return { stage, attempt: ctx.attempt, after: await ctx.getPredecessorResult() };
};

@Controller()
class StagesController {
  @EventPattern(jobNames.planner)
  planner(@Payload() p: AgentJobPayload, @Ctx() ctx: BullMqContext) {
    return behaviour(p, ctx, 'planner');
  }
  @EventPattern(jobNames.image)
  image(@Payload() p: AgentJobPayload, @Ctx() ctx: BullMqContext) {
    return behaviour(p, ctx, 'image');
  }
  @EventPattern(jobNames.frontend)
  frontend(@Payload() p: AgentJobPayload, @Ctx() ctx: BullMqContext) {
    return behaviour(p, ctx, 'frontend');
  }
  @EventPattern(jobNames.testing)
  testing(@Payload() p: AgentJobPayload, @Ctx() ctx: BullMqContext) {
    return behaviour(p, ctx, 'testing');
  }
}

@Module({ controllers: [StagesController] })
class StagesModule {}

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
};

const models = { planner: 'm', image: 'm', frontend: 'm', testing: 'm' };

jest.setTimeout(20_000);

describe('BullMqServer + BuildFlowProducer', () => {
  const prefix = uniqueRedisPrefix('bullmq');
  const redis = redisForSpec(prefix);
  const flows = new BuildFlowProducer(redis.connect(true), { prefix, attempts: 2, backoffMs: 10 });
  const cancelFlag = new CancelFlag(redis.connect(), { prefix, ttlSeconds: 60, pollMs: 200 });
  const apps: INestMicroservice[] = [];
  const events: { completed: string[]; failed: { id: string; message: string; final: boolean }[] } = {
    completed: [],
    failed: [],
  };
  let queueEvents: QueueEvents;
  let testingQueue: Queue;

  async function startApp(queue: QueueName, shutdownGraceMs = 5000) {
    const server = new BullMqServer({
      redisUrl: redis.url,
      prefix,
      queue,
      concurrency: 2,
      lockDurationMs: 5000,
      shutdownGraceMs,
      cancelFlag,
    });
    const app = await NestFactory.createMicroservice(StagesModule, { strategy: server, logger: false });
    app.useGlobalFilters(new KeepRpcErrorsFilter());
    app.on<BullMqServerEvents>('completed', (job: Job) => events.completed.push(job.id!));
    app.on<BullMqServerEvents>('failed', (job: Job, error: Error, final: boolean) =>
      events.failed.push({ id: job.id!, message: error.message, final }),
    );
    await app.listen();
    apps.push(app);
    return app;
  }

  const payload = (prompt: string): AgentJobPayload => ({
    build_id: randomUUID(),
    account_id: randomUUID(),
    prompt,
    models,
  });

  beforeAll(async () => {
    for (const q of [QueueName.Planner, QueueName.Image, QueueName.Frontend, QueueName.Testing])
      await startApp(q);
    const bullPrefix = redisKeys.bullPrefix(prefix);
    queueEvents = new QueueEvents(QueueName.Testing, { connection: redis.connect(true), prefix: bullPrefix });
    testingQueue = new Queue(QueueName.Testing, { connection: redis.connect(true), prefix: bullPrefix });
    await queueEvents.waitUntilReady();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await queueEvents.close();
    await testingQueue.close();
    await flows.close();
    await cancelFlag.close();
    await redis.cleanup();
  });

  const rootOf = async (buildId: string) => (await testingQueue.getJob(jobIds.agent(buildId, 'testing')))!;

  it('refuses to start on a queue whose job no handler takes, naming the job', async () => {
    @Module({})
    class NoHandlersModule {}
    const server = new BullMqServer({ redisUrl: redis.url, prefix, queue: QueueName.Image, concurrency: 1 });
    const app = await NestFactory.createMicroservice(NoHandlersModule, { strategy: server, logger: false });
    await expect(app.listen()).rejects.toThrow(
      `Queue ${QueueName.Image} carries job "image", which no @EventPattern handles`,
    );
    await app.close();
  });

  it('runs the chain in order, each stage receiving its predecessor result, and adds a flow only once', async () => {
    const p = payload('ok');
    expect(await flows.add(p)).toBe(true);
    expect(await flows.add(p)).toBe(false);
    expect(await flows.exists(p.build_id)).toBe(true);
    const result = await (await rootOf(p.build_id)).waitUntilFinished(queueEvents, 10_000);
    expect(result).toEqual({
      stage: 'testing',
      attempt: 1,
      after: {
        stage: 'frontend',
        attempt: 1,
        after: { stage: 'image', attempt: 1, after: { stage: 'planner', attempt: 1 } },
      },
    });
    expect(seen.get(jobIds.agent(p.build_id, 'planner'))?.predecessor).toBeUndefined();
    const ids = ['planner', 'image', 'frontend', 'testing'].map((a) => jobIds.agent(p.build_id, a));
    await until(() => ids.every((id) => events.completed.includes(id)));
    expect(events.completed).toEqual(expect.arrayContaining(ids));
    expect(await flows.exists(randomUUID())).toBe(false);
  });

  it('runs each stage once when the same flow is added twice at the same moment', async () => {
    const p = payload('ok');
    const ran: string[] = [];
    const before = new Set(events.completed);
    await Promise.all([flows.add(p), flows.add(p)]);
    const result = await (await rootOf(p.build_id)).waitUntilFinished(queueEvents, 10_000);
    expect(result).toMatchObject({ stage: 'testing', attempt: 1, after: { stage: 'frontend', attempt: 1 } });
    const ids = ['planner', 'image', 'frontend', 'testing'].map((a) => jobIds.agent(p.build_id, a));
    await until(() => ids.every((id) => events.completed.includes(id)));
    for (const id of events.completed) if (!before.has(id) && ids.includes(id)) ran.push(id);
    expect(ran.sort()).toEqual([...ids].sort());
  });

  it('retries a failed job with the next attempt number, and fails it for good with the handler error', async () => {
    const retried = payload('fail-once-image');
    await flows.add(retried);
    expect(await (await rootOf(retried.build_id)).waitUntilFinished(queueEvents, 10_000)).toMatchObject({
      after: { after: { stage: 'image', attempt: 2 } },
    });

    const doomed = payload('fail-frontend');
    await flows.add(doomed);
    await expect((await rootOf(doomed.build_id)).waitUntilFinished(queueEvents, 10_000)).rejects.toThrow();
    const frontendId = jobIds.agent(doomed.build_id, 'frontend');
    // The root's failure can reach QueueEvents a moment before the worker's own 'failed' event fires.
    await until(() => events.failed.some((f) => f.id === frontendId && f.final));
    expect(events.failed.filter((f) => f.id === frontendId)).toEqual([
      { id: frontendId, message: 'frontend broke on attempt 1', final: false },
      { id: frontendId, message: 'frontend broke on attempt 2', final: true },
    ]);
  });

  it('aborts the running job when the build is cancelled', async () => {
    const p = payload('hang-planner');
    await flows.add(p);
    const plannerId = jobIds.agent(p.build_id, 'planner');
    await until(() => seen.has(plannerId));
    await cancelFlag.set(p.build_id, 'cancelled');
    await expect((await rootOf(p.build_id)).waitUntilFinished(queueEvents, 10_000)).rejects.toThrow();
    expect((seen.get(plannerId)?.aborted as Error).name).toBe('BuildCancelledError');
  });

  const imageJob = async (buildId: string) =>
    (await new Queue(QueueName.Image, {
      connection: redis.connect(true),
      prefix: redisKeys.bullPrefix(prefix),
    }).getJob(jobIds.agent(buildId, 'image')))!;
  const waitSeen = (id: string) => until(() => seen.has(id));
  const closeApp = async (app: INestMicroservice) => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };

  it('lets the job in flight finish when the worker closes', async () => {
    await closeApp(apps[1]);
    const app = await startApp(QueueName.Image);
    const p = payload('slow-image');
    await flows.add(p);
    await waitSeen(jobIds.agent(p.build_id, 'image'));
    await closeApp(app);
    expect(await (await imageJob(p.build_id)).getState()).toBe('completed');
  });

  it('hands a job back to the queue (as a new run, not a failure) when the grace period ends', async () => {
    const app = await startApp(QueueName.Image, 100);
    const p = payload('hang-image');
    await flows.add(p);
    await waitSeen(jobIds.agent(p.build_id, 'image'));
    await closeApp(app);
    const job = await imageJob(p.build_id);
    expect(['delayed', 'waiting']).toContain(await job.getState());
    expect(job.attemptsMade).toBe(0);
    expect(job.attemptsStarted).toBe(1);
    expect(events.failed.some((f) => f.id === job.id)).toBe(false);
  });
});

import { createRedis, SettleJobProducer } from '@autowebiq/bus';
import { jobIds, jobNames, QueueName, redisKeys, type SettleJobPayload } from '@autowebiq/contracts';
import { deleteRedisKeys, uniqueRedisPrefix } from '@autowebiq/testing';
import { Logger } from '@nestjs/common';
import { Queue, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { AgentResources } from './agent-resources';
import type { BuildStore } from './build-store';
import { PipelineFinalizer } from './pipeline-finalizer';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('PipelineFinalizer', () => {
  const prefix = uniqueRedisPrefix('finalizer');
  const redis = createRedis(REDIS_URL);
  const settle = new SettleJobProducer(redis, { prefix });
  const queue = new Queue(QueueName.BillingSettle, {
    connection: redis,
    prefix: redisKeys.bullPrefix(prefix),
  });

  afterAll(async () => {
    await settle.close();
    await queue.close();
    await redis.quit();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  /** A finalizer whose settle requests fail `failures` times (Redis refusing the add), then reach Redis. */
  const finalizer = (failures: number) => {
    let left = failures;
    const adds: SettleJobPayload[] = [];
    const resources = {
      cancelFlag: { get: () => Promise.resolve(null) },
      settle: {
        add: (payload: SettleJobPayload) => {
          adds.push(payload);
          if (left-- > 0)
            return Promise.reject(new Error('OOM command not allowed when used memory > maxmemory'));
          return settle.add(payload);
        },
      },
    } as unknown as AgentResources;
    const store = { markFinished: () => Promise.resolve(true) } as unknown as BuildStore;
    return { adds, finalizer: new PipelineFinalizer(resources, store, { attempts: 4, baseDelayMs: 10 }) };
  };

  const testingJob = (buildId: string) =>
    ({
      name: jobNames.testing,
      data: {
        build_id: buildId,
        account_id: randomUUID(),
        prompt: 'a bakery',
        models: { planner: 'm', image: 'm', frontend: 'm', testing: 'm' },
      },
    }) as Job;

  it('asks again, with backoff, until the settle job is in Redis', async () => {
    const buildId = randomUUID();
    const { adds, finalizer: f } = finalizer(3);
    const started = Date.now();
    await f.onCompleted(testingJob(buildId));
    expect(adds).toHaveLength(4);
    // 10 + 20 + 40 ms between the tries.
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    const job = await queue.getJob(jobIds.settle(buildId));
    expect(job?.data).toEqual({ build_id: buildId, trigger: 'pipeline_finished' });
  });

  it('gives up after its tries without throwing, leaving the request to the sweeper', async () => {
    const buildId = randomUUID();
    const { adds, finalizer: f } = finalizer(4);
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await expect(f.onCompleted(testingJob(buildId))).resolves.toBeUndefined();
    expect(adds).toHaveLength(4);
    expect(errors.mock.calls.map(([message]) => message)).toEqual([
      expect.stringContaining(`Settle of build ${buildId} not requested after 4 tries`),
    ]);
    errors.mockRestore();
    expect(await queue.getJob(jobIds.settle(buildId))).toBeUndefined();
  });
});

import { AGENT_ORDER, jobIds, redisKeys, type AgentJobPayload } from '@autowebiq/contracts';
import { queuedStages, uniqueRedisPrefix } from '@autowebiq/testing';
import { Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AGENT_QUEUES, BuildFlowProducer } from './build-flow-producer';
import { redisForSpec } from './redis-spec-support';

describe('BuildFlowProducer (real Redis)', () => {
  const prefix = uniqueRedisPrefix('flows');
  const { connect, cleanup } = redisForSpec(prefix);
  const redis = connect();
  const producer = new BuildFlowProducer(connect(), { prefix, attempts: 3, backoffMs: 1000 });
  const worker = new Worker(AGENT_QUEUES.planner, null, {
    connection: connect(true),
    prefix: redisKeys.bullPrefix(prefix),
  });
  afterAll(async () => {
    await Promise.all([producer.close(), worker.close()]);
    await cleanup();
  });

  const payload = (): AgentJobPayload => ({
    build_id: randomUUID(),
    account_id: randomUUID(),
    prompt: 'a bakery',
    models: { planner: 'gpt-4o', image: 'dall-e-3', frontend: 'gpt-4o', testing: 'gpt-4o-mini' },
  });
  const stagesInRedis = (buildId: string) => queuedStages(redis, prefix, buildId);

  it('adds every stage of a build once, and removes them all at once while none is taken', async () => {
    const build = payload();
    await producer.addNew([build]);
    expect(await stagesInRedis(build.build_id)).toEqual(AGENT_ORDER);
    expect(await producer.add(build)).toBe(false);
    expect(await producer.removeQueued(build.build_id)).toBe(true);
    expect(await stagesInRedis(build.build_id)).toEqual([]);
    expect(await producer.exists(build.build_id)).toBe(false);
  });

  it('leaves the flow alone while a worker holds one of its stages', async () => {
    const build = payload();
    await producer.addNew([build]);
    const job = await worker.getNextJob('spec-token');
    expect(job?.id).toBe(jobIds.agent(build.build_id, 'planner'));
    expect(await producer.removeQueued(build.build_id)).toBe(false);
    expect(await stagesInRedis(build.build_id)).toEqual(AGENT_ORDER);
  });
});

import { redisKeys, StreamName, usageEventId } from '@autowebiq/contracts';
import { uniqueRedisPrefix } from '@autowebiq/testing';
import { randomUUID } from 'node:crypto';
import { readStream, redisForSpec } from './redis-spec-support';
import { UsagePublisher } from './usage-publisher';

describe('UsagePublisher', () => {
  const prefix = uniqueRedisPrefix('usage');
  const { connect, cleanup } = redisForSpec(prefix);
  afterAll(cleanup);

  const event = (buildId: string, callIndex: number) => ({
    event_id: usageEventId(buildId, 'frontend', 2, callIndex),
    build_id: buildId,
    account_id: randomUUID(),
    agent: 'frontend' as const,
    model: 'gpt-4o',
    attempt: 2,
    call_index: callIndex,
    input_tokens: 120 + callIndex,
    output_tokens: 480,
    duration_ms: 35,
    ts: new Date().toISOString(),
  });

  it('appends the validated event as JSON and records its id for settle', async () => {
    const redis = connect();
    const publisher = new UsagePublisher(redis, { prefix, buildKeysTtlSeconds: 60 });
    const buildId = randomUUID();
    await publisher.publish(event(buildId, 0));
    await publisher.publish(event(buildId, 1));
    const entries = (await readStream(redis, redisKeys.stream(prefix, StreamName.Usage))).map((e) =>
      JSON.parse(e.data),
    );
    expect(entries.map((e) => [e.event_id, e.input_tokens, e.images])).toEqual([
      [`${buildId}:frontend:2:0`, 120, 0],
      [`${buildId}:frontend:2:1`, 121, 0],
    ]);
    expect((await redis.smembers(redisKeys.buildUsageReported(prefix, buildId))).sort()).toEqual([
      `${buildId}:frontend:2:0`,
      `${buildId}:frontend:2:1`,
    ]);
    expect(await redis.ttl(redisKeys.buildUsageReported(prefix, buildId))).toBeGreaterThan(0);
  });

  it('refuses an event whose id does not follow <build>:<agent>:<attempt>:<call>, writing nothing', async () => {
    const redis = connect();
    const publisher = new UsagePublisher(redis, { prefix, buildKeysTtlSeconds: 60 });
    const buildId = randomUUID();
    await expect(publisher.publish({ ...event(buildId, 0), event_id: 'whatever' })).rejects.toThrow();
    await expect(publisher.publish({ ...event(buildId, 0), input_tokens: -1 })).rejects.toThrow();
    expect(await redis.scard(redisKeys.buildUsageReported(prefix, buildId))).toBe(0);
  });
});

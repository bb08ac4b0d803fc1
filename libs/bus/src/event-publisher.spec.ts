import { redisKeys, StreamName, type AgentMessageEvent } from '@autowebiq/contracts';
import { uniqueRedisPrefix } from '@autowebiq/testing';
import { randomUUID } from 'node:crypto';
import { EventPublisher, type AgentMessageInput, type BuildEventInput } from './event-publisher';
import { readStream, redisForSpec } from './redis-spec-support';

const message = (progress: number, text = 'working'): AgentMessageInput => ({
  type: 'agent_message',
  agent_type: 'planner',
  message: text,
  status: 'working',
  progress,
  tokens_used: 0,
  credits_used: 0,
});

describe('EventPublisher', () => {
  const prefix = uniqueRedisPrefix('evpub');
  const options = { prefix, eventsMaxLen: 10_000, buildEventsMaxLen: 1000, buildKeysTtlSeconds: 60 };
  const { connect, cleanup } = redisForSpec(prefix);
  afterAll(cleanup);

  it('gives a build gap-free seq in stream order across several concurrent publishers', async () => {
    const buildId = randomUUID();
    const accountId = randomUUID();
    const publishers = Array.from({ length: 5 }, () => new EventPublisher(connect(), options));
    await Promise.all(
      publishers.map((p, i) =>
        Promise.all(
          Array.from({ length: 40 }, (_, j) =>
            p.publishBuildEvent(accountId, buildId, message(10, `p${i}-${j}`)),
          ),
        ),
      ),
    );
    const reader = connect();
    const own = await readStream(reader, redisKeys.buildEvents(prefix, buildId));
    expect(own.map((e) => Number(e.seq))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(own.map((e) => (JSON.parse(e.data) as AgentMessageEvent).seq)).toEqual(
      own.map((e) => Number(e.seq)),
    );
    const global = (await readStream(reader, redisKeys.stream(prefix, StreamName.Events))).filter(
      (e) => e.build_id === buildId,
    );
    expect(global.map((e) => Number(e.seq)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    expect(new Set(global.map((e) => e.account_id))).toEqual(new Set([accountId]));
  });

  it('never lets progress go below what the build already showed', async () => {
    const buildId = randomUUID();
    const publisher = new EventPublisher(connect(), options);
    const sent = [];
    for (const p of [10, 25, 12, 30, 30, 29])
      sent.push(await publisher.publishBuildEvent(randomUUID(), buildId, message(p)));
    expect(sent.map((e) => (e as AgentMessageEvent).progress)).toEqual([10, 25, 25, 30, 30, 30]);
    const stored = await readStream(connect(), redisKeys.buildEvents(prefix, buildId));
    expect(stored.map((e) => (JSON.parse(e.data) as AgentMessageEvent).progress)).toEqual([
      10, 25, 25, 30, 30, 30,
    ]);
  });

  it('keeps the payload exactly as serialised, with build_id, ts and type', async () => {
    const buildId = randomUUID();
    const publisher = new EventPublisher(connect(), options);
    const event = await publisher.publishBuildEvent(randomUUID(), buildId, {
      ...message(11, 'Selected template: Café «Brew» 🚀'),
      credits_used: 0.123456,
      details: ['a', 'b'],
      ts: '2025-01-01T00:00:00.000Z',
    });
    expect(event).toEqual({
      seq: 1,
      progress: 11,
      type: 'agent_message',
      agent_type: 'planner',
      message: 'Selected template: Café «Brew» 🚀',
      status: 'working',
      tokens_used: 0,
      credits_used: 0.123456,
      details: ['a', 'b'],
      build_id: buildId,
      ts: '2025-01-01T00:00:00.000Z',
    });
  });

  it('refuses an event that does not match the wire schema, and assigns no seq for it', async () => {
    const buildId = randomUUID();
    const publisher = new EventPublisher(connect(), options);
    await expect(
      publisher.publishBuildEvent(randomUUID(), buildId, { ...message(10), progress: 140 }),
    ).rejects.toThrow();
    await expect(
      publisher.publishBuildEvent(randomUUID(), buildId, {
        ...message(10),
        status: 'sleeping',
      } as unknown as BuildEventInput),
    ).rejects.toThrow();
    expect(await connect().get(redisKeys.buildSeq(prefix, buildId))).toBeNull();
  });

  it("closes the timeline with its final event: a late worker's message is refused, nothing follows the end", async () => {
    const buildId = randomUUID();
    const accountId = randomUUID();
    const publisher = new EventPublisher(connect(), options);
    expect(await publisher.publishWhileOpen(accountId, buildId, message(10))).toMatchObject({ seq: 1 });
    await publisher.publishBuildEvent(accountId, buildId, {
      type: 'build_failed',
      reason: 'Cancelled before it started',
      refunded: 1,
      refunded_micro: '1000000',
      status: 'cancelled',
    });
    expect(await publisher.publishWhileOpen(accountId, buildId, message(90, 'thawed'))).toBeNull();
    const own = await readStream(connect(), redisKeys.buildEvents(prefix, buildId));
    expect(own.map((e) => JSON.parse(e.data).type)).toEqual(['agent_message', 'build_failed']);
    const global = (await readStream(connect(), redisKeys.stream(prefix, StreamName.Events))).filter(
      (e) => e.build_id === buildId,
    );
    expect(global).toHaveLength(2);
    expect(await connect().get(redisKeys.buildSeq(prefix, buildId))).toBe('2');
  });

  it('publishes account events to the global stream with seq 0 and no build', async () => {
    const accountId = randomUUID();
    const publisher = new EventPublisher(connect(), options);
    await publisher.publishAccountEvent(accountId, {
      type: 'credits_update',
      credits: 5,
      held: 0,
      total: 5,
      credits_micro: '5000000',
      held_micro: '0',
      total_micro: '5000000',
      transaction: { amount: 5, amount_micro: '5000000', operation: 'grant' },
    });
    const global = (await readStream(connect(), redisKeys.stream(prefix, StreamName.Events))).filter(
      (e) => e.account_id === accountId,
    );
    expect(global).toHaveLength(1);
    expect(global[0]).toMatchObject({ build_id: '', seq: '0' });
    expect(JSON.parse(global[0].data)).toMatchObject({ type: 'credits_update', credits: 5 });
  });
});

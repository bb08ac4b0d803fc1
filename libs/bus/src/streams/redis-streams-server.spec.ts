import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { uniqueRedisPrefix } from '@autowebiq/testing';
import type { Redis } from 'ioredis';
import { createRedis } from '../redis';
import { RedisStreamsContext } from './redis-streams-context';
import { RedisStreamsServer, type StreamBatchResult } from './redis-streams-server';
import {
  ackBatch,
  autoClaim,
  ensureGroup,
  listConsumers,
  pendingCount,
  readGroup,
  type StreamEntry,
} from './stream-ops';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GROUP = 'g';

/** What the test handler does with each batch; swapped per test. */
let behaviour: (
  entries: StreamEntry[],
  ctx: RedisStreamsContext,
) => Promise<StreamBatchResult | void> = async () => undefined;

@Controller()
class TestConsumer {
  @EventPattern('things')
  handle(
    @Payload() entries: StreamEntry[],
    @Ctx() ctx: RedisStreamsContext,
  ): Promise<StreamBatchResult | void> {
    return behaviour(entries, ctx);
  }
}

@Module({ controllers: [TestConsumer] })
class TestModule {}

describe('Redis Streams helpers and RedisStreamsServer', () => {
  let redis: Redis;
  let prefix: string;
  let stream: string;
  let dead: string;
  const apps: INestMicroservice[] = [];

  beforeEach(() => {
    prefix = uniqueRedisPrefix('streams');
    stream = `${prefix}:things`;
    dead = `${prefix}:things-dead`;
    behaviour = async () => undefined;
  });

  beforeAll(() => {
    redis = createRedis(REDIS_URL);
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  });

  afterAll(async () => {
    await redis.quit();
  });

  const add = async (n: number, from = 0) => {
    const pipeline = redis.pipeline();
    for (let i = from; i < from + n; i++) pipeline.xadd(stream, '*', 'data', JSON.stringify({ n: i }));
    await pipeline.exec();
  };

  async function startServer(
    consumer: string,
    extra: Partial<ConstructorParameters<typeof RedisStreamsServer>[0]> = {},
  ) {
    const server = new RedisStreamsServer({
      redisUrl: REDIS_URL,
      stream,
      pattern: 'things',
      group: GROUP,
      consumer,
      batchSize: 50,
      blockMs: 50,
      claimIdleMs: 60_000,
      deadLetterStream: dead,
      ...extra,
    });
    const app = await NestFactory.createMicroservice(TestModule, { strategy: server, logger: false });
    await app.listen();
    apps.push(app);
    return server;
  }

  const until = async (check: () => Promise<boolean> | boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('refuses to start when no handler takes its pattern', async () => {
    @Module({})
    class NoHandlersModule {}
    const server = new RedisStreamsServer({
      redisUrl: REDIS_URL,
      stream,
      pattern: 'nobody-listens',
      group: GROUP,
      consumer: 'c-unhandled',
      batchSize: 50,
      blockMs: 50,
      claimIdleMs: 60_000,
    });
    const app = await NestFactory.createMicroservice(NoHandlersModule, { strategy: server, logger: false });
    await expect(app.listen()).rejects.toThrow(
      `No @EventPattern('nobody-listens') handler for stream ${stream}`,
    );
    await app.close();
  });

  it('reads in batches, acknowledges, and writes dead letters atomically with the ack', async () => {
    await ensureGroup(redis, stream, GROUP);
    await ensureGroup(redis, stream, GROUP);
    await add(5);
    const read = await readGroup(redis, { stream, group: GROUP, consumer: 'a', count: 3 });
    expect(read.entries.map((e) => JSON.parse(e.fields.data).n)).toEqual([0, 1, 2]);
    await ackBatch(redis, {
      stream,
      group: GROUP,
      ids: read.entries.map((e) => e.id),
      deadLetterStream: dead,
      deadLetters: [{ id: read.entries[1].id, reason: 'bad thing' }],
      entries: new Map(read.entries.map((e) => [e.id, e])),
      consumer: 'a',
    });
    expect(await pendingCount(redis, stream, GROUP)).toBe(0);
    const letters = await redis.xrange(dead, '-', '+');
    expect(letters).toHaveLength(1);
    const fields = Object.fromEntries(
      letters[0][1].reduce<[string, string][]>(
        (acc, v, i, all) => (i % 2 ? acc : [...acc, [v, all[i + 1]]]),
        [],
      ),
    );
    expect(fields).toMatchObject({ source_id: read.entries[1].id, reason: 'bad thing', consumer: 'a' });
    expect(JSON.parse(fields.fields)).toEqual({ data: JSON.stringify({ n: 1 }) });
  });

  it('takes over the pending entries of a consumer that went silent', async () => {
    await ensureGroup(redis, stream, GROUP);
    await add(4);
    await readGroup(redis, { stream, group: GROUP, consumer: 'dead', count: 10 });
    expect(
      (await autoClaim(redis, { stream, group: GROUP, consumer: 'alive', minIdleMs: 10_000, count: 10 }))
        .entries,
    ).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 30));
    const claimed = await autoClaim(redis, {
      stream,
      group: GROUP,
      consumer: 'alive',
      minIdleMs: 20,
      count: 10,
    });
    expect(claimed.entries).toHaveLength(4);
    expect(claimed.next).toBe('0-0');
    const consumers = await listConsumers(redis, stream, GROUP);
    expect(consumers.find((c) => c.name === 'alive')?.pending).toBe(4);
    expect(consumers.find((c) => c.name === 'dead')?.pending).toBe(0);
  });

  it('delivers batches to the @EventPattern handler and acknowledges them after it resolves', async () => {
    const seen: number[] = [];
    let biggest = 0;
    behaviour = async (entries, ctx) => {
      expect(ctx.stream).toBe(stream);
      expect(ctx.consumer).toBe('one');
      biggest = Math.max(biggest, entries.length);
      for (const e of entries) seen.push(JSON.parse(e.fields.data).n);
      const bad = entries.filter((e) => JSON.parse(e.fields.data).n % 100 === 7);
      return { deadLetters: bad.map((e) => ({ id: e.id, reason: 'sevens are bad' })) };
    };
    await add(300);
    await startServer('one');
    await until(() => seen.length >= 300);
    await until(async () => (await pendingCount(redis, stream, GROUP)) === 0);
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(biggest).toBe(50);
    expect(await redis.xlen(dead)).toBe(3);
  });

  it('re-reads a batch whose handler failed, so nothing is lost', async () => {
    const seen = new Map<number, number>();
    let failures = 0;
    behaviour = async (entries, ctx) => {
      if (failures < 2) {
        failures++;
        throw new Error('database down');
      }
      expect(ctx.redelivered || entries.length > 0).toBe(true);
      for (const e of entries)
        seen.set(JSON.parse(e.fields.data).n, (seen.get(JSON.parse(e.fields.data).n) ?? 0) + 1);
    };
    await add(120);
    await startServer('flaky', { prefetch: true });
    await until(() => seen.size === 120);
    await until(async () => (await pendingCount(redis, stream, GROUP)) === 0);
    expect(failures).toBe(2);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
  });

  it('handles up to `concurrency` batches at once, and a failure among them still loses nothing', async () => {
    let active = 0;
    let most = 0;
    let calls = 0;
    const done = new Map<number, number>();
    behaviour = async (entries) => {
      calls++;
      active++;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 30));
      active--;
      if (calls === 4) throw new Error('deadlock detected');
      for (const e of entries)
        done.set(JSON.parse(e.fields.data).n, (done.get(JSON.parse(e.fields.data).n) ?? 0) + 1);
    };
    await add(500);
    await startServer('parallel', { batchSize: 20, concurrency: 3, prefetch: true });
    await until(() => done.size === 500);
    await until(async () => (await pendingCount(redis, stream, GROUP)) === 0);
    expect(most).toBe(3);
    expect([...done.values()].every((count) => count === 1)).toBe(true);
  });

  it('shares a stream between two servers of one group, each entry going to one of them', async () => {
    const byConsumer = new Map<string, number[]>();
    behaviour = async (entries, ctx) => {
      await new Promise((r) => setTimeout(r, 5));
      const list = byConsumer.get(ctx.consumer) ?? [];
      list.push(...entries.map((e) => JSON.parse(e.fields.data).n as number));
      byConsumer.set(ctx.consumer, list);
    };
    await startServer('left', { batchSize: 10, prefetch: true });
    await startServer('right', { batchSize: 10 });
    await add(400);
    await until(() => [...byConsumer.values()].reduce((acc, l) => acc + l.length, 0) >= 400);
    const all = [...byConsumer.values()].flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 400 }, (_, i) => i));
    expect(byConsumer.size).toBe(2);
  });

  it('processes what a dead consumer left pending once it has been idle long enough', async () => {
    await ensureGroup(redis, stream, GROUP);
    await add(30);
    await readGroup(redis, { stream, group: GROUP, consumer: 'crashed', count: 30 });
    const seen: number[] = [];
    behaviour = async (entries, ctx) => {
      expect(ctx.redelivered).toBe(true);
      seen.push(...entries.map((e) => JSON.parse(e.fields.data).n as number));
    };
    await startServer('heir', { claimIdleMs: 200, claimIntervalMs: 50 });
    await until(() => seen.length >= 30);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await until(async () => (await pendingCount(redis, stream, GROUP)) === 0);
  });
});

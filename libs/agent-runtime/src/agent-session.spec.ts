import { BuildCancelledError, createRedis, EventPublisher, UsagePublisher } from '@autowebiq/bus';
import {
  AgentMessages,
  redisKeys,
  StreamName,
  type AgentMessageEvent,
  type UsageEvent,
} from '@autowebiq/contracts';
import { createLlmProvider, LlmProviderError, type LlmProvider } from '@autowebiq/llm';
import { DEFAULT_PRICE_TABLE } from '@autowebiq/pricing';
import {
  deleteRedisKeys,
  FakeOpenAiServer,
  uniqueRedisPrefix,
  type RunningFakeOpenAi,
} from '@autowebiq/testing';
import { randomUUID } from 'node:crypto';
import { AgentSession } from './agent-session';
import type { BuildInfo } from './build-store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('AgentSession', () => {
  const prefix = uniqueRedisPrefix('session');
  const redis = createRedis(REDIS_URL);
  const events = new EventPublisher(redis, {
    prefix,
    eventsMaxLen: 1000,
    buildEventsMaxLen: 1000,
    buildKeysTtlSeconds: 60,
  });
  const usage = new UsagePublisher(redis, { prefix, buildKeysTtlSeconds: 60 });
  const fake = new FakeOpenAiServer();
  let vendor: RunningFakeOpenAi;
  let openai: LlmProvider;
  const offline = createLlmProvider({ provider: 'offline', timeoutMs: 1000, maxRetries: 0 });

  beforeAll(async () => {
    vendor = await fake.start();
    openai = createLlmProvider({
      provider: 'openai',
      baseUrl: vendor.url,
      apiKey: 'k',
      timeoutMs: 5000,
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await vendor.close();
    await redis.quit();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  const build = (model: string): BuildInfo => ({
    id: randomUUID(),
    accountId: randomUUID(),
    status: 'running',
    prompt: 'a bakery',
    models: { planner: model, image: model, frontend: model, testing: model },
    priceTable: DEFAULT_PRICE_TABLE,
    settled: false,
  });

  const session = (llm: LlmProvider, b: BuildInfo, signal = new AbortController().signal, attempt = 1) =>
    new AgentSession(
      { events, usage, llm, runningCountIntervalMs: 100, messages: new AgentMessages() },
      'frontend',
      b,
      attempt,
      signal,
    );

  const messages = async (buildId: string) =>
    (await redis.xrange(redisKeys.buildEvents(prefix, buildId), '-', '+')).map(
      ([, f]) => JSON.parse(f[f.indexOf('data') + 1]) as AgentMessageEvent,
    );
  const usageOf = async (buildId: string) =>
    (await redis.xrange(redisKeys.stream(prefix, StreamName.Usage), '-', '+'))
      .map(([, f]) => JSON.parse(f[f.indexOf('data') + 1]) as UsageEvent)
      .filter((u) => u.build_id === buildId);

  it('keeps progress inside the agent range and never lets it go back', async () => {
    const b = build('local-template');
    const s = session(offline, b);
    await s.say('waiting', 'a');
    await s.say('working', 'b', { at: 0.6 });
    await s.say('working', 'c', { at: 0.2 });
    await s.say('working', 'd', { at: 7 });
    expect((await messages(b.id)).map((m) => [m.message, m.progress])).toEqual([
      ['a', 60],
      ['b', 75],
      ['c', 75],
      ['d', 85],
    ]);
  });

  it('meters each call once with its attempt and call index, and carries running totals on later messages', async () => {
    const b = build('local-template');
    const s = session(offline, b, undefined, 3);
    const first = await s.chat('Writing', {
      messages: [{ role: 'user', content: 'hello there' }],
      offlineResponse: () => 'general kenobi',
    });
    const second = await s.chat('Writing', {
      messages: [{ role: 'user', content: 'again' }],
      offlineResponse: () => 'and again',
    });
    await s.say('completed', 'done', { at: 1 });
    const events = await usageOf(b.id);
    expect(events.map((u) => [u.event_id, u.attempt, u.call_index, u.input_tokens, u.output_tokens])).toEqual(
      [
        [`${b.id}:frontend:3:0`, 3, 0, first.inputTokens, first.outputTokens],
        [`${b.id}:frontend:3:1`, 3, 1, second.inputTokens, second.outputTokens],
      ],
    );
    const total = first.inputTokens + first.outputTokens + second.inputTokens + second.outputTokens;
    expect((await messages(b.id)).at(-1)).toMatchObject({ tokens_used: total, credits_used: total / 1000 });
    expect(s.tokensUsed).toBe(total);
  });

  it('reports the running token count while a call streams, about once per interval', async () => {
    const b = build('gpt-4o');
    const s = session(openai, b);
    fake.script({
      chunks: Array.from({ length: 12 }, (_, i) => `w${i} `),
      chunkDelayMs: 50,
      usage: { input: 40, output: 12 },
    });
    await s.chat('Streaming', { messages: [{ role: 'user', content: 'go' }], offlineResponse: () => '' });
    const running = (await messages(b.id)).filter((m) => m.message.startsWith('Streaming ('));
    // 600 ms of stream at one report per 100 ms; the first chunk reports at once.
    expect(running.length).toBeGreaterThanOrEqual(3);
    expect(running.length).toBeLessThanOrEqual(8);
    const counts = running.map((m) => m.tokens_used);
    expect([...counts].sort((x, y) => x - y)).toEqual(counts);
    expect((await usageOf(b.id)).map((u) => [u.input_tokens, u.output_tokens])).toEqual([[40, 12]]);
    expect(s.tokensUsed).toBe(52);
  });

  it('aborts the call in flight on cancel with the cancel reason, and meters nothing for it', async () => {
    const b = build('gpt-4o');
    const controller = new AbortController();
    const s = session(openai, b, controller.signal);
    fake.script({ hang: true });
    const call = s.chat('Hanging', {
      messages: [{ role: 'user', content: 'go' }],
      offlineResponse: () => '',
    });
    setTimeout(() => controller.abort(new BuildCancelledError(b.id, 'cancelled')), 100);
    await expect(call).rejects.toBeInstanceOf(BuildCancelledError);
    await expect(
      s.chat('Next', { messages: [{ role: 'user', content: 'go' }], offlineResponse: () => '' }),
    ).rejects.toBeInstanceOf(BuildCancelledError);
    expect(await usageOf(b.id)).toEqual([]);
  });

  it('meters nothing for a call the provider failed', async () => {
    const b = build('gpt-4o');
    const s = session(openai, b);
    fake.script({ status: 500, message: 'boom' });
    await expect(
      s.chat('Failing', { messages: [{ role: 'user', content: 'go' }], offlineResponse: () => '' }),
    ).rejects.toBeInstanceOf(LlmProviderError);
    expect(await usageOf(b.id)).toEqual([]);
    expect(s.tokensUsed).toBe(0);
  });
});

import { FakeOpenAiServer, type RunningFakeOpenAi } from '@autowebiq/testing';
import {
  countTokens,
  createLlmProvider,
  type ChatRequest,
  LlmAbortedError,
  type LlmProgress,
  type LlmProviderOptions,
  LlmProviderError,
  toUsageEvent,
} from './index';

const API_KEY = 'sk-test-key';
const ANSWER = 'Warm espresso tones, a hero with the roastery, a menu grid and a map to visit the shop.';

describe('OpenAI-compatible provider over HTTP', () => {
  let fake: FakeOpenAiServer;
  let running: RunningFakeOpenAi;

  beforeEach(async () => {
    fake = new FakeOpenAiServer({ apiKey: API_KEY });
    running = await fake.start();
  });
  afterEach(() => running.close());

  const provider = (options: Partial<LlmProviderOptions> = {}) =>
    createLlmProvider({
      provider: 'openai',
      baseUrl: running.url,
      apiKey: API_KEY,
      timeoutMs: 2_000,
      maxRetries: 2,
      retryBaseDelayMs: 5,
      retryMaxDelayMs: 20,
      ...options,
    });
  const chatRequest = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
    agent: 'planner',
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You plan websites.' },
      { role: 'user', content: 'A specialty coffee roaster in Lisbon' },
    ],
    offlineResponse: () => 'never used by a real provider',
    ...extra,
  });

  describe('chat', () => {
    it("streams the answer and reports the vendor's exact usage", async () => {
      fake.script({ content: ANSWER, usage: { input: 1234, output: 56 } });
      const seen: LlmProgress[] = [];
      const result = await provider().chat(chatRequest({ onProgress: (p) => seen.push(p) }));

      expect(result).toMatchObject({
        content: ANSWER,
        model: 'gpt-4o',
        inputTokens: 1234,
        outputTokens: 56,
        usageSource: 'provider',
      });
      const [sent] = fake.requests;
      expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(sent.body).toMatchObject({
        model: 'gpt-4o',
        stream: true,
        stream_options: { include_usage: true },
      });
      expect(sent.body.messages).toEqual(chatRequest().messages);

      expect(seen.length).toBe(ANSWER.split(' ').length);
      for (let i = 1; i < seen.length; i++)
        expect(seen[i].outputTokens).toBeGreaterThan(seen[i - 1].outputTokens);
      // While streaming, the running count is our estimate; the vendor's numbers only come at the end.
      expect(seen.at(-1)?.outputTokens).toBeGreaterThanOrEqual(countTokens(ANSWER));
    });

    it('asks for a JSON object when the caller wants JSON', async () => {
      await provider().chat(chatRequest({ responseFormat: 'json' }));
      expect(fake.requests[0].body.response_format).toEqual({ type: 'json_object' });
    });

    it('falls back to the tokenizer when the vendor sends no usage, and says so', async () => {
      fake.script({ content: ANSWER, usage: null });
      const result = await provider().chat(chatRequest());
      expect(result.usageSource).toBe('tokenizer');
      expect(result.outputTokens).toBe(countTokens(ANSWER));
      expect(result.inputTokens).toBeGreaterThan(0);
    });

    it('retries a 429 after the wait the vendor asked for and returns one result', async () => {
      fake.script({ status: 429, retryAfterMs: 60 }, { content: ANSWER, usage: { input: 10, output: 20 } });
      const started = performance.now();
      const result = await provider().chat(chatRequest());
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
      expect(result).toMatchObject({ content: ANSWER, inputTokens: 10, outputTokens: 20 });
      expect(fake.requests).toHaveLength(2);
      const event = toUsageEvent(result, {
        buildId: '6f1c2a10-8d1e-4b7a-9a55-3c2f0e4d5b61',
        accountId: '0b8d7e52-4e0f-4a83-9d0c-6a1f2b3c4d5e',
        agent: 'planner',
        attempt: 1,
        callIndex: 0,
      });
      expect(event).toMatchObject({ input_tokens: 10, output_tokens: 20, model: 'gpt-4o', images: 0 });
    });

    it('gives up on a 500 after maxRetries and explains why', async () => {
      fake = new FakeOpenAiServer({ defaultReply: { status: 500, message: 'The server had an error' } });
      await running.close();
      running = await fake.start();

      const error = await provider({ maxRetries: 3 })
        .chat(chatRequest())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmProviderError);
      expect(error).toMatchObject({ kind: 'http', status: 500, retryable: true, attempts: 4 });
      expect((error as Error).message).toBe(
        'The model provider returned HTTP 500 after 3 retries: The server had an error',
      );
      expect(fake.requests).toHaveLength(4);
    });

    it('does not retry a request the vendor rejects', async () => {
      fake.script({ status: 400, message: "Invalid value for 'model'" });
      const error = await provider()
        .chat(chatRequest())
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, retryable: false, attempts: 1 });
      expect((error as Error).message).toBe(
        "The model provider rejected the request with HTTP 400: Invalid value for 'model'",
      );
      expect(fake.requests).toHaveLength(1);
    });

    it('refuses a wrong key without retrying', async () => {
      await expect(provider({ apiKey: 'sk-wrong' }).chat(chatRequest())).rejects.toMatchObject({
        status: 401,
        retryable: false,
      });
      expect(fake.requests).toHaveLength(1);
    });

    it('aborts mid-stream when the signal fires and yields no result', async () => {
      fake.script({ content: ANSWER, chunkDelayMs: 30 });
      const controller = new AbortController();
      const call = provider().chat(
        chatRequest({ signal: controller.signal, onProgress: () => controller.abort() }),
      );
      await expect(call).rejects.toBeInstanceOf(LlmAbortedError);
      await until(() => fake.requests[0]?.clientAborted === true);
      expect(fake.requests).toHaveLength(1);
    });

    it('aborts while waiting to retry', async () => {
      fake.script({ status: 503, retryAfterMs: 10_000 });
      const controller = new AbortController();
      const call = provider().chat(chatRequest({ signal: controller.signal }));
      await until(() => fake.requests.length === 1);
      const started = performance.now();
      controller.abort();
      await expect(call).rejects.toBeInstanceOf(LlmAbortedError);
      expect(performance.now() - started).toBeLessThan(500);
      expect(fake.requests).toHaveLength(1);
    });

    it('times out a vendor that never answers, retrying first', async () => {
      fake = new FakeOpenAiServer({ defaultReply: { hang: true } });
      await running.close();
      running = await fake.start();

      const error = await provider({ timeoutMs: 150, maxRetries: 1 })
        .chat(chatRequest())
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'timeout', retryable: true, attempts: 2 });
      expect((error as Error).message).toBe('The model provider did not answer within 150 ms after 1 retry');
      expect(fake.requests).toHaveLength(2);
      await until(() => fake.requests.every((r) => r.clientAborted));
    });

    it('times out a stream that stalls, but not one that keeps talking', async () => {
      fake.script({ content: 'one two three', chunkDelayMs: 400 });
      await expect(provider({ timeoutMs: 150, maxRetries: 0 }).chat(chatRequest())).rejects.toMatchObject({
        kind: 'timeout',
      });

      // Six chunks 60 ms apart take longer than the timeout in total, yet the vendor is never silent that long.
      fake.script({ content: 'a b c d e f', chunkDelayMs: 60, usage: { input: 3, output: 6 } });
      const result = await provider({ timeoutMs: 150, maxRetries: 0 }).chat(chatRequest());
      expect(result).toMatchObject({ content: 'a b c d e f', outputTokens: 6 });
    });

    it('retries a stream cut mid-answer, and bills only the complete one', async () => {
      fake.script(
        { content: ANSWER, cutAfterChunks: 3 },
        { content: ANSWER, usage: { input: 7, output: 8 } },
      );
      let reports = 0;
      const result = await provider().chat(chatRequest({ onProgress: () => reports++ }));
      expect(result).toMatchObject({ content: ANSWER, inputTokens: 7, outputTokens: 8 });
      expect(reports).toBe(3 + ANSWER.split(' ').length);
      expect(fake.requests).toHaveLength(2);
    });

    it('says where it could not connect', async () => {
      const gone = new FakeOpenAiServer();
      const { url, close } = await gone.start();
      await close();
      const error = await provider({ baseUrl: url, maxRetries: 1 })
        .chat(chatRequest())
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'connection', retryable: true, attempts: 2 });
      const hostAndPort = new URL(url).host;
      expect((error as Error).message).toBe(
        `The connection to the model provider at ${url} failed after 1 retry: Connection error. (connect ECONNREFUSED ${hostAndPort})`,
      );
    });

    it("passes the caller's own progress error through untouched and unretried", async () => {
      const mistake = new RangeError('the caller broke');
      const call = provider().chat(
        chatRequest({
          onProgress: () => {
            throw mistake;
          },
        }),
      );
      await expect(call).rejects.toBe(mistake);
      expect(fake.requests).toHaveLength(1);
    });
  });

  describe('images', () => {
    const imageRequest = {
      agent: 'image' as const,
      model: 'dall-e-3',
      prompt: 'A latte on marble',
      offlineResponse: () => ({ svg: '' }),
    };

    it('returns one image billed per image when the vendor reports no usage', async () => {
      const result = await provider().image({
        ...imageRequest,
        size: '1024x1024',
        responseFormat: 'b64_json',
      });
      expect(result).toMatchObject({ model: 'dall-e-3', images: 1, inputTokens: 0, outputTokens: 0 });
      expect(
        Buffer.from(result.b64 ?? '', 'base64')
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
      expect(fake.requests[0]).toMatchObject({
        path: '/v1/images/generations',
        body: {
          model: 'dall-e-3',
          prompt: 'A latte on marble',
          n: 1,
          size: '1024x1024',
          response_format: 'b64_json',
        },
      });
    });

    it('takes tokens from usage when the model reports them, and hands back a URL', async () => {
      fake.script(
        { status: 500 },
        { image: { url: 'https://cdn.example/img.png' }, usage: { input: 25, output: 4160 } },
      );
      const result = await provider().image({ ...imageRequest, model: 'gpt-image-1' });
      expect(result).toMatchObject({
        images: 1,
        inputTokens: 25,
        outputTokens: 4160,
        url: 'https://cdn.example/img.png',
      });
      expect(fake.requests).toHaveLength(2);
    });

    it('aborts a slow image call', async () => {
      fake.script({ delayMs: 5_000 });
      const call = provider().image({ ...imageRequest, signal: AbortSignal.timeout(50) });
      await expect(call).rejects.toBeInstanceOf(LlmAbortedError);
    });
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 2000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

import { FakeOpenAiServer, type RunningFakeOpenAi } from './fake-openai-server';

/** The wire format as the OpenAI SDK expects it, read with plain fetch so the SDK cannot paper over it. */
describe('FakeOpenAiServer', () => {
  let fake: FakeOpenAiServer;
  let running: RunningFakeOpenAi;
  const auth = { authorization: 'Bearer sk-fake', 'content-type': 'application/json' };
  const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
    fetch(`${running.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

  beforeEach(async () => {
    fake = new FakeOpenAiServer({ apiKey: 'sk-fake', models: ['gpt-4o'] });
    running = await fake.start();
  });
  afterEach(() => running.close());

  it('lists models and refuses a wrong key', async () => {
    const models = await (await fetch(`${running.url}/models`, { headers: auth })).json();
    expect(models).toMatchObject({ object: 'list', data: [{ id: 'gpt-4o', object: 'model' }] });
    const denied = await post('/chat/completions', { model: 'gpt-4o' }, { authorization: 'Bearer nope' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('streams server-sent chunks, then the usage chunk, then [DONE]', async () => {
    fake.script({ chunks: ['Hel', 'lo'], usage: { input: 11, output: 2 } });
    const res = await post('/chat/completions', {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)));
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? null)).toEqual(['', 'Hel', 'lo', null, null]);
    expect(chunks[3].choices[0].finish_reason).toBe('stop');
    expect(chunks.slice(0, 4).every((c) => c.usage === null)).toBe(true);
    expect(chunks[4]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
    });
  });

  it('leaves usage out of a stream that did not ask for it, and answers whole completions', async () => {
    const streamed = await (await post('/chat/completions', { model: 'gpt-4o', stream: true })).text();
    expect(streamed).not.toContain('"usage"');
    fake.script({ content: 'Whole answer', usage: { input: 5, output: 2 } });
    const whole = await (await post('/chat/completions', { model: 'gpt-4o', messages: [] })).json();
    expect(whole).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'Whole answer' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 2 },
    });
  });

  it('plays scripted failures in order and records every request', async () => {
    fake.script({ status: 429, retryAfterMs: 1500 }, { status: 500, message: 'boom' });
    const limited = await post('/chat/completions', { model: 'gpt-4o' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after-ms')).toBe('1500');
    expect(limited.headers.get('retry-after')).toBe('2');
    const failed = await post('/images/generations', { model: 'dall-e-3', prompt: 'x' });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: { message: 'boom', type: 'server_error' } });
    expect((await post('/chat/completions', { model: 'gpt-4o' })).status).toBe(200);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/chat/completions',
      'POST /v1/images/generations',
      'POST /v1/chat/completions',
    ]);
    expect(fake.pending).toBe(0);
  });

  it('answers images as base64 or as a URL it serves', async () => {
    const inline = await (
      await post('/images/generations', { model: 'dall-e-3', prompt: 'p', response_format: 'b64_json' })
    ).json();
    expect(Buffer.from(inline.data[0].b64_json, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(inline.usage).toBeUndefined();
    fake.script({ usage: { input: 40, output: 4000 } });
    const hosted = await (await post('/images/generations', { model: 'dall-e-3', prompt: 'p', n: 2 })).json();
    expect(hosted.data).toHaveLength(2);
    expect(hosted.usage).toMatchObject({ input_tokens: 40, output_tokens: 4000, total_tokens: 4040 });
    const png = await fetch(hosted.data[0].url);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('hangs until the client gives up, and notes that it did', async () => {
    fake.script({ hang: true });
    const call = fetch(`${running.url}/chat/completions`, {
      method: 'POST',
      headers: auth,
      body: '{}',
      signal: AbortSignal.timeout(100),
    });
    await expect(call).rejects.toThrow();
    await until(() => fake.requests[0]?.clientAborted === true);
  });

  it('closes with requests still hanging', async () => {
    fake.script({ hang: true });
    const call = post('/chat/completions', { model: 'gpt-4o' }).catch((error: unknown) => error);
    await until(() => fake.requests.length === 1);
    await running.close();
    expect(await call).toMatchObject({ message: 'fetch failed' });
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 2000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

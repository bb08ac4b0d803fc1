import { getEncoding } from 'js-tiktoken';
import { createLlmProvider, LlmAbortedError, type LlmProgress } from './index';

/** The package's own ready-made encoder, built apart from ours, to check our counts against. */
const reference = getEncoding('cl100k_base');

const provider = createLlmProvider({ provider: 'offline', timeoutMs: 1000, maxRetries: 0 });
const messages = [
  { role: 'system' as const, content: 'You are the planner of a website builder. Answer in JSON.' },
  { role: 'user' as const, content: 'A landing page for a specialty coffee roaster in Lisbon.' },
];
const answer = JSON.stringify({ template: 'cafe-warm', sections: ['hero', 'menu', 'story', 'visit'] });
const request = { agent: 'planner' as const, model: 'gpt-4o', messages, offlineResponse: () => answer };

describe('offline provider', () => {
  it('answers with the offline response and counts tokens with the real tokenizer', async () => {
    const result = await provider.chat(request);
    const framing = 3 + messages.length * 3;
    const promptTokens = messages.reduce(
      (n, m) => n + reference.encode(m.role).length + reference.encode(m.content).length,
      0,
    );
    expect(provider.name).toBe('offline');
    expect(result).toMatchObject({
      content: answer,
      model: 'local-template',
      inputTokens: framing + promptTokens,
      outputTokens: reference.encode(answer).length,
      usageSource: 'tokenizer',
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('gives the same counts for the same exchange', async () => {
    const [a, b] = await Promise.all([provider.chat(request), provider.chat(request)]);
    expect({ in: a.inputTokens, out: a.outputTokens }).toEqual({ in: b.inputTokens, out: b.outputTokens });
  });

  it('reports a rising running count that ends at the answer size', async () => {
    const seen: LlmProgress[] = [];
    const result = await provider.chat({ ...request, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i].outputTokens).toBeGreaterThan(seen[i - 1].outputTokens);
    expect(seen.at(-1)).toEqual({ inputTokens: result.inputTokens, outputTokens: result.outputTokens });
  });

  it('stops mid-answer when aborted and yields no result', async () => {
    const controller = new AbortController();
    let reports = 0;
    const call = provider.chat({
      ...request,
      signal: controller.signal,
      onProgress: () => {
        reports++;
        controller.abort();
      },
    });
    await expect(call).rejects.toBeInstanceOf(LlmAbortedError);
    expect(reports).toBe(1);
    await expect(provider.chat({ ...request, signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('draws images as one per-image unit without tokens', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3"/></svg>';
    const result = await provider.image({
      agent: 'image',
      model: 'dall-e-3',
      prompt: 'A latte on a marble table',
      offlineResponse: () => ({ svg }),
    });
    expect(result).toMatchObject({
      model: 'local-template',
      images: 1,
      inputTokens: 0,
      outputTokens: 0,
      svg,
    });
  });

  it('counts a whole generated page quickly once the tokenizer is loaded', async () => {
    const page = `<!doctype html><html><body>${'<section><h2>Our beans</h2><p>Single origin, roasted weekly.</p></section>'.repeat(400)}</body></html>`;
    const started = performance.now();
    const result = await provider.chat({ ...request, offlineResponse: () => page });
    expect(result.outputTokens).toBe(reference.encode(page).length);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

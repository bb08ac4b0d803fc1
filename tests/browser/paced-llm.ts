import { FakeOpenAiServer } from '@autowebiq/testing';

export interface PacedLlm {
  /** Environment for startPlatform: the platform's LLM calls go to the fake vendor. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A browser needs time to act "mid-build" (screenshot, reload, drop the
 * connection), and a warm offline build finishes in about 1.5 s. So the agents
 * talk to the fake OpenAI-compatible vendor (the one allowed fake, local like
 * the offline provider), which answers every call after a pause, streaming
 * word by word: a build takes several seconds, and every step of the pipeline
 * (the provider's real HTTP client, usage from the API's counts) still runs.
 */
export async function startPacedLlm(
  delayMs = Number(process.env.BROWSER_LLM_DELAY_MS ?? 300),
): Promise<PacedLlm> {
  const fake = new FakeOpenAiServer({ defaultReply: { delayMs, chunkDelayMs: 20 } });
  const running = await fake.start();
  return {
    env: {
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: running.url,
      OPENAI_API_KEY: 'sk-fake-browser-tests',
      OPENAI_MAX_RETRIES: '0',
    },
    close: () => running.close(),
  };
}

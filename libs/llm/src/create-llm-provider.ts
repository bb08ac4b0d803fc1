import type { LlmProvider, LlmProviderName } from './llm-provider';
import { OfflineProvider } from './offline-provider';
import { OpenAiProvider } from './openai-provider';

export interface LlmProviderOptions {
  provider: LlmProviderName;
  /** OpenAI-compatible endpoint with `/v1`; OpenAI's own when absent. */
  baseUrl?: string;
  apiKey?: string;
  timeoutMs: number;
  maxRetries: number;
  /** Backoff before the first retry (default 500 ms), doubling up to `retryMaxDelayMs` (default 8 s). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** The worker passes its config values; this lib never reads the environment. */
export function createLlmProvider(options: LlmProviderOptions): LlmProvider {
  if (options.provider === 'offline') return new OfflineProvider();
  if (!options.apiKey) throw new Error('The openai LLM provider needs an API key (OPENAI_API_KEY)');
  return new OpenAiProvider({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl ?? OPENAI_BASE_URL,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    baseDelayMs: options.retryBaseDelayMs ?? 500,
    maxDelayMs: options.retryMaxDelayMs ?? 8_000,
  });
}

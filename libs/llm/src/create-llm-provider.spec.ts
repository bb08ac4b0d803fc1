import { createLlmProvider } from './create-llm-provider';

describe('createLlmProvider', () => {
  it('builds the provider that was asked for', () => {
    expect(createLlmProvider({ provider: 'offline', timeoutMs: 1, maxRetries: 0 }).name).toBe('offline');
    const openai = createLlmProvider({ provider: 'openai', apiKey: 'sk', timeoutMs: 1000, maxRetries: 3 });
    expect(openai.name).toBe('openai');
  });

  it('refuses an OpenAI provider without a key', () => {
    expect(() => createLlmProvider({ provider: 'openai', timeoutMs: 1000, maxRetries: 3 })).toThrow(
      'The openai LLM provider needs an API key (OPENAI_API_KEY)',
    );
  });
});

import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.LLM_PROVIDER).toBe('offline');
    expect(c.models.planner).toBe('local-template');
    expect(c.REFUND_ON_PLATFORM_FAILURE).toBe(true);
  });

  it('names every bad variable at once', () => {
    expect.assertions(4);
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'not a url', LLM_PROVIDER: 'magic' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('REDIS_URL');
      expect(msg).toContain('LLM_PROVIDER');
    }
  });

  it("leaves the price rates unset, so a PRICE_TABLE_FILE's own rates are not overridden by a default", () => {
    const c = loadConfig({ PRICE_TABLE_FILE: '/etc/autowebiq/prices.json' });
    expect(c.TOKENS_PER_CREDIT).toBeUndefined();
    expect(c.IMAGE_TOKEN_EQUIVALENT).toBeUndefined();
    expect(loadConfig({ TOKENS_PER_CREDIT: '4000' }).TOKENS_PER_CREDIT).toBe(4000);
  });

  it('refuses a model the offline provider would not run, naming the variable', () => {
    expect(() => loadConfig({ MODEL_FRONTEND: 'gpt-5', MODEL_IMAGE: 'dall-e-3' })).toThrow(
      /MODEL_IMAGE: must be local-template[\s\S]*MODEL_FRONTEND: must be local-template/,
    );
    expect(loadConfig({ MODEL_FRONTEND: 'local-template' }).models.frontend).toBe('local-template');
  });

  it('refuses production without an admin token', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ADMIN_TOKEN/);
  });

  it('DEMO_CREDITS takes what POST /v1/accounts takes: 0 to 1e9 credits with at most 6 decimals', () => {
    expect(loadConfig({}).DEMO_CREDITS).toBe(100);
    expect(loadConfig({ DEMO_CREDITS: '0' }).DEMO_CREDITS).toBe(0);
    expect(loadConfig({ DEMO_CREDITS: '12.345678' }).DEMO_CREDITS).toBe(12.345678);
    expect(loadConfig({ DEMO_CREDITS: '1000000000' }).DEMO_CREDITS).toBe(1_000_000_000);
    for (const bad of ['-1', '1000000000.5', '1e10', '0.1234567', '1e-7', 'lots', 'Infinity']) {
      expect(() => loadConfig({ DEMO_CREDITS: bad })).toThrow(/DEMO_CREDITS/);
    }
  });

  it('uses openai models when the openai provider is chosen', () => {
    const c = loadConfig({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'k', MODEL_FRONTEND: 'gpt-5' });
    expect(c.models).toEqual({ planner: 'gpt-4o', image: 'dall-e-3', frontend: 'gpt-5', testing: 'gpt-4o' });
  });
});

import { usageEventSchema } from '@autowebiq/contracts';
import type { ChatResult, ImageResult } from './llm-provider';
import { toUsageEvent, type UsageContext } from './usage-event';

const chat: ChatResult = {
  content: '{}',
  model: 'gpt-5',
  inputTokens: 812,
  outputTokens: 2417,
  durationMs: 5321,
  usageSource: 'provider',
};
const image: ImageResult = {
  model: 'dall-e-3',
  images: 1,
  inputTokens: 0,
  outputTokens: 0,
  durationMs: 9000,
  url: 'x',
};
const ctx: UsageContext = {
  buildId: '6f1c2a10-8d1e-4b7a-9a55-3c2f0e4d5b61',
  accountId: '0b8d7e52-4e0f-4a83-9d0c-6a1f2b3c4d5e',
  agent: 'frontend',
  attempt: 2,
  callIndex: 3,
  at: new Date('2025-01-02T03:04:05.678Z'),
};

describe('toUsageEvent', () => {
  it("turns a chat result into the usage stream's event with a deterministic id", () => {
    const event = toUsageEvent(chat, ctx);
    expect(event).toEqual({
      event_id: '6f1c2a10-8d1e-4b7a-9a55-3c2f0e4d5b61:frontend:2:3',
      build_id: ctx.buildId,
      account_id: ctx.accountId,
      agent: 'frontend',
      model: 'gpt-5',
      attempt: 2,
      call_index: 3,
      input_tokens: 812,
      output_tokens: 2417,
      images: 0,
      duration_ms: 5321,
      ts: '2025-01-02T03:04:05.678Z',
    });
    expect(usageEventSchema.safeParse(event).success).toBe(true);
    expect(toUsageEvent(chat, ctx)).toEqual(event);
  });

  it('carries the image count of an image call', () => {
    expect(toUsageEvent(image, { ...ctx, agent: 'image', callIndex: 0 })).toMatchObject({
      event_id: `${ctx.buildId}:image:2:0`,
      model: 'dall-e-3',
      images: 1,
      input_tokens: 0,
    });
  });

  it('refuses to produce an event the billing service would reject', () => {
    expect(() => toUsageEvent(chat, { ...ctx, buildId: 'build-1' })).toThrow();
    expect(() => toUsageEvent(chat, { ...ctx, attempt: 0 })).toThrow();
    expect(() => toUsageEvent({ ...chat, outputTokens: 1.5 }, ctx)).toThrow();
  });
});

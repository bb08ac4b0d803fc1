import { type AgentType, type UsageEvent, usageEventId, usageEventSchema } from '@autowebiq/contracts';
import type { ChatResult, ImageResult } from './llm-provider';

export interface UsageContext {
  buildId: string;
  accountId: string;
  agent: AgentType;
  /** The job attempt (1 for the first run), so a rerun after a crash is metered apart from the first. */
  attempt: number;
  /** The call's position within the attempt, counted from 0. */
  callIndex: number;
  /** When the call ended; now by default. */
  at?: Date;
}

/** The usage event of one successful call, validated here where it is produced. */
export function toUsageEvent(result: ChatResult | ImageResult, ctx: UsageContext): UsageEvent {
  return usageEventSchema.parse({
    event_id: usageEventId(ctx.buildId, ctx.agent, ctx.attempt, ctx.callIndex),
    build_id: ctx.buildId,
    account_id: ctx.accountId,
    agent: ctx.agent,
    model: result.model,
    attempt: ctx.attempt,
    call_index: ctx.callIndex,
    input_tokens: result.inputTokens,
    output_tokens: result.outputTokens,
    images: 'images' in result ? result.images : 0,
    duration_ms: result.durationMs,
    ts: (ctx.at ?? new Date()).toISOString(),
  });
}

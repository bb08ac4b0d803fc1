import { setImmediate as nextTurn } from 'node:timers/promises';
import { LlmAbortedError } from './llm-errors';
import type { ChatRequest, ChatResult, ImageRequest, ImageResult, LlmProvider } from './llm-provider';
import { countChatTokens, countTokens } from './token-counter';

/** The model name the offline provider reports; the price table prices it at multiplier 1.0. */
export const OFFLINE_MODEL = 'local-template';

/** Progress reports per answer: enough for the running count to move, few enough to stay cheap. */
const PROGRESS_STEPS = 4;

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LlmAbortedError();
}

/**
 * Answers without a network: the caller supplies what a model would say, and the tokens are counted with
 * a real tokenizer over the exchanged text, so offline builds are metered like real ones.
 */
export class OfflineProvider implements LlmProvider {
  readonly name = 'offline' as const;

  async chat(request: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    throwIfAborted(request.signal);
    const content = request.offlineResponse();
    const inputTokens = countChatTokens(request.messages);
    const outputTokens = countTokens(content);
    if (request.onProgress) {
      for (let step = 1; step <= PROGRESS_STEPS; step++) {
        // A turn of the event loop per step, as a stream would take, so a cancel can land mid-answer.
        await nextTurn();
        throwIfAborted(request.signal);
        request.onProgress({ inputTokens, outputTokens: Math.round((outputTokens * step) / PROGRESS_STEPS) });
      }
    }
    throwIfAborted(request.signal);
    return {
      content,
      model: OFFLINE_MODEL,
      inputTokens,
      outputTokens,
      durationMs: Math.round(performance.now() - started),
      usageSource: 'tokenizer',
    };
  }

  /** Billed like a per-image model (DALL·E 3): one image, no tokens. */
  async image(request: ImageRequest): Promise<ImageResult> {
    const started = performance.now();
    throwIfAborted(request.signal);
    const { svg } = request.offlineResponse();
    await nextTurn();
    throwIfAborted(request.signal);
    return {
      model: OFFLINE_MODEL,
      images: 1,
      inputTokens: 0,
      outputTokens: 0,
      durationMs: Math.round(performance.now() - started),
      svg,
    };
  }
}

import OpenAI from 'openai';
import { AttemptGuard } from './attempt-guard';
import { LlmAbortedError } from './llm-errors';
import type {
  ChatRequest,
  ChatResult,
  ImageRequest,
  ImageResult,
  LlmProgress,
  LlmProvider,
} from './llm-provider';
import { type AttemptFailure, CallerError, type RetryPolicy, withRetries } from './retry';
import { countChatTokens, countTokens } from './token-counter';

export interface OpenAiProviderOptions extends RetryPolicy {
  apiKey: string;
  /** Any OpenAI-compatible endpoint, `/v1` included. */
  baseUrl: string;
  /** Longest silence accepted from the vendor: before the answer starts, and between streamed chunks. */
  timeoutMs: number;
}

const STATUSES_WORTH_RETRYING = new Set([408, 409, 429]);

/** The vendor went quiet for longer than the timeout. */
class AttemptTimedOut extends Error {}

/** The vendor answered, but not all of it: a stream ended early, or an image call held no image. */
class IncompleteAnswer extends Error {}

export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai' as const;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiProviderOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      // Settings come from libs/config only; without these the SDK would read its own env variables.
      organization: null,
      project: null,
      webhookSecret: null,
      logLevel: 'warn',
      // Retries are ours: the SDK's backoff cannot be shortened, and it never retries a broken stream.
      maxRetries: 0,
      timeout: options.timeoutMs,
    });
  }

  chat(request: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    const estimatedInput = countChatTokens(request.messages);
    return withRetries(this.options, request.signal, {
      attempt: () =>
        this.guarded(request.signal, async (guard) => {
          const stream = await this.client.chat.completions.create(
            {
              model: request.model,
              messages: request.messages,
              stream: true,
              stream_options: { include_usage: true },
              ...(request.responseFormat === 'json'
                ? { response_format: { type: 'json_object' as const } }
                : {}),
            },
            { signal: guard.signal },
          );
          let content = '';
          let streamedTokens = 0;
          let finished = false;
          let usage: OpenAI.CompletionUsage | undefined;
          for await (const chunk of stream) {
            guard.touch();
            if (chunk.usage) usage = chunk.usage;
            const choice = chunk.choices[0];
            if (choice?.finish_reason) finished = true;
            const delta = choice?.delta?.content;
            if (!delta) continue;
            content += delta;
            streamedTokens += countTokens(delta);
            report(request.onProgress, { inputTokens: estimatedInput, outputTokens: streamedTokens });
          }
          // The SDK ends the iteration quietly when the signal fires, so a short read may be an abort.
          if (guard.signal.aborted) throw new LlmAbortedError();
          if (!finished) throw new IncompleteAnswer('the answer stream ended before the model finished');
          return {
            content,
            model: request.model,
            inputTokens: usage?.prompt_tokens ?? estimatedInput,
            outputTokens: usage?.completion_tokens ?? countTokens(content),
            durationMs: Math.round(performance.now() - started),
            usageSource: usage ? 'provider' : 'tokenizer',
          };
        }),
      classify: (error) => this.classify(error),
      describe: (failure, retries) => this.describe(failure, retries),
    });
  }

  image(request: ImageRequest): Promise<ImageResult> {
    const started = performance.now();
    return withRetries(this.options, request.signal, {
      attempt: () =>
        this.guarded(request.signal, async (guard) => {
          const response = await this.client.images.generate(
            {
              model: request.model,
              prompt: request.prompt,
              n: 1,
              ...(request.size ? { size: request.size } : {}),
              ...(request.responseFormat ? { response_format: request.responseFormat } : {}),
            },
            { signal: guard.signal },
          );
          const images = response.data ?? [];
          if (images.length === 0) throw new IncompleteAnswer('the answer held no image');
          return {
            model: request.model,
            images: images.length,
            // Only token-priced image models report usage; the others are billed per image.
            inputTokens: response.usage?.input_tokens ?? 0,
            outputTokens: response.usage?.output_tokens ?? 0,
            durationMs: Math.round(performance.now() - started),
            b64: images[0].b64_json,
            url: images[0].url,
          };
        }),
      classify: (error) => this.classify(error),
      describe: (failure, retries) => this.describe(failure, retries),
    });
  }

  private async guarded<T>(
    signal: AbortSignal | undefined,
    run: (guard: AttemptGuard) => Promise<T>,
  ): Promise<T> {
    const guard = new AttemptGuard(signal, this.options.timeoutMs);
    try {
      return await run(guard);
    } catch (error) {
      if (signal?.aborted) throw new LlmAbortedError();
      if (guard.timedOut) throw new AttemptTimedOut('timed out', { cause: error });
      throw error;
    } finally {
      guard.dispose();
    }
  }

  private classify(error: unknown): AttemptFailure | undefined {
    if (error instanceof AttemptTimedOut || error instanceof OpenAI.APIConnectionTimeoutError) {
      return { kind: 'timeout', retryable: true, cause: error };
    }
    if (error instanceof IncompleteAnswer) return { kind: 'protocol', retryable: true, cause: error };
    if (error instanceof OpenAI.APIConnectionError)
      return { kind: 'connection', retryable: true, cause: error };
    if (error instanceof OpenAI.APIError) {
      // No status: the vendor sent an error event inside a stream it had already started, a server fault.
      const status = error.status as number | undefined;
      if (status === undefined) return { kind: 'http', retryable: true, cause: error };
      return {
        kind: 'http',
        status,
        retryable: STATUSES_WORTH_RETRYING.has(status) || status >= 500,
        retryAfterMs: retryAfterMs(error.headers),
        cause: error,
      };
    }
    if (isNetworkFailure(error)) return { kind: 'connection', retryable: true, cause: error };
    return undefined;
  }

  private describe(failure: AttemptFailure, retries: number): string {
    const after = retries === 0 ? '' : ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}`;
    const detail = vendorMessage(failure.cause);
    switch (failure.kind) {
      case 'timeout':
        return `The model provider did not answer within ${this.options.timeoutMs} ms${after}`;
      case 'connection':
        return `The connection to the model provider at ${this.options.baseUrl} failed${after}: ${detail}`;
      case 'protocol':
        return `The model provider sent an incomplete answer${after}: ${detail}`;
      case 'http':
        if (failure.status === undefined)
          return `The model provider failed while answering${after}: ${detail}`;
        return failure.retryable
          ? `The model provider returned HTTP ${failure.status}${after}: ${detail}`
          : `The model provider rejected the request with HTTP ${failure.status}: ${detail}`;
    }
  }
}

function report(onProgress: ChatRequest['onProgress'], progress: LlmProgress): void {
  if (!onProgress) return;
  try {
    onProgress(progress);
  } catch (error) {
    throw new CallerError('onProgress threw', { cause: error });
  }
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

const NETWORK_ERROR_CODE = /^(UND_ERR|ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)/;

/**
 * A connection cut while the body streams in reaches us as undici's bare `TypeError: terminated`, not as
 * an SDK error. Judged by shape, not `instanceof`: undici's errors come from Node's own realm.
 */
function isNetworkFailure(error: unknown): boolean {
  for (
    let e = error as { message?: unknown; code?: unknown; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.message === 'terminated' || (typeof e.code === 'string' && NETWORK_ERROR_CODE.test(e.code)))
      return true;
  }
  return false;
}

/** The vendor's own words without the SDK's status prefix, or the root cause of a network failure. */
function vendorMessage(cause: unknown): string {
  if (cause instanceof OpenAI.APIError) {
    const body = cause.error as { message?: unknown } | undefined;
    if (typeof body?.message === 'string') return body.message;
  }
  type Chained = { message?: unknown; cause?: unknown };
  let root = cause as Chained;
  while (root.cause && typeof (root.cause as Chained).message === 'string') root = root.cause as Chained;
  const top =
    typeof (cause as Chained).message === 'string' ? String((cause as Chained).message) : String(cause);
  return root === cause ? top : `${top} (${String(root.message)})`;
}

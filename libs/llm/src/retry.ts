import { LlmAbortedError, LlmProviderError, type LlmFailureKind } from './llm-errors';

export interface RetryPolicy {
  /** Retries after the first request; 3 means at most 4 requests. */
  maxRetries: number;
  /** Wait before the first retry; doubles with each further retry, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** One failed request, classified well enough to decide whether another try can help. */
export interface AttemptFailure {
  kind: LlmFailureKind;
  retryable: boolean;
  status?: number;
  /** What the vendor asked for in `retry-after(-ms)`. */
  retryAfterMs?: number;
  cause: unknown;
}

/** Vendors ask for longer waits during outages; beyond this, waiting costs more than failing the job. */
const MAX_HONOURED_RETRY_AFTER_MS = 60_000;

export function retryDelayMs(policy: RetryPolicy, retryNumber: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0 && retryAfterMs <= MAX_HONOURED_RETRY_AFTER_MS) {
    return retryAfterMs;
  }
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  // Jitter spreads the retries of many workers hit by the same outage.
  return Math.round(exponential * (1 - Math.random() * 0.25));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmAbortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LlmAbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An error of the caller's own code (a callback that threw): it travels unchanged and is never retried. */
export class CallerError extends Error {}

export interface RetryHooks<T> {
  attempt: (attemptNumber: number) => Promise<T>;
  /** Returns undefined for an error that is not the vendor's; it travels to the caller unchanged. */
  classify: (error: unknown) => AttemptFailure | undefined;
  /** Words a person understands, given how many retries were spent. */
  describe: (failure: AttemptFailure, retries: number) => string;
}

/**
 * Runs one logical call: only its last, successful request produces a result, so a rate-limited request
 * followed by a good one bills once.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  hooks: RetryHooks<T>,
) {
  for (let retries = 0; ; retries++) {
    try {
      return await hooks.attempt(retries + 1);
    } catch (error) {
      if (signal?.aborted || error instanceof LlmAbortedError) throw new LlmAbortedError();
      if (error instanceof CallerError) throw error.cause;
      const failure = hooks.classify(error);
      if (!failure) throw error;
      if (!failure.retryable || retries >= policy.maxRetries) {
        throw new LlmProviderError({
          kind: failure.kind,
          status: failure.status,
          retryable: failure.retryable,
          attempts: retries + 1,
          message: hooks.describe(failure, retries),
          cause: failure.cause,
        });
      }
      await sleep(retryDelayMs(policy, retries + 1, failure.retryAfterMs), signal);
    }
  }
}

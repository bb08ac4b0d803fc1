export interface RetryPolicy {
  /** Attempts after the first. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 20_000 };

/** `Retry-After` is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Full-jitter exponential backoff (so many clients retrying after one outage do
 * not arrive together), but never sooner than the server asked.
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = Math.round(ceiling * (0.5 + random() / 2));
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/**
 * Which answers are worth another attempt. 429 and 503 mean the server did not
 * do the work. A lost connection may have done it, so it is retried only when a
 * repeat is harmless: a safe method, or a POST that carries an idempotency key.
 * A 409 `idempotency_in_progress` means the first attempt is still running.
 */
export function isRetryable(
  outcome: { status: number; code?: string } | 'network_error',
  repeatable: boolean,
): boolean {
  if (outcome === 'network_error') return repeatable;
  if (outcome.status === 429 || outcome.status === 503) return true;
  if (outcome.status === 409 && outcome.code === 'idempotency_in_progress') return repeatable;
  return (outcome.status === 502 || outcome.status === 504) && repeatable;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

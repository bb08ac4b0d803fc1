import { AutoWebIQError, ConnectionError, errorFromResponse } from './errors';
import { newIdempotencyKey } from './idempotency';
import { DEFAULT_RETRY, isRetryable, parseRetryAfter, retryDelay, sleep, type RetryPolicy } from './retry';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`: an API key, or the operator's admin token. */
  token?: string;
  /** Defaults to the global fetch (Node 20 and browsers). */
  fetch?: FetchLike;
  retry?: Partial<RetryPolicy>;
  /** Per attempt. */
  timeoutMs?: number;
  /** A Retry-After longer than this is not waited for; the error is thrown instead. */
  maxRetryAfterMs?: number;
  headers?: Record<string, string>;
}

/** Per-call knobs every SDK method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A credit-moving POST: the key is generated per call unless given, and reused by that call's retries. */
export interface IdempotentCallOptions extends CallOptions {
  idempotencyKey?: string;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  idempotencyKey?: string;
  /** Whether repeating the request after a lost connection is harmless. */
  repeatable: boolean;
  as?: 'json' | 'arrayBuffer';
  auth?: boolean;
}

export interface TransportResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const qs = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${baseUrl.replace(/\/+$/, '')}${path}${qs ? `?${qs}` : ''}`;
}

/** fetch with the API's auth, error shape, per-attempt timeout and retries. */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly policy: RetryPolicy;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    // Browsers throw "Illegal invocation" when fetch is called detached from window.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  get token(): string | undefined {
    return this.options.token;
  }

  url(path: string, query?: Query): string {
    return buildUrl(this.baseUrl, path, query);
  }

  /** A POST that moves credits: one idempotency key for the call and all its retries. */
  async postIdempotent<T>(path: string, body: unknown, call: IdempotentCallOptions = {}): Promise<T> {
    const idempotencyKey = call.idempotencyKey ?? newIdempotencyKey();
    return (await this.request<T>({ method: 'POST', path, body, idempotencyKey, repeatable: true }, call))
      .data;
  }

  async request<T>(spec: RequestSpec, call: CallOptions = {}): Promise<TransportResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers };
    if (spec.auth !== false && this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const url = this.url(spec.path, spec.query);
    const repeatable = spec.repeatable || spec.idempotencyKey !== undefined;

    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.attempt(url, { method: spec.method, headers, body }, call);
      } catch (error) {
        if (call.signal?.aborted || !(error instanceof ConnectionError)) throw error;
        if (attempt >= this.policy.maxRetries || !isRetryable('network_error', repeatable)) throw error;
        await sleep(retryDelay(attempt, this.policy), call.signal);
        continue;
      }
      if (response.ok) {
        const data = (
          response.status === 204
            ? undefined
            : spec.as === 'arrayBuffer'
              ? await response.arrayBuffer()
              : await readJson(response)
        ) as T;
        return { data, status: response.status, headers: response.headers };
      }
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const error = errorFromResponse(
        response.status,
        await readJson(response).catch(() => null),
        retryAfterMs,
      );
      const waitable = retryAfterMs === undefined || retryAfterMs <= (this.options.maxRetryAfterMs ?? 60_000);
      if (
        attempt >= this.policy.maxRetries ||
        !waitable ||
        !isRetryable({ status: error.status, code: error.code }, repeatable)
      )
        throw error;
      await sleep(retryDelay(attempt, this.policy, retryAfterMs), call.signal);
    }
  }

  private async attempt(url: string, init: RequestInit, call: CallOptions): Promise<Response> {
    const controller = new AbortController();
    const timeoutMs = call.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const onAbort = () => controller.abort(call.signal?.reason);
    call.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.fetchImpl(url, { ...init, signal: controller.signal });
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason ?? error;
      if (controller.signal.aborted)
        throw new ConnectionError('timeout', `No answer from ${url} within ${timeoutMs} ms`, {
          cause: error,
        });
      throw new ConnectionError(
        'network_error',
        `Could not reach ${url}: ${(error as Error)?.message ?? error}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    }
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    if (response.ok)
      throw new AutoWebIQError(response.status, 'unexpected_response', `Expected JSON from ${response.url}`);
    return null;
  }
}

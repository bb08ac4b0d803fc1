import type { ErrorCode, InsufficientCreditsDetails } from '@autowebiq/contracts';

/** Every failure the SDK reports: the HTTP status (0 when no response came), the API's error code and details. */
export class AutoWebIQError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network_error' | 'timeout' | 'aborted' | 'unexpected_response' | (string & {});
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    // Subclasses only name the kind of failure; bundlers must keep class names (esbuild keepNames).
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export class BadRequestError extends AutoWebIQError {}
export class AuthenticationError extends AutoWebIQError {}
export class PermissionDeniedError extends AutoWebIQError {}
export class NotFoundError extends AutoWebIQError {}
/** 409: an idempotency key reused with another body, or its first request still in flight. */
export class ConflictError extends AutoWebIQError {}
export class PayloadTooLargeError extends AutoWebIQError {}
export class UnprocessableEntityError extends AutoWebIQError {}
export class InternalServerError extends AutoWebIQError {}

/** 429 and 503 carry how long the server asked us to wait (already honoured by the SDK's retries). */
export abstract class RetryLaterError extends AutoWebIQError {
  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(status, code, message, details);
  }
}
export class RateLimitError extends RetryLaterError {}
export class ServiceUnavailableError extends RetryLaterError {}

/** 402: the hold the build needs is more than the wallet has. Amounts in credits, exact values in µcr strings. */
export class InsufficientCreditsError extends AutoWebIQError {
  readonly required: number;
  readonly available: number;
  readonly requiredMicro: string | undefined;
  readonly availableMicro: string | undefined;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> | undefined) {
    super(status, code, message, details);
    const d = (details ?? {}) as Partial<InsufficientCreditsDetails>;
    this.required = Number(d.required ?? NaN);
    this.available = Number(d.available ?? NaN);
    this.requiredMicro = d.required_micro;
    this.availableMicro = d.available_micro;
  }
}

/** No HTTP answer at all: DNS, refused connection, reset, or the per-attempt timeout. */
export class ConnectionError extends AutoWebIQError {
  constructor(code: 'network_error' | 'timeout', message: string, options?: { cause?: unknown }) {
    super(0, code, message);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/**
 * A Socket.IO failure: `unauthorized` (the key refused at connect, or revoked while connected), or a
 * `subscribe` ack with `ok: false`.
 */
export class RealtimeError extends AutoWebIQError {
  constructor(code: string, message: string) {
    super(0, code, message);
  }
}

type ErrorClass = new (
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> | undefined,
  retryAfterMs: number | undefined,
) => AutoWebIQError;

/** The typed error and the code to assume when the body does not name one. */
const BY_STATUS: Record<number, [ErrorClass, string]> = {
  400: [BadRequestError, 'bad_request'],
  401: [AuthenticationError, 'unauthorized'],
  402: [InsufficientCreditsError, 'insufficient_credits'],
  403: [PermissionDeniedError, 'forbidden'],
  404: [NotFoundError, 'not_found'],
  409: [ConflictError, 'idempotency_conflict'],
  413: [PayloadTooLargeError, 'payload_too_large'],
  422: [UnprocessableEntityError, 'unprocessable'],
  429: [RateLimitError, 'rate_limited'],
  503: [ServiceUnavailableError, 'unavailable'],
};

/**
 * Turns a non-2xx answer into its typed error. The body is used when it has the
 * API's `{ error: { code, message, details } }` shape; a proxy's HTML page or an
 * empty body still yields an error with a code derived from the status.
 */
export function errorFromResponse(status: number, body: unknown, retryAfterMs?: number): AutoWebIQError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const [ErrorType, defaultCode] =
    BY_STATUS[status] ??
    (status >= 500 ? [InternalServerError, 'internal'] : [AutoWebIQError, 'bad_request']);
  const code = typeof err?.code === 'string' ? err.code : defaultCode;
  const message = typeof err?.message === 'string' ? err.message : `HTTP ${status}`;
  const details =
    err?.details && typeof err.details === 'object' ? (err.details as Record<string, unknown>) : undefined;
  return new ErrorType(status, code, message, details, retryAfterMs);
}

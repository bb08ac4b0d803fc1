/** Thrown when the caller's signal aborted the call (a cancelled or over-budget build). */
export class LlmAbortedError extends Error {
  override readonly name = 'AbortError';

  constructor(message = 'The model call was aborted') {
    super(message);
  }
}

export type LlmFailureKind = 'http' | 'timeout' | 'connection' | 'protocol';

export interface LlmProviderErrorInit {
  kind: LlmFailureKind;
  message: string;
  retryable: boolean;
  /** Requests sent, the first one included. */
  attempts: number;
  status?: number;
  cause?: unknown;
}

/**
 * The provider gave up on a call. `retryable` says whether the failure was of a passing kind (rate
 * limit, server error, timeout, lost connection) — retries were already spent on it here, but a later
 * job attempt may succeed — or one that will fail the same way again (bad request, bad key).
 */
export class LlmProviderError extends Error {
  override readonly name = 'LlmProviderError';
  readonly kind: LlmFailureKind;
  readonly retryable: boolean;
  readonly attempts: number;
  readonly status?: number;

  constructor(init: LlmProviderErrorInit) {
    super(init.message, { cause: init.cause });
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.attempts = init.attempts;
    this.status = init.status;
  }
}

import type { ApiErrorBody, ErrorCode } from '@autowebiq/contracts';

/** An answer the client caused or must act on; becomes `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details && { details: this.details }) } };
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** 400 naming every bad field in the message and in `details.fields`. */
export function invalidFields(problems: FieldProblem[], extra: Record<string, unknown> = {}): ApiError {
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new ApiError(400, 'validation_failed', message, { fields: problems, ...extra });
}

/** Other accounts' objects are "not found" too: their existence is not ours to reveal. */
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

/**
 * A stored idempotent response being sent again. Thrown so that the exception
 * filter, which controls status and headers, sends it exactly as first answered.
 */
export class ReplayedResponse extends Error {
  constructor(
    readonly status: number,
    /** The first answer's JSON text. */
    readonly body: string,
  ) {
    super('replayed idempotent response');
  }
}

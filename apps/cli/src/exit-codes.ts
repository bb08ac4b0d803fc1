import {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  InsufficientCreditsError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  RealtimeError,
  ServiceUnavailableError,
  UnprocessableEntityError,
} from '@autowebiq/sdk';

/** What `autowebiq` exits with; scripts branch on these, so a value never changes meaning. */
export enum ExitCode {
  Ok = 0,
  /** Anything not listed below. */
  Error = 1,
  /** Bad arguments or a request the API refused as invalid (400, 413, 422). */
  Usage = 2,
  /** 402: the wallet cannot cover the build's hold. */
  InsufficientCredits = 3,
  /** The build ended `failed` or `over_budget`. */
  BuildFailed = 4,
  /** The build ended `cancelled`. */
  BuildCancelled = 5,
  /** No key, or the key was refused (401, 403). */
  Unauthorized = 6,
  /** 404: no such build (or not yours). */
  NotFound = 7,
  /** The platform could not be reached or asked to retry later (network, 429, 503). */
  Unavailable = 8,
  /** Interrupted by a second Ctrl-C. */
  Interrupted = 130,
}

/** A mistake in how the CLI was called; its message is shown with a hint to `--help`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** No API key from a flag, the environment or `autowebiq login`. */
export class NotLoggedInError extends Error {
  override name = 'NotLoggedInError';
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError) return ExitCode.Usage;
  if (error instanceof NotLoggedInError) return ExitCode.Unauthorized;
  if (error instanceof InsufficientCreditsError) return ExitCode.InsufficientCredits;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError)
    return ExitCode.Unauthorized;
  if (error instanceof RealtimeError) {
    if (error.code === 'unauthorized') return ExitCode.Unauthorized;
    if (error.code === 'not_found') return ExitCode.NotFound;
    return ExitCode.Unavailable;
  }
  if (error instanceof NotFoundError) return ExitCode.NotFound;
  if (
    error instanceof BadRequestError ||
    error instanceof UnprocessableEntityError ||
    error instanceof PayloadTooLargeError
  ) {
    return ExitCode.Usage;
  }
  if (
    error instanceof ConnectionError ||
    error instanceof ServiceUnavailableError ||
    error instanceof RateLimitError
  ) {
    return ExitCode.Unavailable;
  }
  return ExitCode.Error;
}

export {
  AutoWebIQ,
  paginate,
  type AutoWebIQOptions,
  type PageQuery,
  type UsageQuery,
  type WatchOptions,
} from './client';
export { AutoWebIQAdmin, type AutoWebIQAdminOptions } from './admin-client';
export {
  RealtimeConnection,
  type ConnectionState,
  type RealtimeConnectionEvents,
  type RealtimeOptions,
} from './realtime-connection';
export { BuildSubscription, type BuildSubscriptionEvents, type TerminalEvent } from './build-subscription';
export { BalanceTracker, type BalanceTrackerEvents } from './balance-tracker';
export { SeqOrderer } from './seq-orderer';
export {
  AutoWebIQError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InsufficientCreditsError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  RealtimeError,
  ServiceUnavailableError,
  UnprocessableEntityError,
  errorFromResponse,
} from './errors';
export { type CallOptions, type FetchLike, type IdempotentCallOptions } from './http-transport';
export { DEFAULT_RETRY, parseRetryAfter, retryDelay, type RetryPolicy } from './retry';
export { newIdempotencyKey } from './idempotency';
export { formatCreditNumber, formatCredits, parseCredits } from './credits-format';
export type * from '@autowebiq/contracts';

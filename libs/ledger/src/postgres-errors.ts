/** Postgres codes worth running the whole transaction again for: deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);
/** Primary keys a second reservation of the same build id runs into. */
const BUILD_KEYS = new Set(['builds_pkey', 'ledger_accounts_pkey']);

export const isRetryable = (e: unknown): boolean => RETRYABLE.has((e as { code?: string }).code ?? '');

export const isBuildKeyViolation = (e: unknown): boolean =>
  (e as { code?: string }).code === '23505' && BUILD_KEYS.has((e as { constraint?: string }).constraint ?? '');

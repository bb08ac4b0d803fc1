/** Seconds a client should wait before trying again while a dependency is down. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;
/** Seconds a client should wait before trying again when the gateway refused it for having too much queued. */
export const OVERLOADED_RETRY_AFTER_S = 1;

/** A dependency (Postgres or Redis) did not answer; the request may be retried as is. */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: 'postgres' | 'redis',
    cause?: unknown,
  ) {
    super(`${dependency} is unavailable`, { cause });
    this.name = 'DependencyUnavailableError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** Postgres SQLSTATEs meaning "the server is not there for you right now" (class 08, shutdown, too many clients). */
const PG_UNAVAILABLE = /^(08|57P0[123]|53300)/;
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not open|the database system is (starting up|shutting down)/i;
const REDIS_MESSAGES =
  /MaxRetriesPerRequest|Connection is closed|Stream isn't writeable|Redis command timed out|LOADING|READONLY/;

/** Which dependency an error says is down, if any. TypeORM wraps the driver's error in `driverError`. */
export function unavailableDependency(e: unknown): 'postgres' | 'redis' | null {
  if (e instanceof DependencyUnavailableError) return e.dependency;
  if (!(e instanceof Error)) return null;
  const err = e as Error & { code?: string; driverError?: unknown; name: string };
  if (err.driverError) return unavailableDependency(err.driverError);
  if (err.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(err.message)) return 'redis';
  if (typeof err.code === 'string' && PG_UNAVAILABLE.test(err.code)) return 'postgres';
  if (PG_MESSAGES.test(err.message)) return 'postgres';
  // ioredis never surfaces socket errors on commands (it retries, then MaxRetriesPerRequest), so these are pg's.
  if (typeof err.code === 'string' && NETWORK_CODES.has(err.code)) return 'postgres';
  return null;
}

/** Rejects with DependencyUnavailableError when `promise` takes longer than `ms`. */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  dependency: 'postgres' | 'redis',
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DependencyUnavailableError(dependency, new Error(`no answer in ${ms} ms`))),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

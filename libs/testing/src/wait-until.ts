import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** 30 s unless given. */
  timeoutMs?: number;
  /** Pause between two probes: 100 ms unless given. What is probed may be the system under test, so not 0. */
  intervalMs?: number;
  /** Stops waiting early, e.g. when the process that should answer has died: the reason, or undefined to go on. */
  abortWhen?: () => string | undefined;
}

export interface WaitUntilOptions<T> extends WaitOptions {
  /** What is awaited, as the failure message says it: "build 42 to end". */
  what: string;
  /** The last value seen, as the failure message shows it; JSON (or the string itself) unless given. */
  describe?: (last: T) => string;
  /** More for the failure message, read only on failure: the last lines of the processes' logs, say. */
  details?: () => string;
}

const SHOWN_CHARS = 2000;

/** A value as a failure message shows it: strings as they are, errors by message, the rest as JSON, cut short. */
function showValue(value: unknown): string {
  let shown: string;
  if (typeof value === 'string') shown = value;
  else if (value instanceof Error) shown = value.message;
  else {
    try {
      shown =
        JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
    } catch {
      shown = String(value);
    }
  }
  return shown.length > SHOWN_CHARS ? `${shown.slice(0, SHOWN_CHARS)}…` : shown;
}

/**
 * Calls `probe` until `done` holds for what it returns, and resolves with that value. When time runs out, or
 * `abortWhen` gives a reason, it rejects with what was awaited and the last value seen. An error the probe
 * throws is not retried: it ends the wait (a probe that expects errors on the way catches them itself).
 */
export async function waitUntil<T, D extends T>(
  probe: () => T | Promise<T>,
  done: (value: T) => value is D,
  opts: WaitUntilOptions<T>,
): Promise<D>;
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  opts: WaitUntilOptions<T>,
): Promise<T>;
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  opts: WaitUntilOptions<T>,
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const fail = (why: string, last: T) => {
    const details = opts.details?.();
    return new Error(
      `${why}; last seen: ${(opts.describe ?? showValue)(last)}${details ? `\n${details}` : ''}`,
    );
  };
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    const reason = opts.abortWhen?.();
    if (reason) throw fail(`gave up waiting for ${opts.what}: ${reason}`, value);
    if (Date.now() > deadline) throw fail(`timed out after ${timeoutMs} ms waiting for ${opts.what}`, value);
    await sleep(opts.intervalMs ?? 100);
  }
}

type Attempt<T> = { passed: true; value: T } | { passed: false; error: unknown };

/**
 * Runs `check` (assertions: expect …) until it passes, and resolves with what it returns. When time runs out
 * the failure says what was awaited and carries the check's last failure, expected and received.
 */
export async function eventually<T>(
  what: string,
  check: () => T | Promise<T>,
  opts: WaitOptions = {},
): Promise<T> {
  const attempt = async (): Promise<Attempt<T>> => {
    try {
      return { passed: true, value: await check() };
    } catch (error) {
      return { passed: false, error };
    }
  };
  const passed = await waitUntil(attempt, (a): a is Attempt<T> & { passed: true } => a.passed, {
    ...opts,
    what,
    describe: (a) => (a.passed ? 'passed' : showValue(a.error)),
  });
  return passed.value;
}

import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second (USER_HZ), the unit of the CPU times in /proc/<pid>/stat: 100 on every Linux Node runs on. */
export const TICKS_PER_SECOND = 100;
export const MS_PER_TICK = 1000 / TICKS_PER_SECOND;

/**
 * User + system CPU time in clock ticks, from the text of /proc/<pid>/stat (utime and stime, fields 14 and 15
 * of proc(5)). Fields are counted from the last ')': the command name before it may hold spaces and ')'.
 */
export function parseStatTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU clock ticks a process has used so far; throws once it has exited. */
export const cpuTicks = (pid: number | string): number =>
  parseStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));

/** The id of every process there is now. */
export const processIds = (): string[] => readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));

/** A process's command line (its arguments NUL-separated), or undefined once it has exited. */
export function commandLine(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * CPU used between two readings of the same processes (pid → CPU so far, in any one unit): the sum over the
 * processes of `after`. One missing from `before` started in between, so all of its CPU counts.
 */
export function spentBetween(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): number {
  let spent = 0;
  for (const [pid, now] of after) spent += now - (before.get(pid) ?? 0);
  return spent;
}

/** The item whose key is the median of the items' keys (the upper one of an even count): a bench's typical round. */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
}

export const median = (values: readonly number[]): number => medianBy(values, (v) => v);

import {
  commandLine,
  cpuTicks,
  median,
  medianBy,
  parseStatTicks,
  processIds,
  spentBetween,
  TICKS_PER_SECOND,
} from '../../bench/measure';

/** /proc/<pid>/stat as Linux writes it: utime (field 14) 250 ticks, stime (field 15) 40. */
const stat = (comm: string) =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 12345 0 7 0 250 40 0 0 20 0 11 0 1000 123456789 4321 18446744073709551615\n`;

describe('bench/measure: CPU time from /proc', () => {
  it('adds utime and stime, in clock ticks', () => {
    expect(parseStatTicks(stat('node'))).toBe(290);
  });

  it('counts fields after the last parenthesis, whatever the command name holds', () => {
    expect(parseStatTicks(stat('postgres: bench (idle) x'))).toBe(290);
  });

  it("reads this process's own ticks as the kernel counts them for getrusage too", () => {
    for (let spin = Date.now(); Date.now() - spin < 100;);
    const usage = process.cpuUsage();
    const ticks = ((usage.user + usage.system) / 1e6) * TICKS_PER_SECOND;
    const read = cpuTicks(process.pid);
    expect(read).toBeGreaterThan(0);
    expect(Math.abs(read - ticks)).toBeLessThanOrEqual(Math.max(5, ticks * 0.1));
  });

  it('lists processes with their command lines, and has none for one that does not exist', () => {
    expect(processIds()).toContain(String(process.pid));
    expect(commandLine(String(process.pid))).toContain('node');
    expect(commandLine('999999999')).toBeUndefined();
  });

  it('sums what each process used between two readings; one that started in between counts in full', () => {
    const before = new Map([
      ['10', 100],
      ['11', 50],
    ]);
    const after = new Map([
      ['10', 130],
      ['12', 7],
    ]);
    expect(spentBetween(before, after)).toBe(30 + 7);
  });
});

describe('bench/measure: medians', () => {
  it('takes the middle value, the upper one of an even count, without reordering its input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(3);
  });

  it('picks the item whose key is the median', () => {
    const rounds = [{ p99: 9 }, { p99: 2 }, { p99: 5 }];
    expect(medianBy(rounds, (r) => r.p99)).toBe(rounds[2]);
  });
});

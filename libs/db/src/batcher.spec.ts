import {
  Batcher,
  BatcherFullError,
  isPostgresDataError,
  isPostgresDataException,
  runByUniqueKey,
} from './batcher';

/** A run that records its items and answers when `release` is called (or at once). */
function recorder(answer: (item: number) => number | Error = (i) => i * 10) {
  const runs: number[][] = [];
  const pending: (() => void)[] = [];
  let hold = false;
  const run = async (items: number[]) => {
    runs.push(items);
    if (hold) await new Promise<void>((r) => pending.push(r));
    const answers = items.map(answer);
    const error = answers.find((a) => a instanceof Error);
    if (error) throw error;
    return answers as number[];
  };
  return {
    run,
    runs,
    holdRuns: () => (hold = true),
    releaseAll: () => {
      hold = false;
      pending.splice(0).forEach((r) => r());
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Batcher', () => {
  it('answers each caller with its own answer, in one run for callers of the same turn', async () => {
    const r = recorder();
    const batcher = new Batcher(r.run, { maxBatch: 100, maxConcurrent: 1 });
    expect(await Promise.all([1, 2, 3].map((i) => batcher.submit(i)))).toEqual([10, 20, 30]);
    expect(r.runs).toEqual([[1, 2, 3]]);
  });

  it('refuses a caller at once when maxQueued items already wait, and serves the rest', async () => {
    const r = recorder();
    r.holdRuns();
    const batcher = new Batcher(r.run, { maxBatch: 1, maxConcurrent: 1, maxQueued: 2 });
    const first = batcher.submit(1);
    await tick();
    const waiting = [batcher.submit(2), batcher.submit(3)];
    await expect(batcher.submit(4)).rejects.toEqual(new BatcherFullError(2));
    r.releaseAll();
    expect(await first).toBe(10);
    for (let i = 0; i < 2; i++) {
      await tick();
      r.releaseAll();
    }
    expect(await Promise.all(waiting)).toEqual([20, 30]);
    expect(r.runs).toEqual([[1], [2], [3]]);
  });

  it('gathers callers that arrive while every run is busy into the next run, up to maxBatch', async () => {
    const r = recorder();
    r.holdRuns();
    const batcher = new Batcher(r.run, { maxBatch: 3, maxConcurrent: 1 });
    const first = batcher.submit(0);
    await tick();
    expect(r.runs).toEqual([[0]]);
    const later = [1, 2, 3, 4, 5].map((i) => batcher.submit(i));
    await tick();
    expect(r.runs).toHaveLength(1);
    r.releaseAll();
    expect(await Promise.all([first, ...later])).toEqual([0, 10, 20, 30, 40, 50]);
    expect(r.runs).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it('keeps at most maxConcurrent runs in flight', async () => {
    const r = recorder();
    r.holdRuns();
    const batcher = new Batcher(r.run, { maxBatch: 1, maxConcurrent: 2 });
    const all = [1, 2, 3, 4].map((i) => batcher.submit(i));
    await tick();
    expect(r.runs).toEqual([[1], [2]]);
    r.releaseAll();
    await tick();
    await tick();
    r.releaseAll();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40]);
    expect(r.runs).toEqual([[1], [2], [3], [4]]);
  });

  it('fails only the caller whose item fails: a run failed by a data error is repeated item by item', async () => {
    const foreignKey = Object.assign(new Error('no such account'), { code: '23503' });
    const r = recorder((i) => (i === 2 ? foreignKey : i * 10));
    const batcher = new Batcher(r.run, { maxBatch: 10, maxConcurrent: 1 });
    const results = await Promise.allSettled([1, 2, 3].map((i) => batcher.submit(i)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: foreignKey },
      { status: 'fulfilled', value: 30 },
    ]);
    expect(r.runs).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('fails every caller of a run at once for an error that is not about one item (no repeats against a dead database)', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const r = recorder(() => down);
    const batcher = new Batcher(r.run, { maxBatch: 10, maxConcurrent: 1 });
    const results = await Promise.allSettled([1, 2, 3].map((i) => batcher.submit(i)));
    expect(results.every((x) => x.status === 'rejected' && x.reason === down)).toBe(true);
    expect(r.runs).toEqual([[1, 2, 3]]);
  });

  it('rejects a run that does not answer every item, and keeps serving afterwards', async () => {
    let short = true;
    const batcher = new Batcher(async (items: number[]) => (short ? items.slice(1) : items), {
      maxBatch: 10,
      maxConcurrent: 1,
    });
    await expect(batcher.submit(7)).rejects.toThrow('a batch of 1 got 0 answers');
    short = false;
    expect(await batcher.submit(8)).toBe(8);
  });

  it('refuses options that could never run anything', () => {
    expect(() => new Batcher(async (x: number[]) => x, { maxBatch: 0, maxConcurrent: 1 })).toThrow(
      RangeError,
    );
    expect(() => new Batcher(async (x: number[]) => x, { maxBatch: 1, maxConcurrent: 0 })).toThrow(
      RangeError,
    );
  });
});

describe('runByUniqueKey', () => {
  it('runs distinct keys once, in compare order, repeats in later runs, and answers each item in its place', async () => {
    const runs: string[][] = [];
    const items = ['b1', 'a1', 'b2', 'a1', 'a1', 'c1'];
    const answers = await runByUniqueKey(
      items,
      (s) => s,
      (x, y) => x.charCodeAt(0) - y.charCodeAt(0),
      async (unique) => {
        runs.push(unique);
        return unique.map((u) => `${u}@${runs.length}`);
      },
    );
    expect(runs).toEqual([['a1', 'b1', 'b2', 'c1'], ['a1'], ['a1']]);
    expect(answers).toEqual(['b1@1', 'a1@1', 'b2@1', 'a1@2', 'a1@3', 'c1@1']);
  });
});

describe('Postgres error classes', () => {
  const pg = (code: unknown) => Object.assign(new Error('from Postgres'), { code });

  it('isPostgresDataException is class 22 alone: bad input, not a broken invariant', () => {
    expect(['22008', '22P02', '22021', '22003'].map((c) => isPostgresDataException(pg(c)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['23505', '23503', '08006', '57P01', '22', 'ECONNREFUSED', 22008].map((c) =>
        isPostgresDataException(pg(c)),
      ),
    ).toEqual([false, false, false, false, false, false, false]);
    expect([null, undefined, 'text', {}].map(isPostgresDataException)).toEqual([false, false, false, false]);
  });

  it('isPostgresDataError is classes 22 and 23: what one item of a batch can cause', () => {
    expect(['22P02', '23505', '23503'].map((c) => isPostgresDataError(pg(c)))).toEqual([true, true, true]);
    expect(['08006', '40001', 'ECONNRESET'].map((c) => isPostgresDataError(pg(c)))).toEqual([
      false,
      false,
      false,
    ]);
    expect(isPostgresDataError(null)).toBe(false);
  });
});

export interface BatcherOptions {
  /** The most items one run takes. */
  maxBatch: number;
  /** Runs in flight at once; while all are busy, new items wait and go together in the next free run. */
  maxConcurrent: number;
  /**
   * Items waiting for a run at most (default 10,000); one more is refused at once with BatcherFullError.
   * Under overload (or a stalled database) callers get a prompt refusal instead of joining a queue that only
   * grows, with their memory and latency.
   */
  maxQueued?: number;
}

/** The class (first two characters) of a Postgres error's SQLSTATE; null for anything that has none. */
const sqlstateClass = (e: unknown): string | null => {
  const code = (e as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code.slice(0, 2) : null;
};

/** Postgres SQLSTATE class 22 (data exception): a value the statement was given is malformed or out of range. */
export const isPostgresDataException = (e: unknown): boolean => sqlstateClass(e) === '22';

/** Postgres SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation). */
export const isPostgresDataError = (e: unknown): boolean =>
  isPostgresDataException(e) || sqlstateClass(e) === '23';

/** The Batcher already has `maxQueued` items waiting: the caller is refused before anything is done. */
export class BatcherFullError extends Error {
  constructor(readonly queued: number) {
    super(`${queued} items are already waiting; try again shortly`);
    this.name = 'BatcherFullError';
  }
}

interface Waiting<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (e: unknown) => void;
}

/**
 * Coalesces concurrent callers into batched runs: one statement (one round trip, one commit) serves every
 * caller that arrived while the previous runs were busy. An item never waits for a timer: it goes out with
 * the next run that starts after it was submitted (at the end of the current turn of the event loop, so the
 * requests read from one socket poll travel together). At low load a run is one item; under load the
 * number of round trips stops growing with the number of callers.
 *
 * `run` answers items in order, one answer each, and must be safe to repeat after it threw (one statement,
 * say, which rolled back as a whole). A run failed by a Postgres data or integrity error (SQLSTATE 22, 23:
 * bad data, a missing row an item refers to) is repeated item by item, so only the callers whose own item
 * fails get the error; anything else (the database unreachable, say) fails every caller of the run at once
 * instead of being tried N times more.
 */
export class Batcher<In, Out> {
  private queue: Waiting<In, Out>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: In[]) => Promise<Out[]>,
    private readonly options: BatcherOptions,
  ) {
    if (options.maxBatch < 1 || options.maxConcurrent < 1)
      throw new RangeError('maxBatch and maxConcurrent must be at least 1');
  }

  submit(item: In): Promise<Out> {
    if (this.queue.length >= (this.options.maxQueued ?? 10_000))
      return Promise.reject(new BatcherFullError(this.queue.length));
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.options.maxConcurrent || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.options.maxConcurrent && this.queue.length > 0) {
        void this.flush(this.queue.splice(0, this.options.maxBatch));
      }
    });
  }

  private async flush(batch: Waiting<In, Out>[]): Promise<void> {
    this.running++;
    try {
      const answers = await this.runChecked(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(answers[i]));
    } catch (e) {
      if (batch.length === 1 || !isPostgresDataError(e)) for (const w of batch) w.reject(e);
      else
        await Promise.all(
          batch.map((w) => this.runChecked([w.item]).then(([answer]) => w.resolve(answer), w.reject)),
        );
    } finally {
      this.running--;
      this.schedule();
    }
  }

  private async runChecked(items: In[]): Promise<Out[]> {
    const answers = await this.run(items);
    if (answers.length !== items.length)
      throw new Error(`a batch of ${items.length} got ${answers.length} answers`);
    return answers;
  }
}

/**
 * Runs `run` once over the items with distinct keys, in `compare` order (so concurrent statements take their
 * locks in one order), and answers every item in its own place. An item whose key came earlier in the list
 * goes in a later run, which then sees what the first one wrote (one statement cannot insert a key twice).
 */
export async function runByUniqueKey<T, R>(
  items: T[],
  key: (item: T) => string,
  compare: (a: T, b: T) => number,
  run: (unique: T[]) => Promise<R[]>,
): Promise<R[]> {
  const seen = new Set<string>();
  const first: number[] = [];
  const repeats: number[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    (seen.has(k) ? repeats : first).push(i);
    seen.add(k);
  });
  first.sort((a, b) => compare(items[a], items[b]));
  const out = new Array<R>(items.length);
  const answers = await run(first.map((i) => items[i]));
  first.forEach((original, position) => (out[original] = answers[position]));
  if (repeats.length > 0) {
    const again = await runByUniqueKey(
      repeats.map((i) => items[i]),
      key,
      compare,
      run,
    );
    repeats.forEach((original, n) => (out[original] = again[n]));
  }
  return out;
}

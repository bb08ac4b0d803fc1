export interface BatcherOptions {
  /** The most items one run takes. */
  maxBatch: number;
  /** Runs in flight at once; while all are busy, new items wait and go together in the next free run. */
  maxConcurrent: number;
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
 * `run` answers items in order, one answer each. A run that throws is repeated item by item, so that only
 * the callers whose own item fails get the error: `run` must be safe to repeat after it threw (one
 * statement, say, which rolled back as a whole).
 */
export class Batcher<In, Out> {
  private queue: Waiting<In, Out>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: In[]) => Promise<Out[]>,
    private readonly options: BatcherOptions,
  ) {
    if (options.maxBatch < 1 || options.maxConcurrent < 1) throw new RangeError('maxBatch and maxConcurrent must be at least 1');
  }

  submit(item: In): Promise<Out> {
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
      if (batch.length === 1) batch[0].reject(e);
      // One caller's bad item (an account gone, say) must not fail the callers it shared a run with.
      else await Promise.all(batch.map((w) => this.runChecked([w.item]).then(([answer]) => w.resolve(answer), w.reject)));
    } finally {
      this.running--;
      this.schedule();
    }
  }

  private async runChecked(items: In[]): Promise<Out[]> {
    const answers = await this.run(items);
    if (answers.length !== items.length) throw new Error(`a batch of ${items.length} got ${answers.length} answers`);
    return answers;
  }
}

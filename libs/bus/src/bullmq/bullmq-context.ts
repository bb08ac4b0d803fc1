import { BaseRpcContext } from '@nestjs/microservices';
import type { Job } from 'bullmq';

type BullMqContextArgs = [job: Job, signal: AbortSignal, queue: string];

/** What `@Ctx()` gives a BullMQ `@EventPattern` handler. */
export class BullMqContext extends BaseRpcContext<BullMqContextArgs> {
  get job(): Job {
    return this.args[0];
  }

  get jobId(): string {
    return this.args[0].id ?? '';
  }

  get queue(): string {
    return this.args[2];
  }

  /**
   * 1 for the first run. Counts every start, so a run after a crash (a stalled
   * job) gets a new number too, not only a retry after an error.
   */
  get attempt(): number {
    return Math.max(1, this.args[0].attemptsStarted);
  }

  get maxAttempts(): number {
    return this.args[0].opts.attempts ?? 1;
  }

  /** Whether a thrown error fails the job for good (no retry left). */
  get isLastAttempt(): boolean {
    return this.retryNumber > this.maxAttempts;
  }

  /**
   * The number the retry after a failure of this run gets, counted as BullMQ counts toward `maxAttempts`:
   * failed runs, not restarts after a crash.
   */
  get retryNumber(): number {
    return this.args[0].attemptsMade + 2;
  }

  /** Aborted when the build is asked to stop (cancel flag) or the worker shuts down past its grace period. */
  get signal(): AbortSignal {
    return this.args[1];
  }

  updateProgress(progress: number | object): Promise<void> {
    return this.args[0].updateProgress(progress);
  }

  /** Return values of the job's children, keyed by child job key. */
  getChildrenValues<T = unknown>(): Promise<Record<string, T>> {
    return this.args[0].getChildrenValues<T>();
  }

  /** The return value of the single child of a chain stage (undefined for the first stage). */
  async getPredecessorResult<T = unknown>(): Promise<T | undefined> {
    const values = Object.values(await this.getChildrenValues<T>());
    if (values.length > 1)
      throw new Error(`Job ${this.jobId} has ${values.length} children; expected one predecessor`);
    return values[0];
  }
}

import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { isObservable, lastValueFrom } from 'rxjs';
import { QUEUE_JOBS, redisKeys, type QueueName } from '@autowebiq/contracts';
import type { CancelFlag } from '../cancel-flag';
import { jobMetrics } from '../health/metrics';
import { createRedis } from '../redis';
import { BullMqContext } from './bullmq-context';

export interface BullMqServerOptions {
  redisUrl: string;
  /** REDIS_PREFIX; the queue lives under its hash-tagged BullMQ form. */
  prefix: string;
  queue: QueueName;
  concurrency: number;
  /** Lock of a job in flight; a dead worker's job is re-run after about this long. */
  lockDurationMs?: number;
  /** On close, jobs in flight may finish for this long; then their signal aborts and they go back to the queue. */
  shutdownGraceMs?: number;
  /** When given, a job's signal aborts as soon as the cancel flag of its payload's `build_id` is set. */
  cancelFlag?: CancelFlag;
}

export type BullMqServerEvents = {
  completed: (job: Job, result: unknown) => void;
  /** `final` is true when the job will not run again (last attempt, unrecoverable, or stalled too often). */
  failed: (job: Job, error: Error, final: boolean) => void;
};

/** The abort reason of jobs still running when the worker's shutdown grace period ends. */
export class WorkerShutdownError extends Error {
  override readonly name = 'WorkerShutdownError';
  constructor() {
    super('The worker is shutting down');
  }
}

/**
 * A NestJS transport that consumes one BullMQ queue: each job goes to the
 * `@EventPattern(<job name>)` handler; the handler's return value becomes the
 * job's return value and a thrown error fails the job (BullMQ retries it).
 * Apps must install `KeepRpcErrorsFilter` so the error reaches BullMQ unchanged.
 */
export class BullMqServer extends Server<BullMqServerEvents> implements CustomTransportStrategy {
  private worker?: Worker;
  private connection?: Redis;
  private readonly inFlight = new Set<AbortController>();
  private readonly listeners: { [K in keyof BullMqServerEvents]: BullMqServerEvents[K][] } = {
    completed: [],
    failed: [],
  };
  protected override readonly logger = new Logger(BullMqServer.name);

  constructor(private readonly options: BullMqServerOptions) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    const unhandled = QUEUE_JOBS[this.options.queue].filter((name) => !this.getHandlerByPattern(name));
    if (unhandled.length > 0) {
      callback(
        new Error(
          `Queue ${this.options.queue} carries job ${unhandled.map((n) => `"${n}"`).join(', ')}, which no @EventPattern handles`,
        ),
      );
      return;
    }
    const connection = createRedis(this.options.redisUrl, {
      forWorker: true,
      name: `worker:${this.options.queue}`,
    });
    this.connection = connection;
    const lockDuration = this.options.lockDurationMs ?? 30_000;
    const worker = new Worker(this.options.queue, (job, token) => this.process(job, token), {
      connection,
      prefix: redisKeys.bullPrefix(this.options.prefix),
      concurrency: this.options.concurrency,
      lockDuration,
      stalledInterval: lockDuration,
      // A job whose worker died twice is run a third time before it is failed as stalled.
      maxStalledCount: 2,
      autorun: false,
    });
    this.worker = worker;
    worker.on('error', (error) => this.logger.error(`Queue ${this.options.queue}: ${error.message}`));
    worker.on('completed', (job, result) => {
      jobMetrics.finished.inc({ queue: this.options.queue, outcome: 'completed' });
      for (const listener of this.listeners.completed) listener(job, result);
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final = typeof job.finishedOn === 'number';
      jobMetrics.finished.inc({ queue: this.options.queue, outcome: final ? 'failed' : 'retried' });
      for (const listener of this.listeners.failed) listener(job, error, final);
    });
    void worker
      .run()
      .catch((error: Error) => this.logger.error(`Queue ${this.options.queue} stopped: ${error.message}`));
    void worker.waitUntilReady().then(
      () => callback(),
      (error: Error) => callback(error),
    );
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const grace = setTimeout(() => {
      for (const controller of this.inFlight) controller.abort(new WorkerShutdownError());
    }, this.options.shutdownGraceMs ?? 10_000);
    try {
      await worker.close();
    } finally {
      clearTimeout(grace);
      await this.connection?.quit().catch(() => this.connection?.disconnect());
    }
  }

  on<K extends keyof BullMqServerEvents>(event: K, callback: BullMqServerEvents[K]): void {
    this.listeners[event].push(callback);
  }

  unwrap<T>(): T {
    if (!this.worker) throw new Error('BullMqServer is not listening yet');
    return this.worker as T;
  }

  private async process(job: Job, token?: string): Promise<unknown> {
    const handler = this.getHandlerByPattern(job.name);
    if (!handler)
      throw new UnrecoverableError(`No handler for job "${job.name}" on queue ${this.options.queue}`);
    const queue = this.options.queue;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const buildId = (job.data as { build_id?: unknown } | undefined)?.build_id;
    const watch =
      this.options.cancelFlag && typeof buildId === 'string'
        ? this.options.cancelFlag.watch(buildId, controller.signal)
        : undefined;
    const context = new BullMqContext([job, watch?.signal ?? controller.signal, queue]);
    const stopTimer = jobMetrics.duration.startTimer({ queue });
    jobMetrics.active.inc({ queue });
    try {
      const out: unknown = await handler(job.data, context);
      return isObservable(out) ? await lastValueFrom(out, { defaultValue: undefined }) : out;
    } catch (error) {
      if (controller.signal.reason instanceof WorkerShutdownError) {
        // Handed back without spending an attempt: another worker takes it as a new run.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      throw asError(error);
    } finally {
      stopTimer();
      jobMetrics.active.dec({ queue });
      watch?.stop();
      this.inFlight.delete(controller);
    }
  }
}

/** Nest's RPC exception layer may hand back `{ status, message }` instead of the Error; BullMQ needs an Error. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  const message = (error as { message?: unknown } | null)?.message;
  return new Error(typeof message === 'string' ? message : String(error));
}

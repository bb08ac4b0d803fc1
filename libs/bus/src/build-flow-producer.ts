import {
  agentJobPayloadSchema,
  AGENT_ORDER,
  jobIds,
  jobNames,
  QueueName,
  redisKeys,
  settleJobPayloadSchema,
  type AgentJobPayload,
  type AgentType,
  type SettleJobPayload,
} from '@autowebiq/contracts';
import { FlowProducer, Queue, type FlowJob, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

export const AGENT_QUEUES: Record<AgentType, QueueName> = {
  planner: QueueName.Planner,
  image: QueueName.Image,
  frontend: QueueName.Frontend,
  testing: QueueName.Testing,
};

export interface BuildFlowProducerOptions {
  /** REDIS_PREFIX; BullMQ keys go under its hash-tagged form. */
  prefix: string;
  /** Tries per agent job, the first included. */
  attempts: number;
  /** First retry delay; doubles with each retry. */
  backoffMs: number;
  /** Finished jobs are kept this long (for inspection and to keep re-adds of a recent build a no-op). */
  keepFinishedSeconds?: number;
}

/**
 * Adds a build's agent chain as one BullMQ flow: testing ← frontend ← image ←
 * planner (children run first, each stage reads its child's return value). Job
 * ids derive from the build id, so adding the same build twice is a no-op.
 */
export class BuildFlowProducer {
  private readonly flows: FlowProducer;
  private readonly root: Queue;

  constructor(
    connection: Redis,
    private readonly options: BuildFlowProducerOptions,
  ) {
    const prefix = redisKeys.bullPrefix(options.prefix);
    this.flows = new FlowProducer({ connection, prefix });
    this.root = new Queue(AGENT_QUEUES.testing, { connection, prefix });
    // An 'error' event without a listener kills the process; while Redis is down the failed add() says enough.
    this.flows.on('error', () => undefined);
    this.root.on('error', () => undefined);
  }

  /** Returns false when the build's flow already existed (nothing was added). */
  async add(payload: AgentJobPayload): Promise<boolean> {
    const data = agentJobPayloadSchema.parse(payload);
    if (await this.exists(data.build_id)) return false;
    await this.flows.add(this.flowOf(data));
    return true;
  }

  /**
   * Flows of builds reserved a moment ago, so none of them can exist yet (no check first), in one MULTI:
   * the gateway gathers concurrent requests' builds into one call.
   */
  async addNew(payloads: AgentJobPayload[]): Promise<void> {
    await this.flows.addBulk(payloads.map((p) => this.flowOf(agentJobPayloadSchema.parse(p))));
  }

  /** Built from the first stage outwards: each later stage is the parent of the one before it. */
  private flowOf(data: AgentJobPayload): FlowJob {
    return AGENT_ORDER.reduce<FlowJob | undefined>(
      (child, agent) => ({
        name: jobNames[agent],
        queueName: AGENT_QUEUES[agent],
        data,
        opts: this.jobOptions(jobIds.agent(data.build_id, agent)),
        children: child ? [child] : undefined,
      }),
      undefined,
    ) as FlowJob;
  }

  /** Whether the build's flow is in Redis (its root job exists). */
  async exists(buildId: string): Promise<boolean> {
    return (await this.root.getJob(jobIds.agent(buildId, 'testing'))) !== undefined;
  }

  /**
   * Takes a build's flow out of the queues (every stage, as one script), so a build cancelled before it
   * started leaves no job a worker would pick up only to refuse, nor a failed job in the queue metrics.
   * Returns false, removing nothing, while a worker holds one of its stages (that worker sees the build's
   * status and stops).
   */
  async removeQueued(buildId: string): Promise<boolean> {
    return (await this.root.remove(jobIds.agent(buildId, 'testing'), { removeChildren: true })) === 1;
  }

  async close(): Promise<void> {
    await Promise.all([this.flows.close(), this.root.close()]);
  }

  private jobOptions(jobId: string): JobsOptions {
    const keep = this.options.keepFinishedSeconds ?? 24 * 3600;
    return {
      jobId,
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: this.options.backoffMs },
      removeOnComplete: { age: keep },
      removeOnFail: { age: keep },
      // A stage that fails for good fails the stages waiting on it, so no parent waits forever.
      failParentOnFailure: true,
    };
  }
}

/** Asks billing to settle a build: one job per build (a second request is a no-op). */
export class SettleJobProducer {
  private readonly queue: Queue;

  constructor(connection: Redis, options: { prefix: string }) {
    this.queue = new Queue(QueueName.BillingSettle, {
      connection,
      prefix: redisKeys.bullPrefix(options.prefix),
    });
    this.queue.on('error', () => undefined);
  }

  /** A second request of the same build is a no-op: the job id is the build's. */
  async add(payload: SettleJobPayload): Promise<void> {
    const data = settleJobPayloadSchema.parse(payload);
    await this.queue.add(jobNames.settle, data, {
      jobId: jobIds.settle(data.build_id),
      attempts: 20,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: false,
    });
  }

  /** Whether the build's settle job is in Redis, whatever its state. */
  async exists(buildId: string): Promise<boolean> {
    return (await this.queue.getJob(jobIds.settle(buildId))) !== undefined;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

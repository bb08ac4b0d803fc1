import {
  agentJobPayloadSchema,
  LAST_AGENT,
  jobNames,
  type AgentType,
  type SettleJobPayload,
} from '@autowebiq/contracts';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentResources } from './agent-resources';
import type { BuildStore } from './build-store';
import { describeJobFailure } from './failure';

export interface SettleRequestRetry {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubles with each try after it. */
  baseDelayMs: number;
}

/** About 3 s of tries: rides out a Redis failover or a full Redis (noeviction) without holding a shutdown up long. */
const SETTLE_REQUEST_RETRY: SettleRequestRetry = { attempts: 5, baseDelayMs: 200 };

/**
 * Asks billing to settle a build once its pipeline is over: the last stage
 * completed, or any stage failed for good (no attempt left, cancelled, stalled
 * too often). Runs on the worker's job events, after BullMQ recorded the outcome,
 * so a settle never races a job that may still run again. Every step is
 * idempotent (the settle job's id derives from the build id), so a failed request
 * is simply made again, a few times with backoff; a request still lost after that
 * is made again by billing's sweeper.
 */
export class PipelineFinalizer {
  private readonly logger = new Logger(PipelineFinalizer.name);

  constructor(
    private readonly resources: AgentResources,
    private readonly store: BuildStore,
    private readonly retry: SettleRequestRetry = SETTLE_REQUEST_RETRY,
  ) {}

  async onCompleted(job: Job): Promise<void> {
    if (job.name !== jobNames[LAST_AGENT]) return;
    await this.finish(job, 'pipeline_finished');
  }

  async onFailed(job: Job, error: Error, final: boolean): Promise<void> {
    if (!final) return;
    await this.finish(job, 'pipeline_failed', describeJobFailure(job.name as AgentType, error.message));
  }

  private async finish(
    job: Job,
    outcome: 'pipeline_finished' | 'pipeline_failed',
    reason?: string,
  ): Promise<void> {
    const parsed = agentJobPayloadSchema.safeParse(job.data);
    if (!parsed.success) return;
    const buildId = parsed.data.build_id;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.requestSettle(buildId, outcome, reason);
        return;
      } catch (e) {
        const error = (e as Error).message;
        if (attempt >= this.retry.attempts) {
          this.logger.error(
            `Settle of build ${buildId} not requested after ${attempt} tries (billing's sweeper will): ${error}`,
          );
          return;
        }
        this.logger.warn(`Settle of build ${buildId} not requested (try ${attempt}), trying again: ${error}`);
        await sleep(this.retry.baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  private async requestSettle(
    buildId: string,
    outcome: 'pipeline_finished' | 'pipeline_failed',
    reason?: string,
  ): Promise<void> {
    const stop = await this.resources.cancelFlag.get(buildId);
    // A cancel that came after the last stage finished changes nothing; running out of credits always shows.
    const stopped = stop === 'over_budget' || (stop === 'cancelled' && outcome === 'pipeline_failed');
    const payload: SettleJobPayload = stopped
      ? { build_id: buildId, trigger: stop }
      : { build_id: buildId, trigger: outcome, ...(reason ? { reason } : {}) };
    if (!(await this.store.markFinished(buildId, payload.reason))) return;
    await this.resources.settle.add(payload);
  }
}

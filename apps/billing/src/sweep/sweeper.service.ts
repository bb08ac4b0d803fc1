import type { BuildFlowProducer, CancelFlag, SettleJobProducer } from '@autowebiq/bus';
import { agentModelsSchema, LAST_AGENT, redisKeys } from '@autowebiq/contracts';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { billingMetrics } from '../billing-metrics';
import type { SettleService } from '../settle/settle.service';
import type { GrantExpiryService } from './grant-expiry.service';

export interface SweeperOptions {
  prefix: string;
  intervalMs: number;
  holdTtlSeconds: number;
  requeueAfterMs: number;
  /** A build whose pipeline ended this long ago and is still not settled gets its settle requested again. */
  settleRequestAfterMs: number;
  /** Builds handled per kind per sweep, so one sweep stays short. */
  limit?: number;
}

export interface SweepReport {
  /** False when another billing instance holds the sweep lock. */
  ran: boolean;
  requeued: string[];
  cancelledUnqueued: string[];
  expired: string[];
  /** Builds whose settle request was lost, requested again. */
  settleRequested: string[];
  /** Settled builds whose final events were cut short (or never sent, as the gateway's cancels), sent again. */
  finalEventsResent: string[];
  /** Expired grants settled by this sweep (their grant transfer ids) and what each took from the wallet. */
  grantsExpired: { grantId: string; accountId: string; expiredMicro: bigint }[];
  /** `buildId` is the grant's transfer id for a grant's expiry. */
  failed: { buildId: string; error: string }[];
}

/**
 * Billing's periodic repairs, run by one instance at a time (a Redis lock):
 * builds left `queued` without a BullMQ flow (the gateway died between its
 * commit and the add) get their flow again; holds older than HOLD_TTL (a build
 * that died) are settled; builds whose pipeline ended but whose settle request
 * was lost (Redis failed the worker's add, or the worker died first) get it again;
 * settled builds whose final events were cut short get them again;
 * over-budget builds still running get their cancel flag again; grants whose expires_at has passed have
 * their unspent credits taken back (GrantExpiryService).
 */
export class Sweeper {
  private readonly logger = new Logger(Sweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepReport>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: Redis,
    private readonly flows: BuildFlowProducer,
    private readonly cancelFlag: CancelFlag,
    private readonly settle: SettleService,
    private readonly settleJobs: SettleJobProducer,
    private readonly grants: GrantExpiryService,
    private readonly options: SweeperOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep().finally(() => (this.running = undefined));
      this.running.catch((e: Error) => this.logger.error(`Sweep failed: ${e.message}`));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  async sweep(): Promise<SweepReport> {
    const report: SweepReport = {
      ran: false,
      requeued: [],
      cancelledUnqueued: [],
      expired: [],
      settleRequested: [],
      finalEventsResent: [],
      grantsExpired: [],
      failed: [],
    };
    const lock = redisKeys.billingSweepLock(this.options.prefix);
    if (!(await this.redis.set(lock, randomUUID(), 'PX', this.options.intervalMs, 'NX'))) return report;
    report.ran = true;
    await this.requeueLost(report);
    await this.expireHolds(report);
    await this.requestLostSettles(report);
    await this.resendLostFinalEvents(report);
    await this.restopOverBudget();
    await this.expireGrants(report);
    return report;
  }

  private async requeueLost(report: SweepReport): Promise<void> {
    const rows: {
      id: string;
      account_id: string;
      prompt: string;
      models: unknown;
      cancel_requested: boolean;
    }[] = await this.dataSource.query(
      `SELECT id, account_id, prompt, models, cancel_requested_at IS NOT NULL AS cancel_requested FROM builds
       WHERE status = 'queued' AND settled_at IS NULL AND created_at < now() - make_interval(secs => $1)
         AND created_at > now() - make_interval(secs => $3)
       ORDER BY created_at LIMIT $2`,
      // Older than the hold's TTL it is not re-run but settled as expired, below.
      [this.options.requeueAfterMs / 1000, this.options.limit ?? 100, this.options.holdTtlSeconds],
    );
    for (const b of rows) {
      await this.attempt(report, b.id, async () => {
        if (await this.flows.exists(b.id)) return;
        if (b.cancel_requested) {
          // Cancelled before any agent ran: nothing to run, only the hold to give back.
          await this.settle.settle({ build_id: b.id, trigger: 'cancelled' });
          report.cancelledUnqueued.push(b.id);
          billingMetrics.sweeps.inc({ action: 'settle_cancelled_unqueued' });
          return;
        }
        await this.flows.add({
          build_id: b.id,
          account_id: b.account_id,
          prompt: b.prompt,
          models: agentModelsSchema.parse(b.models),
        });
        report.requeued.push(b.id);
        billingMetrics.sweeps.inc({ action: 'requeue' });
        this.logger.warn(`Build ${b.id} was queued without a flow; added it again`);
      });
    }
  }

  private async expireHolds(report: SweepReport): Promise<void> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT b.id FROM builds b JOIN ledger_accounts h ON h.id = 'hold:' || b.id::text
       WHERE b.settled_at IS NULL AND h.released_at IS NULL AND h.created_at < now() - make_interval(secs => $1)
       ORDER BY h.created_at LIMIT $2`,
      [this.options.holdTtlSeconds, this.options.limit ?? 100],
    );
    for (const b of rows) {
      await this.attempt(report, b.id, async () => {
        // Any worker still holding on to the build must stop before its hold is settled.
        await this.cancelFlag.set(b.id, 'cancelled');
        const settled = await this.settle.settle({
          build_id: b.id,
          trigger: 'hold_expired',
          reason: 'hold expired',
        });
        report.expired.push(b.id);
        billingMetrics.sweeps.inc({ action: 'hold_expired' });
        this.logger.warn(`Build ${b.id} outlived its hold; settled as ${settled.status}`);
      });
    }
  }

  /**
   * The worker stamps finished_at before it adds the settle job, so a build finished long enough ago and
   * still unsettled has no settle job (or one stuck in billing, which the add leaves alone: its id is the
   * build's). A worker that died after its last agent's run completed but before it stamped finished_at
   * leaves that run's end instead. Settle decides the outcome from Postgres; the trigger only says how the
   * pipeline ended.
   */
  private async requestLostSettles(report: SweepReport): Promise<void> {
    const rows: { id: string; completed: boolean }[] = await this.dataSource.query(
      `SELECT b.id, r.completed FROM builds b
       CROSS JOIN LATERAL (
         SELECT COALESCE(bool_or(agent = $3 AND status = 'completed'), false) AS completed,
                max(finished_at) FILTER (WHERE agent = $3 AND status = 'completed') AS last_completed
         FROM agent_runs WHERE build_id = b.id
       ) r
       WHERE b.settled_at IS NULL
         AND COALESCE(b.finished_at, r.last_completed) < now() - make_interval(secs => $1)
       ORDER BY COALESCE(b.finished_at, r.last_completed) LIMIT $2`,
      [this.options.settleRequestAfterMs / 1000, this.options.limit ?? 100, LAST_AGENT],
    );
    for (const b of rows) {
      await this.attempt(report, b.id, async () => {
        const trigger = b.completed ? 'pipeline_finished' : 'pipeline_failed';
        // A settle job still queued or retrying is left alone (checked here, not on every worker's add).
        if (await this.settleJobs.exists(b.id)) return;
        await this.settleJobs.add({ build_id: b.id, trigger });
        report.settleRequested.push(b.id);
        billingMetrics.sweeps.inc({ action: 'settle_requested' });
        this.logger.warn(`Build ${b.id} ended (${trigger}) without a settle request; requested it again`);
      });
    }
  }

  private async expireGrants(report: SweepReport): Promise<void> {
    for (const lotId of await this.grants.due(this.options.limit ?? 100)) {
      await this.attempt(report, lotId, async () => {
        const expiry = await this.grants.expire(lotId);
        if (!expiry) return;
        report.grantsExpired.push({
          grantId: lotId,
          accountId: expiry.accountId,
          expiredMicro: expiry.expiredMicro,
        });
        billingMetrics.sweeps.inc({ action: 'grant_expired' });
      });
    }
  }

  /**
   * Settling commits, then sends the final events and archives the timeline: a failure in between left a
   * settled build that nothing retried. Builds settled this long ago without final_events_at get them now;
   * that includes builds the gateway cancelled before they started, whose timelines it does not archive.
   */
  private async resendLostFinalEvents(report: SweepReport): Promise<void> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM builds
       WHERE settled_at IS NOT NULL AND final_events_at IS NULL AND settled_at < now() - make_interval(secs => $1)
       ORDER BY settled_at LIMIT $2`,
      [this.options.settleRequestAfterMs / 1000, this.options.limit ?? 100],
    );
    for (const b of rows) {
      await this.attempt(report, b.id, async () => {
        if (!(await this.settle.resendFinalEvents(b.id))) return;
        report.finalEventsResent.push(b.id);
        billingMetrics.sweeps.inc({ action: 'final_events_resent' });
      });
    }
  }

  private async restopOverBudget(): Promise<void> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM builds WHERE status = 'over_budget' AND settled_at IS NULL LIMIT $1`,
      [this.options.limit ?? 100],
    );
    for (const b of rows)
      if (!(await this.cancelFlag.isSet(b.id))) await this.cancelFlag.set(b.id, 'over_budget');
  }

  private async attempt(report: SweepReport, buildId: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      report.failed.push({ buildId, error: (e as Error).message });
      this.logger.warn(`Sweep of ${buildId} failed, next sweep retries: ${(e as Error).message}`);
    }
  }
}

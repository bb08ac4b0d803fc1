import {
  redisKeys,
  type AgentType,
  type PriceTable,
  type SettleJobPayload,
  type TokenUsage,
} from '@autowebiq/contracts';
import type { BuildEstimate } from '@autowebiq/db';
import type { LedgerService } from '@autowebiq/ledger';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DataSource, EntityManager } from 'typeorm';
import { billingMetrics } from '../billing-metrics';
import type { FinalEventsPublisher, SettledBuild } from './final-events.publisher';
import type { ReportedUsageWaiter } from './reported-usage.waiter';
import { planSettle, type AgentRunRow, type FinalStatus, type UsageRow } from './settle-plan';

/** Thrown when usage the workers reported is still on its way: the job is retried later rather than settled wrong. */
export class UsageNotSettledError extends Error {
  override readonly name = 'UsageNotSettledError';
  constructor(
    readonly buildId: string,
    readonly pending: number,
  ) {
    super(`Build ${buildId}: ${pending} reported usage event(s) not billed yet; settling later`);
  }
}

export class BuildNotFoundError extends Error {
  override readonly name = 'BuildNotFoundError';
  constructor(readonly buildId: string) {
    super(`Build ${buildId} does not exist`);
  }
}

/** Another process is settling the build right now. */
export class SettleInProgressError extends Error {
  override readonly name = 'SettleInProgressError';
  constructor(readonly buildId: string) {
    super(`Build ${buildId} is being settled by another process`);
  }
}

export interface SettleResult {
  build_id: string;
  status: FinalStatus;
  refunded_micro: string;
  spent_micro: string;
  /** False when an earlier run had already settled it (this run only made sure its events were out). */
  settled_now: boolean;
}

export interface SettleOptions {
  prefix: string;
  waitMs: number;
  refundOnPlatformFailure: boolean;
}

interface BuildRow {
  id: string;
  account_id: string;
  status: string;
  failure_reason: string | null;
  cancel_requested_at: Date | null;
  price_table: PriceTable;
  estimate: BuildEstimate | null;
  usage: TokenUsage | null;
  reserved_micro: string;
  spent_micro: string;
  refunded_micro: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  settled_at: Date | null;
}

const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * Ends a build's money: waits for its reported usage to be billed, then in ONE
 * transaction gives back usage of attempts whose results were not used, refunds
 * everything for a platform failure, releases the rest of the hold and stores the
 * outcome and the per-agent breakdown; then sends the final events. Running it
 * again changes nothing (the build row says it is settled) except sending final
 * events a crash may have cut short.
 */
export class SettleService {
  private readonly logger = new Logger(SettleService.name);

  constructor(
    private readonly redis: Redis,
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly waiter: ReportedUsageWaiter,
    private readonly finalEvents: FinalEventsPublisher,
    private readonly options: SettleOptions,
  ) {}

  settle(payload: SettleJobPayload): Promise<SettleResult> {
    return this.underLock(payload.build_id, () => this.settleLocked(payload));
  }

  /**
   * Sends the final events of a build settled earlier whose sending was cut short (billing's sweeper
   * finds those by their missing final_events_at); a build not settled yet is left to its settle.
   */
  resendFinalEvents(buildId: string): Promise<boolean> {
    return this.underLock(buildId, async () => {
      const row = await this.loadBuild(this.dataSource, buildId);
      if (!row.settled_at) return false;
      await this.finalEvents.publish(toSettledBuild(row));
      return true;
    });
  }

  private async underLock<T>(buildId: string, fn: () => Promise<T>): Promise<T> {
    const lockKey = redisKeys.buildSettleLock(this.options.prefix, buildId);
    const token = randomUUID();
    const acquired = await this.redis.set(lockKey, token, 'PX', this.options.waitMs + 60_000, 'NX');
    if (!acquired) throw new SettleInProgressError(buildId);
    try {
      return await fn();
    } finally {
      await this.redis.eval(UNLOCK, 1, lockKey, token).catch(() => undefined);
    }
  }

  private async settleLocked(payload: SettleJobPayload): Promise<SettleResult> {
    const buildId = payload.build_id;
    const before = await this.loadBuild(this.dataSource, buildId);
    if (!before.settled_at) {
      const { pending, waitedMs } = await this.waiter.wait(buildId, this.options.waitMs);
      billingMetrics.settleWaitSeconds.observe(waitedMs / 1000);
      if (pending.length > 0) throw new UsageNotSettledError(buildId, pending.length);
    }
    const { row, settledNow } = await this.ledger.transaction((tx) => this.settleInTx(tx, payload));
    const build = toSettledBuild(row);
    if (settledNow) {
      billingMetrics.settles.inc({ status: build.status });
      this.logger.log(
        `Settled build ${buildId}: ${build.status}, spent ${build.spentMicro} µcr, refunded ${build.refundedMicro} µcr`,
      );
    }
    await this.finalEvents.publish(build);
    return {
      build_id: buildId,
      status: build.status,
      refunded_micro: build.refundedMicro.toString(),
      spent_micro: build.spentMicro.toString(),
      settled_now: settledNow,
    };
  }

  private async settleInTx(
    tx: EntityManager,
    payload: SettleJobPayload,
  ): Promise<{ row: BuildRow; settledNow: boolean }> {
    const buildId = payload.build_id;
    await this.ledger.lockHold(tx, buildId);
    const build = await this.loadBuild(tx, buildId, true);
    if (build.settled_at) return { row: build, settledNow: false };
    const [usage, runs] = await Promise.all([
      tx.query(
        `SELECT event_id, agent, attempt, input_tokens, output_tokens, images, credits_micro, occurred_at
         FROM usage_events WHERE build_id = $1`,
        [buildId],
      ) as Promise<Record<string, unknown>[]>,
      tx.query(`SELECT agent, attempt, status FROM agent_runs WHERE build_id = $1`, [buildId]) as Promise<
        AgentRunRow[]
      >,
    ]);
    const plan = planSettle({
      payload,
      build: {
        status: build.status,
        failureReason: build.failure_reason,
        cancelRequested: build.cancel_requested_at !== null,
        spentMicro: BigInt(build.spent_micro),
        priceTable: build.price_table,
      },
      rows: usage.map(toUsageRow),
      runs,
      refundOnPlatformFailure: this.options.refundOnPlatformFailure,
    });
    const accountId = build.account_id;
    if (plan.fullRefund) {
      await this.ledger.release(tx, { buildId, reason: plan.releaseReason });
      const money = await this.ledger.buildMoney(buildId, tx);
      await this.ledger.refundCaptured(tx, {
        buildId,
        accountId,
        amountMicro: money?.spentMicro ?? 0n,
        reason: 'platform_failure',
      });
    } else {
      await this.ledger.refundCaptured(tx, {
        buildId,
        accountId,
        amountMicro: plan.retryRefundMicro,
        reason: 'platform_retry',
      });
      await this.ledger.release(tx, { buildId, reason: plan.releaseReason });
    }
    const [row] = (await tx.query(
      `WITH settled AS (
         UPDATE builds SET status = $2, failure_reason = $3, usage = $4, finished_at = COALESCE(finished_at, now()),
                           settled_at = now(), updated_at = now()
         WHERE id = $1 RETURNING *
       )
       SELECT * FROM settled`,
      [buildId, plan.status, plan.failureReason, JSON.stringify(plan.usage)],
    )) as BuildRow[];
    return { row, settledNow: true };
  }

  private async loadBuild(
    db: Pick<EntityManager, 'query'>,
    buildId: string,
    lock = false,
  ): Promise<BuildRow> {
    const rows = (await db.query(`SELECT * FROM builds WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      buildId,
    ])) as BuildRow[];
    if (rows.length === 0) throw new BuildNotFoundError(buildId);
    return rows[0];
  }
}

function toUsageRow(r: Record<string, unknown>): UsageRow {
  return {
    eventId: r.event_id as string,
    agent: r.agent as AgentType,
    attempt: r.attempt as number,
    inputTokens: r.input_tokens as number,
    outputTokens: r.output_tokens as number,
    images: r.images as number,
    creditsMicro: BigInt(r.credits_micro as string),
    occurredAt: r.occurred_at as Date,
  };
}

function toSettledBuild(r: BuildRow): SettledBuild {
  return {
    id: r.id,
    accountId: r.account_id,
    status: r.status as FinalStatus,
    failureReason: r.failure_reason,
    usage: r.usage ?? { total_tokens: 0, total_credits: 0, total_credits_micro: '0', agents: {} },
    estimate: r.estimate,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at ?? new Date(),
    reservedMicro: BigInt(r.reserved_micro),
    spentMicro: BigInt(r.spent_micro),
    refundedMicro: BigInt(r.refunded_micro),
  };
}

import { BuildFlowProducer, CancelFlag, EventPublisher } from '@autowebiq/bus';
import {
  formatCredits,
  type AgentJobPayload,
  type AgentModels,
  type BalanceResponse,
  type BuildResponse,
  type BuildStatus,
  type CreateBuildRequest,
  type CreateBuildResponse,
  type Page,
} from '@autowebiq/contracts';
import { Batcher, type BuildEstimate } from '@autowebiq/db';
import { BuildReservations, LedgerService } from '@autowebiq/ledger';
import { creditsToMicro, microToCredits } from '@autowebiq/pricing';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BalanceReader } from '../balance/balance-reader.service';
import { toBalanceResponse } from '../balance/balance-view';
import { ApiError, notFound } from '../errors/api-error';
import { MetricsService } from '../health/metrics.service';
import type { IdempotencyContext } from '../idempotency/idempotency-context';
import { PricingService } from '../pricing/pricing.service';
import { PreviewTokens } from '../site/preview-tokens.service';
import { decodeCursor, encodeCursor } from './build-cursor';
import { BUILD_COLUMNS, toBuildResponse, type BuildRow } from './build-view';

export interface ListBuildsQuery {
  limit: number;
  cursor?: string;
  status?: BuildStatus;
}

/** Builds of one account: request (estimate + hold in one transaction), read, list, cancel. */
@Injectable()
export class BuildsService {
  private readonly log = new Logger(BuildsService.name);
  /** Flows of concurrent requests' new builds go to Redis together. */
  private readonly newFlows = new Batcher<AgentJobPayload, void>(
    async (payloads) => {
      await this.flows.addNew(payloads);
      return payloads.map(() => undefined);
    },
    // Added after the reservation committed: refusing one then would only hand it to the sweeper.
    { maxBatch: 128, maxConcurrent: 2, maxQueued: Number.POSITIVE_INFINITY },
  );

  constructor(
    private readonly db: DataSource,
    private readonly ledger: LedgerService,
    private readonly reservations: BuildReservations,
    private readonly balances: BalanceReader,
    private readonly pricing: PricingService,
    private readonly flows: BuildFlowProducer,
    private readonly events: EventPublisher,
    private readonly cancelFlag: CancelFlag,
    private readonly previews: PreviewTokens,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Validation and the estimate first (nothing written), then the recovery point
   * (the build id; the claim of the Idempotency-Key wrote it already), then the reservation: it debits the
   * wallet only if it stays non-negative and, only then, inserts the build with its frozen price table and
   * its hold, in one statement shared with concurrent requests (BuildReservations). A
   * resumed request whose first attempt died before that statement runs it again
   * with the same build id; one that died after finds the build (the primary key
   * lets the statement happen at most once). The credits_update and the flow follow.
   */
  async create(
    accountId: string,
    body: CreateBuildRequest,
    idem: IdempotencyContext | null,
  ): Promise<CreateBuildResponse> {
    const recovered = idem?.recovery ? String(idem.recovery.build_id) : null;
    if (recovered) {
      const row = await this.findRow(accountId, recovered);
      if (row) return this.resume(accountId, row);
    }
    const models = this.pricing.resolveModels(body.models);
    const estimate = await this.pricing.estimate(body.prompt, models);
    const holdMicro = body.max_credits === undefined ? estimate.high : creditsToMicro(body.max_credits);
    const id = recovered ?? (idem?.claimedRecovery ? String(idem.claimedRecovery.build_id) : randomUUID());
    if (idem && !recovered) await idem.checkpoint({ build_id: id });
    const estimateView = {
      low_micro: String(estimate.low),
      expected_micro: String(estimate.expected),
      high_micro: String(estimate.high),
    };
    const outcome = await this.reservations.reserve({
      buildId: id,
      accountId,
      amountMicro: holdMicro,
      prompt: body.prompt,
      models,
      priceTable: this.pricing.table,
      estimate: estimateView,
    });
    if (outcome.kind === 'duplicate') return this.resume(accountId, await this.row(accountId, id));
    if (outcome.kind === 'insufficient') {
      this.metrics.reservations.inc({ outcome: 'insufficient_credits' });
      throw insufficientCredits(holdMicro, outcome.balance.availableMicro);
    }
    this.metrics.reservations.inc({ outcome: 'reserved' });
    this.metrics.reservedMicro.inc(Number(holdMicro));
    const build = toBuildResponse(
      newBuildRow(id, body.prompt, models, estimateView, holdMicro, outcome.createdAt),
    );
    const balance = toBalanceResponse(outcome.balance);
    // Independent of each other: started together, they share one Redis write with other requests' commands.
    await Promise.all([
      this.announceHold(accountId, id, holdMicro, balance),
      this.addFlow(accountId, id, body.prompt, models, true),
    ]);
    return { build, balance };
  }

  /** The first request with this key reserved its build and died before answering: answer from what it wrote. */
  private async resume(accountId: string, row: BuildRow): Promise<CreateBuildResponse> {
    await this.addFlow(accountId, row.id, row.prompt, row.models, false);
    return { build: this.view(row), balance: toBalanceResponse(await this.balances.read(accountId)) };
  }

  async get(accountId: string, buildId: string): Promise<BuildResponse> {
    return this.view(await this.row(accountId, buildId));
  }

  async list(accountId: string, q: ListBuildsQuery): Promise<Page<BuildResponse>> {
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const rows: BuildRow[] = await this.db.query(
      `SELECT ${BUILD_COLUMNS} FROM builds
       WHERE account_id = $1 AND ($2::text IS NULL OR status = $2)
         AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $5`,
      [accountId, q.status ?? null, after?.createdAt ?? null, after?.id ?? null, q.limit + 1],
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      data: page.map((r) => this.view(r)),
      next_cursor: rows.length > q.limit ? encodeCursor(last) : null,
    };
  }

  /** Fails with 404 unless the build exists and belongs to the account. */
  async assertOwned(accountId: string, buildId: string): Promise<void> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM builds WHERE id = $1 AND account_id = $2`, [
      buildId,
      accountId,
    ]);
    if (rows.length === 0) throw notFound('Build');
  }

  /**
   * A build no worker has started is stopped here: its hold goes back to the
   * wallet now, its jobs leave the queues and it never runs. A running one gets the cancel flag; its
   * workers stop between calls and billing's settle charges what ran.
   */
  async cancel(accountId: string, buildId: string): Promise<CreateBuildResponse> {
    const outcome = await this.ledger.transaction(async (tx) => {
      const [row]: BuildRow[] = await tx.query(
        `SELECT ${BUILD_COLUMNS} FROM builds WHERE id = $1 AND account_id = $2 FOR UPDATE`,
        [buildId, accountId],
      );
      if (!row) throw notFound('Build');
      if (row.status === 'cancelled') return { kind: 'unchanged' as const };
      if (row.status !== 'queued' && row.status !== 'running') {
        throw new ApiError(
          422,
          'unprocessable',
          `The build is already ${row.status.replace('_', ' ')}; there is nothing to cancel`,
        );
      }
      if (row.status === 'queued' && row.started_at === null) {
        await tx.query(
          `UPDATE builds SET status = 'cancelled', cancel_requested_at = now(), finished_at = now(), settled_at = now(),
             failure_reason = 'Cancelled before it started', updated_at = now() WHERE id = $1`,
          [buildId],
        );
        const { refundedMicro } = await this.ledger.release(tx, { buildId, reason: 'user_cancelled' });
        return { kind: 'stopped' as const, refundedMicro, balance: await this.ledger.balance(accountId, tx) };
      }
      await tx.query(
        `UPDATE builds SET cancel_requested_at = COALESCE(cancel_requested_at, now()), updated_at = now() WHERE id = $1`,
        [buildId],
      );
      return { kind: 'requested' as const };
    });
    if (outcome.kind !== 'unchanged') {
      // Also for a queued build: a worker may be picking its job up right now, and the flag makes it stop.
      await this.cancelFlag
        .set(buildId, 'cancelled')
        .catch((e: Error) => this.log.warn(`cancel flag of ${buildId} not set: ${e.message}`));
    }
    if (outcome.kind === 'stopped') {
      // Its balance was read in the transaction that released the hold.
      const balance = toBalanceResponse(outcome.balance);
      await this.flows
        .removeQueued(buildId)
        .catch((e: Error) => this.log.warn(`queued jobs of ${buildId} not removed: ${e.message}`));
      await this.announceStopped(accountId, buildId, outcome.refundedMicro, balance);
      return { build: await this.get(accountId, buildId), balance };
    }
    return {
      build: await this.get(accountId, buildId),
      balance: toBalanceResponse(await this.balances.read(accountId)),
    };
  }

  private async row(accountId: string, buildId: string): Promise<BuildRow> {
    const row = await this.findRow(accountId, buildId);
    if (!row) throw notFound('Build');
    return row;
  }

  private async findRow(accountId: string, buildId: string): Promise<BuildRow | undefined> {
    const [row]: BuildRow[] = await this.db.query(
      `SELECT ${BUILD_COLUMNS} FROM builds WHERE id = $1 AND account_id = $2`,
      [buildId, accountId],
    );
    return row;
  }

  private view(row: BuildRow): BuildResponse {
    return toBuildResponse(row, row.status === 'completed' ? this.previews.link(row.id).url : null);
  }

  private async announceHold(
    accountId: string,
    buildId: string,
    holdMicro: bigint,
    balance: BalanceResponse,
  ): Promise<void> {
    try {
      await this.events.publishBuildEvent(accountId, buildId, {
        type: 'credits_update',
        ...balance,
        build_reserved: microToCredits(holdMicro),
        build_reserved_micro: holdMicro.toString(),
        build_spent: 0,
        build_spent_micro: '0',
        transaction: {
          amount: -microToCredits(holdMicro),
          amount_micro: (-holdMicro).toString(),
          operation: 'website_generation',
        },
      });
    } catch (e) {
      this.metrics.afterCommitFailures.inc({ step: 'publish' });
      this.log.warn(`credits_update of build ${buildId} not published: ${(e as Error).message}`);
    }
  }

  /**
   * Queues the build's agents. `fresh`: reserved by this request a moment ago, so its flow cannot exist yet
   * and goes to Redis with other requests' new flows. Otherwise (a resumed request) job ids derive from the
   * build id and an existing flow is left as it is. A flow lost here is re-added by billing's sweeper.
   */
  private async addFlow(
    accountId: string,
    buildId: string,
    prompt: string,
    models: AgentModels,
    fresh: boolean,
  ): Promise<void> {
    const payload = { build_id: buildId, account_id: accountId, prompt, models };
    try {
      await (fresh ? this.newFlows.submit(payload) : this.flows.add(payload));
    } catch (e) {
      this.metrics.afterCommitFailures.inc({ step: 'flow' });
      this.log.warn(`flow of build ${buildId} not added (the sweeper will): ${(e as Error).message}`);
    }
  }

  /** The gateway settled this build itself (it never started), so it also tells the clients. */
  private async announceStopped(
    accountId: string,
    buildId: string,
    refundedMicro: bigint,
    balance: BalanceResponse,
  ): Promise<void> {
    try {
      if (refundedMicro > 0n) {
        await this.events.publishBuildEvent(accountId, buildId, {
          type: 'credits_update',
          ...balance,
          transaction: {
            amount: microToCredits(refundedMicro),
            amount_micro: refundedMicro.toString(),
            operation: 'refund',
          },
        });
      }
      await this.events.publishBuildEvent(accountId, buildId, {
        type: 'build_failed',
        reason: 'Cancelled before it started',
        refunded: microToCredits(refundedMicro),
        refunded_micro: refundedMicro.toString(),
        status: 'cancelled',
      });
    } catch (e) {
      this.log.warn(`cancel events of build ${buildId} not published: ${(e as Error).message}`);
    }
  }
}

function insufficientCredits(requiredMicro: bigint, availableMicro: bigint): ApiError {
  return new ApiError(
    402,
    'insufficient_credits',
    `needs ${formatCredits(requiredMicro)} credits, you have ${formatCredits(availableMicro)}`,
    {
      required: microToCredits(requiredMicro),
      available: microToCredits(availableMicro),
      required_micro: requiredMicro.toString(),
      available_micro: availableMicro.toString(),
    },
  );
}

/** The row the reservation statement inserted, without reading it back. */
function newBuildRow(
  id: string,
  prompt: string,
  models: AgentModels,
  estimate: BuildEstimate,
  reservedMicro: bigint,
  createdAt: Date,
): BuildRow {
  return {
    id,
    status: 'queued',
    prompt,
    models,
    estimate,
    reserved_micro: reservedMicro.toString(),
    spent_micro: '0',
    refunded_micro: '0',
    usage: null,
    failure_reason: null,
    cancel_requested_at: null,
    created_at: createdAt,
    started_at: null,
    finished_at: null,
    created_at_exact: createdAt.toISOString(),
  };
}

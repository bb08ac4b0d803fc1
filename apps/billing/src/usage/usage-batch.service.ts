import type { DeadLetter, StreamEntry } from '@autowebiq/bus';
import {
  formatCredits,
  TERMINAL_BUILD_STATUSES,
  type AgentMessages,
  type UsageEvent,
} from '@autowebiq/contracts';
import { isPostgresDataError } from '@autowebiq/db';
import type { LedgerService } from '@autowebiq/ledger';
import { priceUsage, UnpricedModelError } from '@autowebiq/pricing';
import type { EntityManager } from 'typeorm';
import type { BuildPriceCache } from './build-price-cache';
import { parseUsageEntry } from './usage-entry';
import { insertUsageRowsSql, usageRowParams, type PricedUsage } from './usage-rows.sql';

/** What one build's usage in a batch came to. */
export interface BuildCapture {
  buildId: string;
  accountId: string;
  capturedMicro: bigint;
  shortfallMicro: bigint;
  /** Usage of a build whose hold was already released (it settled first): recorded, charged nothing. */
  afterSettleMicro: bigint;
  /** This batch moved the build to over_budget (it was running until now). */
  overBudgetNow: boolean;
}

export interface UsageBatchOutcome {
  deadLetters: DeadLetter[];
  /** Dead-lettered events whose ids are known, so settle stops waiting for them. */
  deadEvents: { buildId: string; eventId: string }[];
  /** Events billed by this batch (first time seen). */
  inserted: number;
  /** Events already billed before (a redelivery or a second consumer): charged nothing. */
  duplicates: number;
  captures: BuildCapture[];
}

interface Priced extends PricedUsage {
  entryId: string;
}

/** The build's failure reason and the warning that stops it: one text, so both say the same. */
export const overBudgetReason = (messages: AgentMessages, shortfallMicro: bigint) =>
  messages.text('system.over_budget', { credits: formatCredits(shortfallMicro) });

/**
 * Bills one batch of the `usage` stream in ONE Postgres transaction: insert the
 * usage rows (the event id is the primary key, so a redelivered event inserts
 * nothing), price only the rows that were new with each build's frozen table,
 * and capture the sums from the builds' holds. Entries that cannot be billed
 * come back as dead letters; they never fail the batch.
 */
export class UsageBatchService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly builds: BuildPriceCache,
    private readonly messages: AgentMessages,
  ) {}

  async bill(entries: StreamEntry[]): Promise<UsageBatchOutcome> {
    const outcome: UsageBatchOutcome = {
      deadLetters: [],
      deadEvents: [],
      inserted: 0,
      duplicates: 0,
      captures: [],
    };
    const priced = await this.price(entries, outcome);
    if (priced.length > 0) await this.billOrSplit(priced, outcome);
    return outcome;
  }

  /**
   * Bills `priced` in one transaction. When the database rejects the data (something slipped
   * past validation) each half is billed alone, down to the offending entries, which are
   * dead-lettered: a few transactions per bad entry, not one per entry of the batch.
   */
  private async billOrSplit(priced: Priced[], outcome: UsageBatchOutcome): Promise<void> {
    try {
      await this.billPriced(priced, outcome);
    } catch (e) {
      if (!isPostgresDataError(e)) throw e;
      if (priced.length === 1) {
        this.deadLetter(outcome, priced[0], `rejected by the database: ${(e as Error).message}`);
        return;
      }
      const half = Math.ceil(priced.length / 2);
      await this.billOrSplit(priced.slice(0, half), outcome);
      await this.billOrSplit(priced.slice(half), outcome);
    }
  }

  private async price(entries: StreamEntry[], outcome: UsageBatchOutcome): Promise<Priced[]> {
    const seen = new Set<string>();
    const valid: { entryId: string; event: UsageEvent }[] = [];
    for (const entry of entries) {
      const parsed = parseUsageEntry(entry);
      if (!parsed.ok) {
        outcome.deadLetters.push({ id: parsed.entryId, reason: parsed.reason });
        if (parsed.buildId && parsed.eventId)
          outcome.deadEvents.push({ buildId: parsed.buildId, eventId: parsed.eventId });
        continue;
      }
      // The same event twice in one batch (a producer retried its XADD): bill the first.
      if (seen.has(parsed.event.event_id)) {
        outcome.duplicates++;
        continue;
      }
      seen.add(parsed.event.event_id);
      valid.push(parsed);
    }
    const builds = await this.builds.getMany(valid.map((v) => v.event.build_id));
    const priced: Priced[] = [];
    for (const v of valid) {
      const { event } = v;
      const build = builds.get(event.build_id);
      if (!build) {
        this.deadLetter(outcome, v, 'unknown build');
      } else if (build.accountId !== event.account_id) {
        this.deadLetter(outcome, v, 'account_id is not the build owner');
      } else {
        try {
          const creditsMicro = priceUsage(build.priceTable, event);
          priced.push({ entryId: v.entryId, event, accountId: build.accountId, creditsMicro });
        } catch (e) {
          if (!(e instanceof UnpricedModelError)) throw e;
          this.deadLetter(outcome, v, `unpriced model "${event.model}" in the build's price table`);
        }
      }
    }
    return priced;
  }

  private async billPriced(priced: Priced[], outcome: UsageBatchOutcome): Promise<void> {
    const { inserted, captures } = await this.ledger.transaction(async (tx) => {
      const perBuild = await insertNew(tx, priced);
      const accountOf = new Map<string, string>();
      for (const p of priced) accountOf.set(p.event.build_id, p.accountId);
      // Usage of a build already settled is recorded but not charged: captureMany decides that under the holds' lock.
      const requests = perBuild
        .filter((b) => b.amount > 0n)
        .map((b) => ({
          buildId: b.buildId,
          accountId: accountOf.get(b.buildId) as string,
          amountMicro: b.amount,
        }));
      const results = await this.ledger.captureMany(tx, requests);
      const requested = new Map(requests.map((r) => [r.buildId, r.amountMicro]));
      const short = results.filter((r) => r.shortfallMicro > 0n);
      const stopped =
        short.length > 0
          ? await markOverBudget(
              tx,
              short.map((r) => ({
                buildId: r.buildId,
                reason: overBudgetReason(this.messages, r.shortfallMicro),
              })),
            )
          : new Set<string>();
      return {
        inserted: perBuild.reduce((acc, b) => acc + b.events, 0),
        captures: results.map((r) => ({
          buildId: r.buildId,
          accountId: accountOf.get(r.buildId) as string,
          capturedMicro: r.capturedMicro,
          shortfallMicro: r.shortfallMicro,
          afterSettleMicro: (requested.get(r.buildId) ?? 0n) - r.capturedMicro - r.shortfallMicro,
          overBudgetNow: stopped.has(r.buildId),
        })),
      };
    });
    outcome.inserted += inserted;
    outcome.duplicates += priced.length - inserted;
    outcome.captures.push(...captures);
  }

  private deadLetter(
    outcome: UsageBatchOutcome,
    p: { entryId: string; event: UsageEvent },
    reason: string,
  ): void {
    outcome.deadLetters.push({ id: p.entryId, reason });
    outcome.deadEvents.push({ buildId: p.event.build_id, eventId: p.event.event_id });
  }
}

/** Inserts the rows that are new; returns, per build, how many were new and what they cost. Set-based: one statement. */
async function insertNew(
  tx: EntityManager,
  priced: Priced[],
): Promise<{ buildId: string; events: number; amount: bigint }[]> {
  const rows: { build_id: string; events: number; amount: string }[] = await tx.query(
    `WITH ins AS (${insertUsageRowsSql()} RETURNING build_id, credits_micro)
     SELECT build_id, count(*)::int AS events, sum(credits_micro)::text AS amount FROM ins GROUP BY build_id`,
    usageRowParams(priced),
  );
  return rows.map((r) => ({ buildId: r.build_id, events: r.events, amount: BigInt(r.amount) }));
}

/** Moves running builds whose usage the wallet could not cover to over_budget; returns the ids that moved now. */
async function markOverBudget(
  tx: EntityManager,
  short: { buildId: string; reason: string }[],
): Promise<Set<string>> {
  const rows: { id: string }[] = await tx.query(
    `WITH moved AS (
       UPDATE builds b SET status = 'over_budget', failure_reason = s.reason, updated_at = now()
       FROM unnest($1::uuid[], $2::text[]) AS s(id, reason)
       WHERE b.id = s.id AND b.settled_at IS NULL AND NOT (b.status = ANY($3::text[]))
       RETURNING b.id
     )
     SELECT id FROM moved`,
    [short.map((s) => s.buildId), short.map((s) => s.reason), TERMINAL_BUILD_STATUSES],
  );
  return new Set(rows.map((r) => r.id));
}

import type { StreamBatchResult, StreamEntry } from '@autowebiq/bus';
import { redisKeys, StreamName } from '@autowebiq/contracts';
import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BillingResources } from '../billing-resources';
import { billingMetrics } from '../billing-metrics';
import { LiveCreditsNotifier } from './live-credits.notifier';
import { OverBudgetNotifier } from './over-budget.notifier';
import { UsageBatchService } from './usage-batch.service';

/** Stream `usage`, group `billing`: each batch is billed in one transaction, then acknowledged by the transport. */
@Controller()
export class UsageController {
  private readonly logger = new Logger(UsageController.name);

  constructor(
    private readonly resources: BillingResources,
    private readonly batches: UsageBatchService,
    private readonly live: LiveCreditsNotifier,
    private readonly overBudget: OverBudgetNotifier,
  ) {}

  @EventPattern(StreamName.Usage)
  async onUsage(@Payload() entries: StreamEntry[]): Promise<StreamBatchResult> {
    const outcome = await this.batches.bill(entries);
    await this.rememberDead(outcome.deadEvents);
    billingMetrics.usageEvents.inc({ outcome: 'billed' }, outcome.inserted);
    billingMetrics.usageEvents.inc({ outcome: 'duplicate' }, outcome.duplicates);
    billingMetrics.usageEvents.inc({ outcome: 'dead_letter' }, outcome.deadLetters.length);
    for (const c of outcome.captures) {
      billingMetrics.capturedMicro.inc(Number(c.capturedMicro));
      if (c.shortfallMicro > 0n) billingMetrics.shortfallMicro.inc(Number(c.shortfallMicro));
      if (c.afterSettleMicro > 0n) {
        billingMetrics.afterSettleMicro.inc(Number(c.afterSettleMicro));
        // Expected only from an attempt whose result was dropped; anything else is revenue the books never saw.
        this.logger.warn(
          `Build ${c.buildId}: ${c.afterSettleMicro} µcr of usage arrived after it settled; not charged`,
        );
      }
    }
    this.live.note(outcome.captures);
    await this.overBudget.handle(outcome.captures);
    return { deadLetters: outcome.deadLetters };
  }

  /** Settle waits for every reported event id to be billed; these never will be, so it must know them. */
  private async rememberDead(dead: { buildId: string; eventId: string }[]): Promise<void> {
    if (dead.length === 0) return;
    const { REDIS_PREFIX: prefix, BUILD_KEYS_TTL_SECONDS: ttl } = this.resources.config;
    const byBuild = new Map<string, string[]>();
    for (const d of dead) byBuild.set(d.buildId, [...(byBuild.get(d.buildId) ?? []), d.eventId]);
    // One MULTI per build: each build's keys live in their own Redis Cluster slot.
    await Promise.all(
      [...byBuild].map(([buildId, eventIds]) => {
        const key = redisKeys.buildUsageDead(prefix, buildId);
        return this.resources.redis
          .multi()
          .sadd(key, ...eventIds)
          .expire(key, ttl)
          .exec();
      }),
    );
  }
}

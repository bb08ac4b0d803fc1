import type { AgentMessages } from '@autowebiq/contracts';
import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BillingResources } from '../billing-resources';
import { BuildPriceCache } from './build-price-cache';
import { LiveCreditsNotifier } from './live-credits.notifier';
import { OverBudgetNotifier } from './over-budget.notifier';
import { UsageBatchService } from './usage-batch.service';
import { UsageController } from './usage.controller';

/** The `usage` stream consumer: billing of usage batches, live credit updates, stopping builds over budget. */
@Module({})
export class UsageModule implements OnApplicationShutdown {
  constructor(private readonly live: LiveCreditsNotifier) {}

  static register(resources: BillingResources, messages: AgentMessages): DynamicModule {
    return {
      module: UsageModule,
      controllers: [UsageController],
      providers: [
        { provide: BillingResources, useValue: resources },
        {
          provide: UsageBatchService,
          useFactory: () =>
            new UsageBatchService(resources.ledger, new BuildPriceCache(resources.dataSource), messages),
        },
        {
          provide: LiveCreditsNotifier,
          useFactory: () =>
            new LiveCreditsNotifier(resources.dataSource, resources.ledger, resources.liveEvents, {
              intervalMs: resources.config.BILLING_CREDITS_UPDATE_MS,
              maxPerSecond: resources.config.BILLING_CREDITS_UPDATES_PER_SECOND,
            }),
        },
        {
          provide: OverBudgetNotifier,
          useFactory: () => new OverBudgetNotifier(resources.cancelFlag, resources.events, messages),
        },
      ],
    };
  }

  /** The transport has stopped reading by now: send the live updates still pending. */
  async onApplicationShutdown(): Promise<void> {
    await this.live.close();
  }
}

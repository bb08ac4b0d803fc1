import type { AgentMessages } from '@autowebiq/contracts';
import { CreditLots } from '@autowebiq/ledger';
import {
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { BillingResources } from '../billing-resources';
import { GrantExpiryService } from '../sweep/grant-expiry.service';
import { Sweeper } from '../sweep/sweeper.service';
import { FinalEventsPublisher } from './final-events.publisher';
import { ReportedUsageWaiter } from './reported-usage.waiter';
import { SettleController } from './settle.controller';
import { SettleService } from './settle.service';

/** The `billing-settle` queue consumer and the sweepers that settle or re-queue what fell through. */
@Module({})
export class SettleModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly sweeper: Sweeper) {}

  static register(resources: BillingResources, messages: AgentMessages): DynamicModule {
    const { config } = resources;
    const prefix = config.REDIS_PREFIX;
    return {
      module: SettleModule,
      controllers: [SettleController],
      providers: [
        { provide: BillingResources, useValue: resources },
        {
          provide: SettleService,
          useFactory: () =>
            new SettleService(
              resources.redis,
              resources.dataSource,
              resources.ledger,
              new ReportedUsageWaiter(resources.redis, resources.dataSource, prefix),
              new FinalEventsPublisher(
                resources.redis,
                resources.events,
                resources.ledger,
                resources.dataSource,
                prefix,
                messages,
              ),
              {
                prefix,
                waitMs: config.SETTLE_WAIT_MS,
                refundOnPlatformFailure: config.REFUND_ON_PLATFORM_FAILURE,
              },
            ),
        },
        {
          provide: Sweeper,
          inject: [SettleService],
          useFactory: (settle: SettleService) =>
            new Sweeper(
              resources.dataSource,
              resources.redis,
              resources.flows,
              resources.cancelFlag,
              settle,
              resources.settleJobs,
              new GrantExpiryService(new CreditLots(resources.dataSource), resources.events),
              {
                prefix,
                intervalMs: config.SWEEP_INTERVAL_MS,
                holdTtlSeconds: config.HOLD_TTL_SECONDS,
                requeueAfterMs: config.QUEUED_REQUEUE_AFTER_MS,
                settleRequestAfterMs: config.SETTLE_REQUEST_AFTER_MS,
              },
            ),
        },
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeper.stop();
  }
}

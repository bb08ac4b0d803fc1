import { jobNames, settleJobPayloadSchema } from '@autowebiq/contracts';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { UnrecoverableError } from 'bullmq';
import { BuildNotFoundError, SettleService, type SettleResult } from './settle.service';

/** Queue `billing-settle`: one job per build once its pipeline ended, failed or was cancelled. */
@Controller()
export class SettleController {
  constructor(private readonly settle: SettleService) {}

  @EventPattern(jobNames.settle)
  async onSettle(@Payload() data: unknown): Promise<SettleResult> {
    const parsed = settleJobPayloadSchema.safeParse(data);
    if (!parsed.success) throw new UnrecoverableError(`Bad settle payload: ${parsed.error.message}`);
    try {
      return await this.settle.settle(parsed.data);
    } catch (e) {
      if (e instanceof BuildNotFoundError) throw new UnrecoverableError(e.message);
      throw e;
    }
  }
}

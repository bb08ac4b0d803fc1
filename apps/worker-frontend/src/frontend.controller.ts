import type { FrontendResult } from '@autowebiq/agent-runtime';
import { BullMqContext } from '@autowebiq/bus';
import { jobNames } from '@autowebiq/contracts';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FrontendService } from './frontend.service';

@Controller()
export class FrontendController {
  constructor(private readonly frontend: FrontendService) {}

  /** Third stage: the plan and images in, the site's files stored, their list out. */
  @EventPattern(jobNames.frontend)
  build(@Payload() payload: unknown, @Ctx() ctx: BullMqContext): Promise<FrontendResult> {
    return this.frontend.run(payload, ctx);
  }
}

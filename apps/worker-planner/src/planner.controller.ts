import type { PlannerResult } from '@autowebiq/agent-runtime';
import { BullMqContext } from '@autowebiq/bus';
import { jobNames } from '@autowebiq/contracts';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PlannerService } from './planner.service';

@Controller()
export class PlannerController {
  constructor(private readonly planner: PlannerService) {}

  /** First stage of a build's flow: the prompt in, the site plan out. */
  @EventPattern(jobNames.planner)
  plan(@Payload() payload: unknown, @Ctx() ctx: BullMqContext): Promise<PlannerResult> {
    return this.planner.run(payload, ctx);
  }
}

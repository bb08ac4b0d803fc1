import type { TestingResult } from '@autowebiq/agent-runtime';
import { BullMqContext } from '@autowebiq/bus';
import { jobNames } from '@autowebiq/contracts';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TestingService } from './testing.service';

@Controller()
export class TestingController {
  constructor(private readonly testing: TestingService) {}

  /** Last stage: checks the stored site; its end ends the pipeline (billing settles the build). */
  @EventPattern(jobNames.testing)
  check(@Payload() payload: unknown, @Ctx() ctx: BullMqContext): Promise<TestingResult> {
    return this.testing.run(payload, ctx);
  }
}

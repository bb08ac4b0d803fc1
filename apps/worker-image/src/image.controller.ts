import type { ImageStageResult } from '@autowebiq/agent-runtime';
import { BullMqContext } from '@autowebiq/bus';
import { jobNames } from '@autowebiq/contracts';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ImageService } from './image.service';

@Controller()
export class ImageController {
  constructor(private readonly images: ImageService) {}

  /** Second stage: the planner's plan in, the site's images stored, their list out. */
  @EventPattern(jobNames.image)
  generate(@Payload() payload: unknown, @Ctx() ctx: BullMqContext): Promise<ImageStageResult> {
    return this.images.run(payload, ctx);
  }
}

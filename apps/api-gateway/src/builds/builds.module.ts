import { Module } from '@nestjs/common';
import { PricingModule } from '../pricing/pricing.module';
import { PreviewModule } from '../site/preview.module';
import { BuildTimelineService } from './build-timeline.service';
import { BuildsController } from './builds.controller';
import { BuildsService } from './builds.service';

@Module({
  imports: [PricingModule, PreviewModule],
  controllers: [BuildsController],
  providers: [BuildsService, BuildTimelineService],
  exports: [BuildsService],
})
export class BuildsModule {}

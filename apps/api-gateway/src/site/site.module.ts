import { Module } from '@nestjs/common';
import { BuildsModule } from '../builds/builds.module';
import { PreviewModule } from './preview.module';
import { SiteController } from './site.controller';
import { SiteFilesService } from './site-files.service';

@Module({ imports: [BuildsModule, PreviewModule], controllers: [SiteController], providers: [SiteFilesService] })
export class SiteModule {}

import { Module } from '@nestjs/common';
import { PreviewTokens } from './preview-tokens.service';

/** Preview links are signed by builds, checked by auth and served by site: their own module keeps those apart. */
@Module({ providers: [PreviewTokens], exports: [PreviewTokens] })
export class PreviewModule {}

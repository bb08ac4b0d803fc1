import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { PreviewModule } from '../site/preview.module';
import { AuthGuard } from './auth.guard';
import { RateLimiter } from './rate-limiter.service';

/** Authentication and per-key rate limiting for every route (routes opt out with @Public()). */
@Module({
  imports: [ApiKeysModule, PreviewModule],
  providers: [RateLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}

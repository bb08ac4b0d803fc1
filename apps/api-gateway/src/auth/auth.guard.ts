import type { Config } from '@autowebiq/config';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { CONFIG } from '../core/tokens';
import { ApiError } from '../errors/api-error';
import { PreviewTokens } from '../site/preview-tokens.service';
import { MetricsService } from '../health/metrics.service';
import { AUTH_MODE, bearerToken, type AuthedRequest, type AuthMode, type Principal } from './principal';
import { RateLimiter } from './rate-limiter.service';

const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer realm="autowebiq"' });

/**
 * Every route needs an API key unless marked otherwise. Requests made with a key
 * count against that key's rate limit; admin and preview calls do not.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly adminDigest: Buffer | null;

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly limiter: RateLimiter,
    private readonly previews: PreviewTokens,
    private readonly metrics: MetricsService,
    @Inject(CONFIG) config: Config,
  ) {
    this.adminDigest = config.ADMIN_TOKEN ? digest(config.ADMIN_TOKEN) : null;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const mode = this.reflector.getAllAndOverride<AuthMode>(AUTH_MODE, [ctx.getHandler(), ctx.getClass()]) ?? 'account';
    if (mode === 'public') return true;
    const request = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearerToken(request);
    if (mode === 'admin') {
      request.principal = this.admin(token);
      return true;
    }
    if (!token && mode === 'account-or-preview') {
      request.principal = this.preview(request);
      return true;
    }
    if (!token) throw unauthorized('Missing API key: send Authorization: Bearer <api key>');
    const owner = await this.keys.authenticate(token);
    if (!owner) throw unauthorized('Invalid or revoked API key');
    request.principal = { kind: 'account', ...owner };
    await this.rateLimit(owner.keyId, ctx.switchToHttp().getResponse<FastifyReply>());
    return true;
  }

  /** Constant-time: both sides are hashed first so even the length of the token leaks nothing. */
  private admin(token: string | null): Principal {
    if (!this.adminDigest) throw new ApiError(403, 'forbidden', 'Operator calls are disabled: ADMIN_TOKEN is not set');
    if (!token) throw unauthorized('Missing admin token');
    if (!timingSafeEqual(digest(token), this.adminDigest)) throw new ApiError(403, 'forbidden', 'This call needs the admin token');
    return { kind: 'admin' };
  }

  private preview(request: AuthedRequest): Principal {
    const query = request.query as Record<string, unknown> | undefined;
    const token = query?.preview_token;
    if (typeof token !== 'string') throw unauthorized('Missing API key or preview_token');
    const buildId = this.previews.verify(token);
    const params = request.params as Record<string, string> | undefined;
    if (!buildId || buildId !== params?.id?.toLowerCase()) throw unauthorized('Invalid or expired preview_token');
    return { kind: 'preview', buildId };
  }

  private async rateLimit(keyId: string, reply: FastifyReply): Promise<void> {
    const decision = await this.limiter.hit(keyId);
    void reply.header('x-ratelimit-limit', decision.limit);
    void reply.header('x-ratelimit-remaining', decision.remaining);
    void reply.header('x-ratelimit-reset', decision.resetS);
    if (decision.allowed) return;
    this.metrics.rateLimited.inc();
    throw new ApiError(
      429,
      'rate_limited',
      `Rate limit of ${decision.limit} requests per minute exceeded; retry in ${decision.resetS} s`,
      { limit: decision.limit, retry_after_s: decision.resetS },
      { 'retry-after': String(decision.resetS) },
    );
  }
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

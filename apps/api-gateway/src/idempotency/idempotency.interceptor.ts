import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import type { AuthedRequest } from '../auth/principal';
import { routeOf } from '../errors/api-exception.filter';
import { ApiError, invalidFields, ReplayedResponse } from '../errors/api-error';
import { MetricsService } from '../health/metrics.service';
import { canonicalJson, IDEMPOTENT, type IdempotencyContext, type IdempotentOptions, type RequestWithIdempotency } from './idempotency-context';
import { IdempotencyService } from './idempotency.service';

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
/** Answers of a request that ran: stored and replayed like a success. Anything else gives the key back. */
const STORED_ERROR_STATUSES = new Set([402, 404, 422]);

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyService,
    private readonly metrics: MetricsService,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const options = this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT, ctx.getHandler());
    if (!options) return next.handle();
    const request = ctx.switchToHttp().getRequest<AuthedRequest & RequestWithIdempotency>();
    const header = request.headers['idempotency-key'];
    if (header === undefined) {
      request.idempotency = null;
      return next.handle();
    }
    if (typeof header !== 'string' || !KEY_FORMAT.test(header)) {
      throw invalidFields([{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    }
    const scope = `${scopeOwner(request)} ${request.method} ${routeOf(request)}`;
    const hash = createHash('sha256').update(`${request.method} ${request.url.split('?')[0]}\n${canonicalJson(request.body)}`).digest('hex');
    const claimedRecovery = options.recoveryId ? { [options.recoveryId]: randomUUID() } : null;
    const claim = await this.keys.claim(scope, header, hash, claimedRecovery);
    this.metrics.idempotency.inc({ outcome: claim.kind });
    switch (claim.kind) {
      case 'replay':
        throw new ReplayedResponse(claim.status, claim.body);
      case 'conflict':
        throw new ApiError(409, 'idempotency_conflict', 'This Idempotency-Key was already used with a different request body');
      case 'in_progress':
        throw new ApiError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly', undefined, {
          'retry-after': '1',
        });
    }
    const context = this.context(scope, header, claim.kind === 'resume' ? claim.recovery : null, claim.kind === 'claimed' ? claimedRecovery : null);
    request.idempotency = context;
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, ctx.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
    return next.handle().pipe(
      mergeMap(async (body) => {
        if (!context.completed) await this.keys.complete(scope, header, status, body);
        return body;
      }),
      catchError((e: unknown) =>
        from(this.settleFailure(scope, header, e, context.checkpointed ? null : context.claimedRecovery)).pipe(mergeMap(() => throwError(() => e))),
      ),
    );
  }

  private context(
    scope: string,
    key: string,
    recovery: Record<string, unknown> | null,
    claimedRecovery: Record<string, unknown> | null,
  ): IdempotencyContext & { readonly checkpointed: boolean } {
    const keys = this.keys;
    let completed = false;
    let checkpointed = false;
    return {
      recovery,
      claimedRecovery,
      get completed() {
        return completed;
      },
      get checkpointed() {
        return checkpointed;
      },
      async checkpoint(data, tx) {
        if (!claimedRecovery || canonicalJson(data) !== canonicalJson(claimedRecovery)) await keys.checkpoint(scope, key, data, tx);
        checkpointed = true;
      },
      async complete(tx: EntityManager, status: number, body: unknown, stored?: unknown) {
        await keys.complete(scope, key, status, stored ?? body, tx);
        completed = true;
      },
    };
  }

  /** A request that ran to a definite answer keeps it; one that failed on the way gives the key back. */
  private async settleFailure(scope: string, key: string, e: unknown, unusedRecovery: Record<string, unknown> | null): Promise<void> {
    const status = e instanceof ApiError ? e.status : e instanceof HttpException ? e.getStatus() : 500;
    try {
      if (e instanceof ApiError && STORED_ERROR_STATUSES.has(status)) {
        await this.keys.complete(scope, key, status, e.toBody());
      } else {
        await this.keys.release(scope, key, unusedRecovery);
      }
    } catch {
      // The database is likely down too; the claim is taken over once abandoned.
    }
  }
}

function scopeOwner(request: AuthedRequest): string {
  const p = request.principal;
  if (p?.kind === 'account') return `account:${p.accountId}`;
  if (p?.kind === 'admin') return 'admin';
  throw new Error('Idempotent routes need an account or the admin token');
}

import type { ApiErrorBody, ErrorCode } from '@autowebiq/contracts';
import { BatcherFullError, isPostgresDataException } from '@autowebiq/db';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ReplayedResponse } from './api-error';
import { OVERLOADED_RETRY_AFTER_S, UNAVAILABLE_RETRY_AFTER_S, unavailableDependency } from './unavailable';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  402: 'insufficient_credits',
  403: 'forbidden',
  404: 'not_found',
  405: 'bad_request',
  413: 'payload_too_large',
  415: 'bad_request',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Every error leaves as `{ error: { code, message, details? } }` with its status; nothing internal leaks. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (reply.sent) return;
    if (exception instanceof ReplayedResponse) {
      void reply
        .status(exception.status)
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8')
        .send(exception.body);
      return;
    }
    const { status, body, headers } = this.toAnswer(exception, request);
    void reply.status(status).headers(headers).send(body);
  }

  private toAnswer(
    e: unknown,
    request: FastifyRequest,
  ): { status: number; body: ApiErrorBody; headers: Record<string, string> } {
    if (e instanceof ApiError) {
      return { status: e.status, headers: e.headers, body: e.toBody() };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request');
      return { status, headers: {}, body: { error: { code, message: httpMessage(e) } } };
    }
    if (isPostgresDataException(e)) {
      // A value Postgres would not take (a bad date, uuid or byte): the request's fault, so a 400, not a 500.
      // Every such value should have been refused by validation, naming its field; this is the backstop, and
      // the warning says which route lets one through. Integrity violations (class 23) are not here on purpose:
      // the gateway handles the ones a request can cause (a duplicate, a missing account) itself, so one that
      // gets this far is a bug or a broken invariant and stays a logged 500.
      this.log.warn(
        `${request.method} ${routeOf(request)}: Postgres refused a value (${(e as Error).message})`,
      );
      return {
        status: 400,
        headers: {},
        body: {
          error: { code: 'bad_request', message: 'A value in the request is malformed or out of range' },
        },
      };
    }
    if (e instanceof BatcherFullError) {
      this.log.warn(`${request.method} ${routeOf(request)}: refused, ${e.message}`);
      return {
        status: 503,
        headers: { 'retry-after': String(OVERLOADED_RETRY_AFTER_S) },
        body: {
          error: { code: 'overloaded', message: 'Too many requests are waiting right now; retry shortly' },
        },
      };
    }
    const dependency = unavailableDependency(e);
    if (dependency) {
      this.log.warn(
        `${request.method} ${routeOf(request)}: ${dependency} unavailable (${(e as Error).message})`,
      );
      return {
        status: 503,
        headers: { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_S) },
        body: {
          error: {
            code: 'unavailable',
            message: `The service is temporarily unavailable (${dependency}); retry shortly`,
          },
        },
      };
    }
    this.log.error(`${request.method} ${routeOf(request)}: ${(e as Error)?.stack ?? String(e)}`);
    return { status: 500, headers: {}, body: { error: { code: 'internal', message: 'Internal error' } } };
  }
}

function httpMessage(e: HttpException): string {
  const response = e.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : e.message;
}

/** The route template, never the raw URL: query strings may carry preview tokens. */
export const routeOf = (request: FastifyRequest): string =>
  request.routeOptions?.url ?? request.url.split('?')[0];

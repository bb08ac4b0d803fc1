import { Logger, type ArgumentsHost } from '@nestjs/common';
import { BatcherFullError } from '@autowebiq/db';
import { QueryFailedError } from 'typeorm';
import { ApiExceptionFilter } from './api-exception.filter';

/** What the filter answered for `e` thrown by a request, as the client gets it. */
function answerOf(e: unknown): { status: number; body: unknown } {
  const sent: { status: number; body: unknown } = { status: 0, body: undefined };
  const reply = {
    sent: false,
    status(code: number) {
      sent.status = code;
      return reply;
    },
    headers: () => reply,
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const request = { method: 'GET', url: '/v1/builds?cursor=x', routeOptions: { url: '/v1/builds' } };
  const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) };
  new ApiExceptionFilter().catch(e, host as unknown as ArgumentsHost);
  return sent;
}

const fromPostgres = (code: string, message: string) =>
  new QueryFailedError('SELECT $1::uuid', ['x'], Object.assign(new Error(message), { code }));

describe('ApiExceptionFilter', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['22P02', 'invalid input syntax for type uuid: "------------------------------------"'],
    ['22008', 'date/time field value out of range: "2024-13-45T99:99:99Z"'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
  ])(
    'a Postgres data exception (%s) that got past validation is a 400, with nothing of Postgres in it',
    (code, message) => {
      const { status, body } = answerOf(fromPostgres(code, message));
      expect(status).toBe(400);
      expect(body).toEqual({
        error: { code: 'bad_request', message: 'A value in the request is malformed or out of range' },
      });
      expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining(message));
    },
  );

  it.each(['23505', '23503', '23514'])(
    'an integrity violation (%s) stays a logged 500: a bug, not bad input',
    (code) => {
      const { status, body } = answerOf(fromPostgres(code, 'violates a constraint'));
      expect(status).toBe(500);
      expect(body).toEqual({ error: { code: 'internal', message: 'Internal error' } });
      expect(Logger.prototype.error).toHaveBeenCalled();
    },
  );
  it('a request refused because too much is queued is a 503 overloaded with Retry-After', () => {
    const { status, body } = answerOf(new BatcherFullError(10_000));
    expect(status).toBe(503);
    expect(body).toEqual({
      error: { code: 'overloaded', message: 'Too many requests are waiting right now; retry shortly' },
    });
  });
});

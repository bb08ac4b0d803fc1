import {
  AutoWebIQError,
  BadRequestError,
  InsufficientCreditsError,
  NotFoundError,
  RateLimitError,
  errorFromResponse,
} from './errors';

describe('errorFromResponse', () => {
  it('carries the API error body', () => {
    const e = errorFromResponse(400, {
      error: { code: 'validation_failed', message: 'prompt is required', details: { field: 'prompt' } },
    });
    expect(e).toBeInstanceOf(BadRequestError);
    expect(e).toBeInstanceOf(AutoWebIQError);
    expect(e).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'prompt is required',
      details: { field: 'prompt' },
    });
  });

  it('402 names what the build needs and what the wallet has', () => {
    const e = errorFromResponse(402, {
      error: {
        code: 'insufficient_credits',
        message: 'no',
        details: { required: 12.5, available: 3.25, required_micro: '12500000', available_micro: '3250000' },
      },
    }) as InsufficientCreditsError;
    expect(e).toBeInstanceOf(InsufficientCreditsError);
    expect([e.required, e.available, e.requiredMicro, e.availableMicro]).toEqual([
      12.5,
      3.25,
      '12500000',
      '3250000',
    ]);
  });

  it('derives a code from the status when the body is not the API shape', () => {
    const e = errorFromResponse(404, '<html>');
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.code).toBe('not_found');
    expect(errorFromResponse(502, null).code).toBe('internal');
  });

  it('keeps Retry-After on 429', () => {
    const e = errorFromResponse(429, null, 1500) as RateLimitError;
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e.retryAfterMs).toBe(1500);
  });
});

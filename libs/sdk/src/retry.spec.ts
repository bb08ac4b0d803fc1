import { isRetryable, parseRetryAfter, retryDelay } from './retry';

const policy = { maxRetries: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backs off exponentially with jitter up to the cap', () => {
    expect(retryDelay(0, policy, undefined, () => 0)).toBe(50);
    expect(retryDelay(0, policy, undefined, () => 1)).toBe(100);
    expect(retryDelay(3, policy, undefined, () => 1)).toBe(800);
    expect(retryDelay(10, policy, undefined, () => 1)).toBe(1000);
  });

  it('never retries sooner than Retry-After asks', () => {
    expect(retryDelay(0, policy, 2500, () => 1)).toBe(2500);
    expect(retryDelay(3, policy, 10, () => 1)).toBe(800);
  });

  it('repeats a lost request only when a repeat is harmless', () => {
    expect(isRetryable('network_error', true)).toBe(true);
    expect(isRetryable('network_error', false)).toBe(false);
    expect(isRetryable({ status: 429 }, false)).toBe(true);
    expect(isRetryable({ status: 503 }, false)).toBe(true);
    expect(isRetryable({ status: 409, code: 'idempotency_in_progress' }, true)).toBe(true);
    expect(isRetryable({ status: 409, code: 'idempotency_conflict' }, true)).toBe(false);
    expect(isRetryable({ status: 402 }, true)).toBe(false);
    expect(isRetryable({ status: 500 }, true)).toBe(false);
  });
});

import { ApiError } from './api-error';
import { expiresAtField } from './expires-at-field';

const now = new Date('2026-12-05T01:30:00.000Z');

const refusal = (value: string) => {
  try {
    expiresAtField(value, now);
  } catch (e) {
    return { status: (e as ApiError).status, code: (e as ApiError).code, details: (e as ApiError).details };
  }
  return 'accepted';
};

describe('expiresAtField', () => {
  it('takes a date-time after now, up to exactly 10 years ahead', () => {
    expect(expiresAtField('2026-12-05T01:30:00.001Z', now)).toEqual(new Date('2026-12-05T01:30:00.001Z'));
    expect(expiresAtField('2036-12-05T01:30:00.000Z', now)).toEqual(new Date('2036-12-05T01:30:00.000Z'));
  });

  it.each([
    '2026-12-05T01:30:00.000Z',
    '2026-12-01T00:00:00Z',
    '2036-12-05T01:30:00.001Z',
    '2100-01-01T00:00:00Z',
  ])('refuses %s with 400 validation_failed naming expires_at', (value) => {
    expect(refusal(value)).toEqual({
      status: 400,
      code: 'validation_failed',
      details: { fields: [{ field: 'expires_at', message: expect.stringContaining('future') }] },
    });
  });
});

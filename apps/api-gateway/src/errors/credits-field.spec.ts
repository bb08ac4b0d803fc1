import { ApiError } from './api-error';
import { creditsField } from './credits-field';

describe('creditsField', () => {
  it('turns credits into exact µcr', () => {
    expect(creditsField(12.5, 'credits')).toBe(12_500_000n);
    expect(creditsField(0.000001, 'credits')).toBe(1n);
    expect(creditsField(2.345678, 'credits')).toBe(2_345_678n);
    expect(creditsField(0, 'initial_credits', { allowZero: true })).toBe(0n);
  });

  it.each([0, 1e-7, 0.1234567, Number.NaN, Number.POSITIVE_INFINITY, -1])('refuses %p, naming the field', (v) => {
    expect.assertions(3);
    try {
      creditsField(v, 'max_credits');
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(400);
      expect((e as ApiError).details).toEqual({ fields: [{ field: 'max_credits', message: expect.stringContaining('6 decimals') }] });
    }
  });
});

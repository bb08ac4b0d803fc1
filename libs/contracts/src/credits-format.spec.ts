import fc from 'fast-check';
import { formatCreditNumber, formatCredits } from './credits-format';

describe('formatCredits', () => {
  it('shows two decimals, rounded half up, with thousands separators', () => {
    expect(formatCredits('4521000')).toBe('4.52');
    expect(formatCredits('4525000')).toBe('4.53');
    expect(formatCredits('4524999')).toBe('4.52');
    expect(formatCredits('650000')).toBe('0.65');
    expect(formatCredits(1_234_567_890_000n)).toBe('1,234,567.89');
    expect(formatCredits('0')).toBe('0.00');
    expect(formatCredits('-5000000')).toBe('-5.00');
    expect(formatCredits('-4000')).toBe('0.00');
    expect(formatCredits('1500000', 0)).toBe('2');
  });

  it('formats a number of credits as its exact µcr would be, not as toFixed does', () => {
    expect((1.005).toFixed(2)).toBe('1.00');
    expect(formatCreditNumber(1.005)).toBe('1.01');
    expect(formatCreditNumber(2.675)).toBe('2.68');
    expect(formatCreditNumber(1234.5)).toBe('1,234.50');
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (micro) => {
        expect(formatCreditNumber(Number(micro) / 1_000_000)).toBe(formatCredits(micro));
      }),
    );
  });
});

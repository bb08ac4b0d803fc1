import fc from 'fast-check';
import { formatCredits, parseCredits } from './credits-format';

describe('parseCredits', () => {
  it('round-trips what parseCredits reads', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (micro) => {
        const text = formatCredits(micro, 6).replace(/,/g, '');
        expect(parseCredits(text)).toBe(micro);
      }),
    );
  });

  it('parseCredits refuses what is not an amount', () => {
    expect(parseCredits('12.5')).toBe(12_500_000n);
    expect(parseCredits('-1')).toBeUndefined();
    expect(parseCredits('1e3')).toBeUndefined();
    expect(parseCredits('0.0000001')).toBeUndefined();
  });
});

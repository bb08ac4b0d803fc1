import { CREDITS_DECIMAL } from '@autowebiq/contracts';

/** 1 credit = 1,000,000 micro-credits (µcr). Every amount in code and database is a bigint of µcr. */
export const MICRO_PER_CREDIT = 1_000_000n;

/**
 * Parses a credits amount given by a person or client ("12.5", 12.5) into µcr.
 * Goes through the decimal string so 0.1 + 0.2 style float error never enters;
 * more than 6 decimals is refused rather than silently rounded.
 */
export function creditsToMicro(credits: number | string): bigint {
  const text = typeof credits === 'number' ? numberToPlainString(credits) : credits.trim();
  const m = CREDITS_DECIMAL.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a non-negative credit amount with at most 6 decimals`);
  return BigInt(m[1]) * MICRO_PER_CREDIT + BigInt((m[2] ?? '').padEnd(6, '0'));
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not a finite number`);
  // The shortest decimal that round-trips the double: what the client meant. Tiny or
  // huge values come out in exponent form and are refused by the pattern.
  return String(n);
}

/** µcr → credits as a number rounded to 6 decimals, for the wire. Exact for any realistic balance (< 2^53 µcr). */
export function microToCredits(micro: bigint): number {
  return Number(micro) / 1_000_000;
}

/** Integer division of a non-negative numerator, rounded half-up. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n)
    throw new RangeError('divRoundHalfUp expects numerator >= 0 and denominator > 0');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export { formatCreditNumber, formatCredits } from '@autowebiq/contracts';

const MICRO = 1_000_000n;

/** Credits as people type them ("12.5") to exact µcr; undefined when it is not a number of credits. */
export function parseCredits(text: string): bigint | undefined {
  const m = /^\s*(\d{1,12})(?:\.(\d{1,6}))?\s*$/.exec(text);
  if (!m) return undefined;
  return BigInt(m[1]) * MICRO + BigInt((m[2] ?? '').padEnd(6, '0'));
}

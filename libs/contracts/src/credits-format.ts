const MICRO = 1_000_000n;

/**
 * Exact µcr (a decimal string, as the API sends beside every amount) to what a
 * person reads: `decimals` places, rounded half away from zero, with no float
 * in between. formatCredits('4521000') === '4.52'.
 */
export function formatCredits(micro: string | bigint, decimals = 2): string {
  const value = typeof micro === 'bigint' ? micro : BigInt(micro);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const scaled = (abs * scale * 2n + MICRO) / (MICRO * 2n);
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(decimals, '0');
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = decimals > 0 ? `${wholeText}.${frac}` : wholeText;
  return negative && scaled !== 0n ? `-${text}` : text;
}

/**
 * A credit figure the API gives only as a number (averages, per-agent estimates) the same way: back to
 * µcr first, so 1.005 reads 1.01 as its exact µcr would, not 1.00 as 1.005.toFixed(2) does.
 */
export function formatCreditNumber(credits: number, decimals = 2): string {
  return formatCredits(BigInt(Math.round(credits * 1_000_000)), decimals);
}

import type { PriceTable } from '@autowebiq/contracts';
import { MICRO_PER_CREDIT, divRoundHalfUp } from './money';

export class UnpricedModelError extends Error {
  constructor(readonly model: string) {
    super(`Model "${model}" has no price`);
    this.name = 'UnpricedModelError';
  }
}

export interface MeteredUsage {
  model: string;
  input_tokens: number;
  output_tokens: number;
  images?: number;
}

/** "1.5" → 1_500_000n: multipliers as integers scaled by 10^6, so pricing stays in integer arithmetic. */
export function multiplierMicro(multiplier: string): bigint {
  const [whole, frac = ''] = multiplier.split('.');
  return BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
}

/** Tokens an event is billed for, before the multiplier: text tokens plus images at their token equivalent. */
export const billableTokens = (table: PriceTable, u: MeteredUsage): bigint =>
  BigInt(u.input_tokens) + BigInt(u.output_tokens) + BigInt(u.images ?? 0) * BigInt(table.image_token_equivalent);

/**
 * µcr of one usage event = tokens × multiplier × 1,000,000 / tokens_per_credit,
 * rounded half-up once per event (DESIGN.md section 4).
 */
export function priceUsage(table: PriceTable, usage: MeteredUsage): bigint {
  const price = table.models[usage.model];
  if (!price) throw new UnpricedModelError(usage.model);
  const numerator = billableTokens(table, usage) * multiplierMicro(price.multiplier) * MICRO_PER_CREDIT;
  return divRoundHalfUp(numerator, 1_000_000n * BigInt(table.tokens_per_credit));
}

import { creditsToMicro } from '@autowebiq/pricing';
import { invalidFields } from './api-error';

/** A credits amount from a request as exact µcr; more than 6 decimals is refused, never rounded. */
export function creditsField(value: number, field: string, opts: { allowZero?: boolean } = {}): bigint {
  let micro: bigint | null = null;
  try {
    micro = creditsToMicro(value);
  } catch {
    // Reported below with the field's name.
  }
  if (micro === null || (micro === 0n && !opts.allowZero)) {
    throw invalidFields([{ field, message: `must be a ${opts.allowZero ? 'non-negative' : 'positive'} number of credits with at most 6 decimals` }]);
  }
  return micro;
}

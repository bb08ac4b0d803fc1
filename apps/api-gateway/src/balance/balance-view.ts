import type { BalanceResponse } from '@autowebiq/contracts';
import type { Balance } from '@autowebiq/ledger';
import { microToCredits } from '@autowebiq/pricing';

/** A balance on the wire: numbers for people, exact µcr strings beside them. */
export function toBalanceResponse(b: Balance): BalanceResponse {
  return {
    credits: microToCredits(b.availableMicro),
    held: microToCredits(b.heldMicro),
    total: microToCredits(b.totalMicro),
    credits_micro: b.availableMicro.toString(),
    held_micro: b.heldMicro.toString(),
    total_micro: b.totalMicro.toString(),
  };
}

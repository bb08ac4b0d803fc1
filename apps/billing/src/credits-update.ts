import type { AccountEventInput, BuildEventInput } from '@autowebiq/bus';
import type { CreditOperation } from '@autowebiq/contracts';
import type { Balance } from '@autowebiq/ledger';
import { microToCredits } from '@autowebiq/pricing';

/** An account's `credits_update`: its live balance and what just moved. */
export function accountCreditsUpdate(
  balance: Balance,
  transaction: { amountMicro: bigint; operation: CreditOperation },
): AccountEventInput {
  return {
    type: 'credits_update',
    credits: microToCredits(balance.availableMicro),
    held: microToCredits(balance.heldMicro),
    total: microToCredits(balance.totalMicro),
    credits_micro: balance.availableMicro.toString(),
    held_micro: balance.heldMicro.toString(),
    total_micro: balance.totalMicro.toString(),
    transaction: {
      amount: microToCredits(transaction.amountMicro),
      amount_micro: transaction.amountMicro.toString(),
      operation: transaction.operation,
    },
  };
}

/** A build's `credits_update`: the account's live balance, the build's figures, and what just moved. */
export function creditsUpdate(
  balance: Balance,
  build: { reservedMicro: bigint; spentMicro: bigint },
  transaction: { amountMicro: bigint; operation: CreditOperation },
): BuildEventInput {
  return {
    ...accountCreditsUpdate(balance, transaction),
    build_spent: microToCredits(build.spentMicro),
    build_reserved: microToCredits(build.reservedMicro),
    build_spent_micro: build.spentMicro.toString(),
    build_reserved_micro: build.reservedMicro.toString(),
  };
}

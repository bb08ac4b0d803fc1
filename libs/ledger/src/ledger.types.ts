import type { CreditOperation } from '@autowebiq/contracts';

export interface TransferRecord {
  id: string;
  from: string;
  to: string;
  amountMicro: bigint;
  operation: CreditOperation;
  reason: string;
  accountId: string | null;
  buildId: string | null;
  createdAt: Date;
}

export interface Balance {
  /** In the wallet: spendable now. */
  availableMicro: bigint;
  /** In the holds of builds not yet settled. */
  heldMicro: bigint;
  totalMicro: bigint;
}

/** A build that does not exist yet, to be inserted together with its hold. */
export interface NewBuildReservation {
  buildId: string;
  accountId: string;
  amountMicro: bigint;
  prompt: string;
  models: unknown;
  priceTable: unknown;
  estimate: unknown;
}

export interface BuildMoney {
  reservedMicro: bigint;
  spentMicro: bigint;
  refundedMicro: bigint;
  /** What is left in the hold now. */
  holdMicro: bigint;
  released: boolean;
}

export interface CaptureRequest {
  buildId: string;
  accountId: string;
  amountMicro: bigint;
}

export interface CaptureResult {
  buildId: string;
  capturedMicro: bigint;
  /** Moved from the wallet into the hold first, because the hold was too small. */
  extendedMicro: bigint;
  /** What could not be charged at all: hold and wallet were both exhausted. */
  shortfallMicro: bigint;
}

export interface InvariantCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface InvariantReport {
  ok: boolean;
  checks: InvariantCheck[];
}

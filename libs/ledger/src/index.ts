export { LedgerService } from './ledger.service';
export { BuildReservations, type BuildReservationResult } from './build-reservations';
export { checkInvariants } from './invariants';
export { CreditLots, type LotExpiry } from './credit-lots';
export { InsufficientCreditsError } from './ledger.errors';
export { SYSTEM_GRANTS, walletId, holdId } from './ledger-ids';
export type {
  Balance,
  BuildMoney,
  CaptureRequest,
  CaptureResult,
  InvariantCheck,
  InvariantReport,
  NewBuildReservation,
  TransferRecord,
} from './ledger.types';

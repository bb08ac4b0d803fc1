export { LedgerService } from './ledger.service';
export { BuildReservations, type BuildReservationResult } from './build-reservations';
export { checkInvariants } from './invariants';
export { InsufficientCreditsError, LedgerAccountMissingError } from './ledger.errors';
export { SYSTEM_GRANTS, SYSTEM_REVENUE, walletId, holdId } from './ledger-ids';
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

export class InsufficientCreditsError extends Error {
  constructor(
    readonly requiredMicro: bigint,
    readonly availableMicro: bigint,
  ) {
    super(`Insufficient credits: required ${requiredMicro} µcr, available ${availableMicro} µcr`);
    this.name = 'InsufficientCreditsError';
  }
}

export class LedgerAccountMissingError extends Error {
  constructor(readonly ledgerAccountId: string) {
    super(`Ledger account ${ledgerAccountId} does not exist`);
    this.name = 'LedgerAccountMissingError';
  }
}

export const SYSTEM_GRANTS = 'system:grants';
export const SYSTEM_REVENUE = 'system:revenue';
export const walletId = (accountId: string) => `wallet:${accountId}`;
export const holdId = (buildId: string) => `hold:${buildId}`;
/** The reason of a lot's expiry transfer: names the grant, by the id of its transfer. */
export const expiryReason = (lotId: string) => `grant_expired:${lotId}`;

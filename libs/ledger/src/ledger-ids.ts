export const SYSTEM_GRANTS = 'system:grants';
export const SYSTEM_REVENUE = 'system:revenue';
export const walletId = (accountId: string) => `wallet:${accountId}`;
export const holdId = (buildId: string) => `hold:${buildId}`;

import { invalidFields } from './api-error';

/**
 * A grant's `expires_at` (an ISO date-time, already checked by the schema): strictly in the future and at
 * most 10 years ahead (10 calendar years from `now`, leap days included).
 */
export function expiresAtField(value: string, now = new Date()): Date {
  const at = new Date(value);
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 10);
  if (!(at.getTime() > now.getTime() && at.getTime() <= limit.getTime())) {
    throw invalidFields([
      { field: 'expires_at', message: 'must be a date-time in the future, at most 10 years ahead' },
    ]);
  }
  return at;
}

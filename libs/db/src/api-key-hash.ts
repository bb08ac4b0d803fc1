import { createHash } from 'node:crypto';

/**
 * The one way an API key is turned into `api_keys.key_hash`. The gateway stores it and
 * realtime looks keys up by it, so both must hash identically: SHA-256, lowercase hex.
 * A plain hash (no salt) is enough because keys are long random secrets, and it keeps
 * the lookup an indexed equality.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 32 random bytes need 43 base62 digits; padding keeps every key the same length. */
const DIGITS = 43;
export const API_KEY_PREFIX = 'awq_';
/** How much of a key is kept in clear, so a person can tell keys apart: `awq_` and 8 digits. */
const SHOWN = API_KEY_PREFIX.length + 8;

/** A new API key: `awq_` + 32 random bytes in base62. Only its hash is ever stored. */
export function generateApiKey(): string {
  let n = BigInt(`0x${randomBytes(32).toString('hex')}`);
  let digits = '';
  while (n > 0n) {
    digits = ALPHABET[Number(n % 62n)] + digits;
    n /= 62n;
  }
  return API_KEY_PREFIX + digits.padStart(DIGITS, '0');
}

export const displayPrefix = (key: string) => key.slice(0, SHOWN);

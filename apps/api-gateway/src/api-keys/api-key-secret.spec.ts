import { hashApiKey } from '@autowebiq/db';
import { displayPrefix, generateApiKey } from './api-key-secret';

describe('generateApiKey', () => {
  it('is awq_ and 43 base62 digits, different every time', () => {
    const keys = Array.from({ length: 2000 }, generateApiKey);
    for (const k of keys) expect(k).toMatch(/^awq_[0-9A-Za-z]{43}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses the whole alphabet (no bias towards a few digits)', () => {
    const digits = new Set(Array.from({ length: 200 }, generateApiKey).join('').slice(4));
    expect(digits.size).toBeGreaterThanOrEqual(60);
  });

  it('shows only a short prefix, and the stored hash reveals nothing of the key', () => {
    const key = generateApiKey();
    expect(displayPrefix(key)).toBe(key.slice(0, 12));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toContain(key.slice(4, 12));
  });
});

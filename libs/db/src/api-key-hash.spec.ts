import { hashApiKey } from './api-key-hash';

describe('hashApiKey', () => {
  it('is the lowercase hex SHA-256 of the key (FIPS 180-2 test vector)', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives different keys different hashes', () => {
    expect(hashApiKey('awq_a')).not.toBe(hashApiKey('awq_b'));
  });
});

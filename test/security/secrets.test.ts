import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, SECRET_HASH_PATTERN, tokenDigest, verifySecret } from '../../server/security/secrets.ts';

describe('secret hashing', () => {
  it('stores a secret as a self-describing scrypt hash that verifies it', async () => {
    const hash = await hashSecret('correct horse');
    expect(hash).toMatch(SECRET_HASH_PATTERN);
    expect(hash.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifySecret('correct horse', hash)).toBe(true);
  });

  it('refuses a wrong secret, and a secret differing only in case', async () => {
    const hash = await hashSecret('correct horse');
    expect(await verifySecret('correct horsE', hash)).toBe(false);
    expect(await verifySecret('', hash)).toBe(false);
  });

  it('salts every hash, so one secret hashed twice gives two different strings', async () => {
    expect(await hashSecret('same')).not.toBe(await hashSecret('same'));
  });

  it('matches nothing against a malformed hash or one asking for an unbounded cost', async () => {
    expect(await verifySecret('x', 'plain-text-password')).toBe(false);
    const hash = await hashSecret('x');
    expect(await verifySecret('x', hash.replace('scrypt$16384$', 'scrypt$4194304$'))).toBe(false);
    expect(await verifySecret('x', hash.replace('scrypt$16384$', 'scrypt$1000$'))).toBe(false);
  });

  it('generates long random URL-safe secrets', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(generateSecret()).not.toBe(a);
  });

  it('digests session tokens to SHA-256 hex', () => {
    expect(tokenDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

import { randomBytes, scrypt, timingSafeEqual, createHash, type ScryptOptions } from 'node:crypto';

/**
 * Secrets (vessel MQTT passwords, web user passwords) are stored only as scrypt hashes, in one self-describing
 * string so that the cost can be raised later without breaking stored hashes:
 * `scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>`.
 */
export const SECRET_HASH_PATTERN = /^scrypt\$(\d{1,7})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{16,128})\$([A-Za-z0-9_-]{32,128})$/;

const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
/** The largest scrypt cost a stored hash may ask for: a hostile config must not make one login eat the machine. */
const MAX_N = 1 << 20;

function derive(secret: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, COST.N, COST.r, COST.p);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `secret` matches `hash`, in time independent of where they differ. A malformed hash matches nothing. */
export async function verifySecret(secret: string, hash: string): Promise<boolean> {
  const m = SECRET_HASH_PATTERN.exec(hash);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || p < 1) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(secret, Buffer.from(m[4]!, 'base64url'), N, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A fresh random secret: 24 bytes, 32 URL-safe characters, typed once into a vessel's or user's config. */
export function generateSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Session tokens are random and long, so a fast hash is enough to make a stolen session table useless
 * (no dictionary to try); scrypt is kept for human-chosen passwords.
 */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token`'s SHA-256 is `digestHex`, compared in time independent of where they differ. */
export function tokenMatchesDigest(token: string, digestHex: string): boolean {
  const expected = Buffer.from(digestHex, 'hex');
  const actual = createHash('sha256').update(token).digest();
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

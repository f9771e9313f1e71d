import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `nrk_<prefix>_<secret>`: "nrk" (network requirements key) so that
 * secret scanners and people recognise them, an 8-character base62 prefix that finds
 * the key's row and is shown in listings, and 32 random bytes in base64url. Only the
 * prefix and the SHA-256 of the whole key are stored. A fast hash is right here: the key
 * has 256 bits of entropy, so there is nothing for a slow hash to protect against
 * (passwords need one because people choose them).
 */
export const API_KEY_PREFIX_LENGTH = 8;
const SECRET_BYTES = 32;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = /^nrk_([0-9A-Za-z]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** The whole key: shown once, to whoever created it. */
  readonly key: string;
  readonly prefix: string;
  /** Hex SHA-256 of the whole key, as stored. */
  readonly hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBase62(API_KEY_PREFIX_LENGTH);
  const key = `nrk_${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key).toString('hex') };
}

/** The prefix of a text shaped like a key, or undefined when it is not one. */
export function prefixOfApiKey(text: string): string | undefined {
  return KEY_PATTERN.exec(text)?.[1];
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Compares two hashes in constant time (a stored hex hash that is malformed never matches). */
export function sameHash(presented: Buffer, stored: Buffer | string): boolean {
  const expected = typeof stored === 'string' ? Buffer.from(stored, 'hex') : stored;
  return expected.length === presented.length && timingSafeEqual(presented, expected);
}

/** Uniform base62: bytes of 248 and above are dropped (248 = 4 x 62), so no character is likelier. */
function randomBase62(length: number): string {
  let text = '';
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && text.length < length) text += BASE62[byte % 62];
    }
  }
  return text;
}

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

const raw = randomBytes(32);
const hexKey = raw.toString('hex');
const secret = 'whsec_Zm9vYmFyYmF6cXV4cXV1eHF1dXpxdXV6cXV1eg';

describe('SecretBox', () => {
  it('seals with AES-256-GCM as enc:v1:<iv>.<tag>.<ciphertext> and opens it again', () => {
    const box = SecretBox.fromKey(hexKey);
    expect(box.encrypts).toBe(true);
    const sealed = box.seal(secret);
    expect(sealed).toMatch(/^enc:v1:[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed)).toBe(secret);
    expect(box.seal(secret)).not.toBe(sealed); // a fresh IV each time
  });

  it.each([
    ['hex (upper case)', hexKey.toUpperCase()],
    ['base64', raw.toString('base64')],
    ['base64 without padding', raw.toString('base64').replace(/=$/, '')],
    ['base64url', raw.toString('base64url')],
  ])('reads a %s key as the same 32 bytes', (_, key) => {
    expect(SecretBox.fromKey(key).open(SecretBox.fromKey(hexKey).seal(secret))).toBe(secret);
  });

  it('stores plain:<secret> without a key, and opens plain values with or without one', () => {
    const box = SecretBox.fromKey(undefined);
    expect(box.encrypts).toBe(false);
    expect(box.seal(secret)).toBe(`plain:${secret}`);
    expect(box.open(`plain:${secret}`)).toBe(secret);
    expect(SecretBox.fromKey(hexKey).open(`plain:${secret}`)).toBe(secret);
  });

  it('says the key is missing when an encrypted value is opened without one', () => {
    const sealed = SecretBox.fromKey(hexKey).seal(secret);
    expect(() => SecretBox.fromKey(undefined).open(sealed)).toThrow(/WEBHOOK_SECRET_KEY is missing/);
  });

  it('says the key does not match when opened with another key or an altered value, never showing the secret', () => {
    const sealed = SecretBox.fromKey(hexKey).seal(secret);
    const other = SecretBox.fromKey(randomBytes(32).toString('hex'));
    expect(() => other.open(sealed)).toThrow(/WEBHOOK_SECRET_KEY does not match/);
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BA' : 'AA');
    expect(() => SecretBox.fromKey(hexKey).open(flipped)).toThrow(/does not match/);
    try {
      other.open(sealed);
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('refuses values with an unknown prefix or a broken shape', () => {
    const box = SecretBox.fromKey(hexKey);
    expect(() => box.open(secret)).toThrow(/neither an "enc:v1:" nor a "plain:" prefix/);
    expect(() => box.open('enc:v1:abc')).toThrow(/not a well-formed/);
  });

  it.each([
    ['empty', ''],
    ['short hex', hexKey.slice(0, 62)],
    ['long hex', `${hexKey}00`],
    ['16-byte base64', randomBytes(16).toString('base64')],
    ['44 base64 characters without padding', `${raw.toString('base64url')}A`],
    ['a passphrase', 'correct horse battery staple'],
  ])('refuses a %s key at construction, without echoing it', (_, key) => {
    expect(() => SecretBox.fromKey(key)).toThrow(/WEBHOOK_SECRET_KEY must be 32 bytes/);
    try {
      SecretBox.fromKey(key);
    } catch (error) {
      if (key !== '') expect((error as Error).message).not.toContain(key);
    }
  });
});

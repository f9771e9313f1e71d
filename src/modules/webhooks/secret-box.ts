import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ENCRYPTED_PREFIX = 'enc:v1:';
const PLAIN_PREFIX = 'plain:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Keeps webhook signing secrets at rest. The service must keep each secret (it signs every
 * delivery with it), so a database dump would otherwise hand out every receiver's secret.
 * With a key (WEBHOOK_SECRET_KEY) a secret is stored as
 * `enc:v1:<base64url iv>.<base64url tag>.<base64url ciphertext>` (AES-256-GCM, a random 96-bit
 * IV per secret, so the tag also catches a wrong key or an edited value); without one as
 * `plain:<secret>`. The prefix says which, so stored values stay readable after a key is
 * added, and "v1" leaves room for another scheme. Error messages never contain a secret.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer | undefined) {}

  /**
   * From WEBHOOK_SECRET_KEY: 32 bytes as 64 hex characters, or as base64 / base64url (43 or
   * 44 characters); undefined means no encryption. Anything else throws, naming the variable
   * and what it should be (never the value), so a typo cannot silently store secrets in clear.
   */
  static fromKey(key: string | undefined): SecretBox {
    return new SecretBox(key === undefined ? undefined : parseKey(key));
  }

  /** Whether secrets are sealed with a key (false: stored as plain:). */
  get encrypts(): boolean {
    return this.key !== undefined;
  }

  seal(secret: string): string {
    if (!this.key) return `${PLAIN_PREFIX}${secret}`;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${ENCRYPTED_PREFIX}${[iv, tag, ciphertext].map((part) => part.toString('base64url')).join('.')}`;
  }

  /** The secret a seal() produced; a plain: value opens with or without a key. */
  open(stored: string): string {
    if (stored.startsWith(PLAIN_PREFIX)) return stored.slice(PLAIN_PREFIX.length);
    if (!stored.startsWith(ENCRYPTED_PREFIX)) {
      throw new Error('a stored webhook secret has neither an "enc:v1:" nor a "plain:" prefix');
    }
    if (!this.key) {
      throw new Error(
        'a stored webhook secret is encrypted but WEBHOOK_SECRET_KEY is missing; set the key it was sealed with',
      );
    }
    const parts = stored.slice(ENCRYPTED_PREFIX.length).split('.');
    const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64url'));
    if (parts.length !== 3 || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new Error('a stored webhook secret is not a well-formed "enc:v1:<iv>.<tag>.<ciphertext>" value');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(
        'a stored webhook secret cannot be decrypted: WEBHOOK_SECRET_KEY does not match the key it was sealed with (or the value was altered)',
      );
    }
  }
}

function parseKey(text: string): Buffer {
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=?$/.test(text) || /^[A-Za-z0-9_-]{43}$/.test(text)) key = Buffer.from(text, 'base64');
  if (key?.length !== KEY_BYTES) {
    throw new Error(
      `WEBHOOK_SECRET_KEY must be ${KEY_BYTES} bytes written as 64 hex characters or 43/44 base64 characters ` +
        `(for example: openssl rand -hex 32); the value given has ${text.length} characters`,
    );
  }
  return key;
}

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, verifySignature } from './webhook-signature';

const body = '{"event":"catalog.published","profile":"prod-eu","note":"é ✓"}';
const t = 1_767_225_600;

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

describe('signatureHeader', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 in hex', () => {
    expect(signatureHeader(['whsec_one'], t, body)).toBe(`t=${t},v1=${hmac('whsec_one', `${t}.${body}`)}`);
  });

  it('matches a fixed vector computed by openssl', () => {
    // printf '1767225600.{}' | openssl dgst -sha256 -hmac secret
    expect(signatureHeader(['secret'], t, '{}')).toBe(
      't=1767225600,v1=fa7eaa06bf97d7815f3f456e97cde70c9e50cb005f01660c8d10b10c21964887',
    );
  });

  it('adds one v1= per secret, in order (rotation)', () => {
    const header = signatureHeader(['new', 'old'], t, body);
    expect(header).toBe(`t=${t},v1=${hmac('new', `${t}.${body}`)},v1=${hmac('old', `${t}.${body}`)}`);
    expect(verifySignature(header, body, 'old', { now: t })).toBe(true);
    expect(verifySignature(header, body, 'new', { now: t })).toBe(true);
  });

  it('refuses no secrets and a non-integer timestamp', () => {
    expect(() => signatureHeader([], t, body)).toThrow(/at least one secret/);
    expect(() => signatureHeader(['s'], 1.5, body)).toThrow(/whole unix seconds/);
  });
});

describe('verifySignature', () => {
  const header = signatureHeader(['whsec_one'], t, body);

  it('accepts the right secret and body within the tolerance', () => {
    expect(verifySignature(header, body, 'whsec_one', { now: t })).toBe(true);
    expect(verifySignature(header, body, 'whsec_one', { now: t + 300 })).toBe(true);
    expect(verifySignature(header, body, 'whsec_one', { now: t - 300 })).toBe(true);
  });

  it('tolerates whitespace around the parts', () => {
    const spaced = header.replace(',', ' , ').replace('t=', ' t = ');
    expect(verifySignature(spaced, body, 'whsec_one', { now: t })).toBe(true);
  });

  it('refuses a wrong secret, a tampered body and an old timestamp', () => {
    expect(verifySignature(header, body, 'whsec_two', { now: t })).toBe(false);
    expect(verifySignature(header, `${body} `, 'whsec_one', { now: t })).toBe(false);
    expect(verifySignature(header, body, 'whsec_one', { now: t + 301 })).toBe(false);
    expect(verifySignature(header, body, 'whsec_one', { now: t + 3600, toleranceSeconds: 3600 })).toBe(true);
  });

  it('refuses a timestamp changed after signing', () => {
    expect(verifySignature(header.replace(`t=${t}`, `t=${t + 1}`), body, 'whsec_one', { now: t })).toBe(false);
  });

  it.each([
    '',
    'garbage',
    `t=${t}`,
    `v1=${hmac('whsec_one', `${t}.${body}`)}`,
    `t=${t},t=${t},v1=${hmac('whsec_one', `${t}.${body}`)}`,
    `t=abc,v1=${hmac('whsec_one', `${t}.${body}`)}`,
    `t=${t},v1=zz`,
    `t=${t},v1=${hmac('whsec_one', `${t}.${body}`).slice(0, 62)}`,
    `t=${t};v1=${hmac('whsec_one', `${t}.${body}`)}`,
  ])('returns false for the malformed header %j', (bad) => {
    expect(verifySignature(bad, body, 'whsec_one', { now: t })).toBe(false);
  });
});

describe('newWebhookSecret', () => {
  it('is whsec_ and 32 random bytes in base64url', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(6), 'base64url')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});

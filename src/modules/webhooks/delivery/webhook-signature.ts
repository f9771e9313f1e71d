import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How old a signed timestamp may be (either way) before verifySignature refuses it: replay window. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** HMAC-SHA256 of "<t>.<rawBody>" in lower-case hex: what each v1= carries. */
function signPayload(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/**
 * The X-Webhook-Signature value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`,
 * with one v1= per secret in the order given, so that during a secret rotation a receiver
 * holding either the old or the new secret accepts the delivery. The timestamp is signed
 * too, so a receiver can refuse replays of old deliveries.
 */
export function signatureHeader(secrets: readonly string[], timestamp: number, rawBody: string): string {
  if (secrets.length === 0) throw new Error('a webhook signature needs at least one secret');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new Error(`a webhook signature timestamp is whole unix seconds, not ${timestamp}`);
  }
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signPayload(secret, timestamp, rawBody)}`)].join(',');
}

/**
 * What a receiver does: true when the header carries a v1= that is the HMAC of "<t>.<rawBody>"
 * with this secret and t is within toleranceSeconds (default 300) of now (unix seconds,
 * default the clock). Compares in constant time. Whitespace around the parts is ignored;
 * a header without exactly one t= or without any v1= is false, never an exception.
 */
export function verifySignature(
  header: string,
  rawBody: string,
  secret: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const equals = part.indexOf('=');
    if (equals < 0) return false;
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,15}$/.test(value)) return false;
      timestamp = Number(value);
    } else if (key === 'v1') {
      candidates.push(value);
    }
    // Other schemes (a future v2=) are ignored, so receivers keep working when one is added.
  }
  if (timestamp === undefined || candidates.length === 0) return false;
  if (Math.abs(now - timestamp) > tolerance) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, rawBody), 'hex');
  return candidates.some((candidate) => {
    if (!/^[0-9a-fA-F]{64}$/.test(candidate)) return false;
    return timingSafeEqual(Buffer.from(candidate, 'hex'), expected);
  });
}

/** A fresh signing secret: "whsec_" and 32 random bytes in base64url (256 bits). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** How long clients and HTTP caches may keep an answer that can never change. */
const IMMUTABLE_MAX_AGE_SECONDS = 24 * 60 * 60;

export interface CacheableBody {
  readonly body: string;
  readonly etag: string;
  /** The same request always gets these bytes (published version by label, no profile). */
  readonly immutable: boolean;
}

/** A strong validator for a body: its SHA-256, shortened. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Sends a body with an ETag, or 304 when the client already has it. Answers that can
 * never change may be kept for a day (by shared caches too, unless the request carried an
 * API key); the others (`latest`, drafts, profiles) must be
 * revalidated on every use, which costs the client a 304 and no body.
 */
export function sendCacheable(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: CacheableBody,
  contentType = 'application/json; charset=utf-8',
): void {
  // An answer to a request with credentials is for that client only: `public` would let a
  // shared cache hand it to clients without a key (RFC 9111, 3.5).
  const audience = request.headers.authorization === undefined ? 'public' : 'private';
  void reply
    .header('ETag', answer.etag)
    .header(
      'Cache-Control',
      answer.immutable ? `${audience}, max-age=${IMMUTABLE_MAX_AGE_SECONDS}, immutable` : 'no-cache',
    );
  addVary(reply, 'Accept-Encoding');
  if (matchesETag(request.headers['if-none-match'], answer.etag)) {
    void reply.status(304).send();
    return;
  }
  void reply.type(contentType).send(answer.body);
}

/**
 * Adds names to the reply's Vary header, keeping those already there (CORS's `Origin`,
 * set on every request when CORS_ORIGINS is set).
 */
export function addVary(reply: FastifyReply, ...names: string[]): void {
  const current = reply.getHeader('vary');
  const present = (Array.isArray(current) ? current.join(',') : typeof current === 'string' ? current : '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const lower = new Set(present.map((name) => name.toLowerCase()));
  const added = names.filter((name) => !lower.has(name.toLowerCase()));
  if (added.length > 0) void reply.header('Vary', [...present, ...added].join(', '));
}

export function matchesETag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/**
 * The ETag of something with a revision: `"<revision>-<digest of the representation>"`.
 * If-Match on writes takes the revision before the dash (parseIfMatch), so what a GET sent
 * is what a write may send back; If-None-Match compares the whole tag, so a 304 needs the
 * same content too (a row deleted and created again restarts at revision 1; `latest` and
 * a profile's resolved version move without a revision of theirs changing).
 */
export function revisionETag(revision: number, representation: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 16);
  return `"${revision}-${digest}"`;
}

/**
 * Sends the ETag of a representation with a revision, to be revalidated on every use;
 * when If-None-Match holds it already, makes the reply an empty 304 and returns
 * undefined, else returns the representation for Nest to send. For handlers with
 * `@Res({ passthrough: true })`.
 */
export function withRevisionETag<T>(reply: FastifyReply, revision: number, representation: T): T | undefined {
  const etag = revisionETag(revision, representation);
  void reply.header('ETag', etag).header('Cache-Control', 'no-cache');
  if (!matchesETag(reply.request.headers['if-none-match'], etag)) return representation;
  void reply.status(304);
  return undefined;
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ValidationFailedError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

/**
 * Longest request target (path and query string) accepted. The longest real question (a
 * profile, two roles and every Kublr parameter) is a few hundred characters; query values
 * are limited to 1024 characters each by the handlers.
 */
export const MAX_URL_LENGTH = 4096;

/**
 * Refuses request targets that no client of this API sends, before routing, guards or
 * caches see them: over MAX_URL_LENGTH (414), or with a query string that is not
 * `name=value` pairs (a parameter with no name, `__proto__`, percent-encoding that does
 * not decode: BAD_REQUEST; control characters in a value: VALIDATION_FAILED naming it).
 */
export function registerRequestLimits(fastify: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, and an async hook costs a
  // promise and a microtask each time.
  fastify.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    done(problemOf(request.url));
  });
}

/** Names the query parser would drop or that would reach an object's prototype. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export function problemOf(url: string): DomainError | undefined {
  if (url.length > MAX_URL_LENGTH) {
    return new DomainError(
      ErrorCode.UriTooLong,
      `the request target is ${url.length} characters long; at most ${MAX_URL_LENGTH} are accepted`,
      { maxLength: MAX_URL_LENGTH },
    );
  }
  const start = url.indexOf('?');
  if (start === -1) return undefined;
  for (const pair of url.slice(start + 1).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals === -1 ? pair : pair.slice(0, equals);
    if (name === '') return malformed('a query parameter has no name');
    if (FORBIDDEN_NAMES.has(name)) return malformed(`query parameter "${name}" is not allowed`);
    // The HTTP parser refuses raw control characters: only an escape can hide one.
    if (!pair.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pair);
    } catch {
      return malformed(`query parameter "${printable(name)}" is not valid percent-encoding`);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(decoded)) {
      // Readable, but a value no parameter accepts: VALIDATION_FAILED naming it, as the
      // same text in a GraphQL argument is.
      const field = printable(name);
      return new ValidationFailedError(field, `query parameter "${field}" contains control characters`);
    }
  }
  return undefined;
}

function malformed(message: string): DomainError {
  return new DomainError(ErrorCode.BadRequest, `malformed query string: ${message}`);
}

function printable(text: string): string {
  return text.replace(/[^\u0020-\u007e]/g, '?').slice(0, 60);
}

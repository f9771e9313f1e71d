import Negotiator from 'negotiator';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

/** A media type without its parameters, lower case: `text/csv; charset=utf-8` is `text/csv`. */
export function bareMediaType(contentType: string): string {
  return contentType.split(';', 1)[0].trim().toLowerCase();
}

/**
 * The media type to answer with: the one of `available` (in the server's order of
 * preference, parameters ignored) that the Accept header prefers, with the `negotiator`
 * library (q-values, `type/*`, `*\/*`); the first one when there is no Accept header;
 * undefined when Accept allows none of them.
 */
export function negotiateMediaType(accept: string | undefined, available: readonly string[]): string | undefined {
  if (accept === undefined || accept.trim() === '' || accept === '*/*') return available[0];
  const bare = available.map(bareMediaType);
  const chosen = new Negotiator({ headers: { accept } }).mediaType(bare);
  return chosen === undefined ? undefined : available[bare.indexOf(chosen.toLowerCase())];
}

/** Whether a response of `contentType` is one the Accept header allows. */
export function accepts(accept: string | undefined, contentType: string): boolean {
  // The usual cases (no Accept, any type, exactly this type) without parsing: the response
  // cache asks on every answer it serves.
  if (accept === undefined || accept === '*/*' || accept === bareMediaType(contentType)) return true;
  return negotiateMediaType(accept, [contentType]) !== undefined;
}

/** 406: the Accept header allows none of what the resource can be sent as, which the message names. */
export class NotAcceptableError extends DomainError {
  constructor(accept: string, available: readonly string[]) {
    super(
      ErrorCode.NotAcceptable,
      `none of the types in Accept (${JSON.stringify(accept.slice(0, 200))}) can be sent here; available: ${available.join(', ')}`,
      { available },
    );
  }
}

/** `contentType` when Accept allows it; a NotAcceptableError naming it otherwise. */
export function requireAcceptable(accept: string | undefined, contentType: string): void {
  if (!accepts(accept, contentType)) throw new NotAcceptableError(accept ?? '', [bareMediaType(contentType)]);
}

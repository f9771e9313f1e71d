import type { FastifyReply } from 'fastify';
import { keysetPage } from '../../core/paging/keyset-page';
import { ValidationFailedError } from '../errors/domain-error';

/** The largest `limit` a list accepts, as on the audit trail. */
export const MAX_PAGE_SIZE = 200;
const LIMIT_RULE = `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
const BAD_CURSOR = 'cursor must be the nextCursor of a previous page of this list';

/** The OpenAPI description of the two query parameters. */
export const LIMIT_QUERY = {
  name: 'limit',
  required: false,
  schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
  description: 'At most this many items, and a nextCursor (and Link rel="next") when more follow; absent: all',
} as const;
export const CURSOR_QUERY = {
  name: 'cursor',
  required: false,
  schema: { type: 'string' },
  description: 'The nextCursor of the previous page',
} as const;

/** How one list is paged: the key of an item, their order, and what a cursor may hold. */
export interface ListPaging<T, K> {
  readonly keyOf: (item: T) => K;
  readonly compare: (a: K, b: K) => number;
  /** The key in a decoded cursor, or undefined when it is not one of this list's keys. */
  readonly readKey: (value: unknown) => K | undefined;
}

/** A cursor key of a whole number (a time or a position) and a text (an id or a key), or undefined. */
export function readNumberTextKey(value: unknown): [number, string] | undefined {
  return Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string'
    ? [value[0] as number, value[1]]
    : undefined;
}

/**
 * Pages a whole, sorted list for REST: `limit` (1-MAX_PAGE_SIZE; absent: the whole rest of
 * the list, as before paging existed) and `cursor` (the nextCursor of the previous page, an
 * opaque token) from the query; sets `Link: <...>; rel="next"` when a page follows, and
 * returns the page's items with its `nextCursor` (null on the last page). Bad values are a
 * 400 naming them.
 */
export function pageList<T, K>(
  reply: FastifyReply,
  sorted: readonly T[],
  paging: ListPaging<T, K>,
  query: { limit?: unknown; cursor?: unknown },
): { items: T[]; nextCursor: string | null } {
  const limit = readLimit(query.limit);
  const after = query.cursor === undefined ? undefined : readCursor(query.cursor, paging.readKey);
  const page = keysetPage(sorted, paging.keyOf, paging.compare, after, limit);
  const nextCursor = page.nextKey === null ? null : encodeCursor(page.nextKey);
  setNextLink(reply, nextCursor);
  return { items: page.items, nextCursor };
}

/** `Link: <the same request with cursor=...>; rel="next"` (RFC 8288), when there is a next page. */
export function setNextLink(reply: FastifyReply, nextCursor: string | null): void {
  if (nextCursor === null) return;
  const url = new URL(reply.request.url, 'http://service.invalid');
  url.searchParams.set('cursor', nextCursor);
  void reply.header('Link', `<${url.pathname}${url.search}>; rel="next"`);
}

function readLimit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value)) throw new ValidationFailedError('limit', LIMIT_RULE);
  const limit = Number(value);
  if (limit < 1 || limit > MAX_PAGE_SIZE) throw new ValidationFailedError('limit', LIMIT_RULE);
  return limit;
}

function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function readCursor<K>(value: unknown, readKey: (value: unknown) => K | undefined): K {
  if (typeof value !== 'string' || !/^[\w-]{1,1024}$/.test(value))
    throw new ValidationFailedError('cursor', BAD_CURSOR);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationFailedError('cursor', BAD_CURSOR);
  }
  const key = readKey(decoded);
  if (key === undefined) throw new ValidationFailedError('cursor', BAD_CURSOR);
  return key;
}

import { ValidationFailedError } from '../errors/domain-error';

/** The revision a conditional write expects (If-Match), `*` for "any, but it must exist". */
export type ExpectedRevision = number | '*';

/**
 * `If-Match: 3`, `"3"` or `W/"3"` (a revision), the ETag a GET sent (`"3-<digest>"`: its
 * revision), `*` (any revision); absent: no condition.
 */
export function parseIfMatch(header: string | undefined, what = 'a revision'): ExpectedRevision | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === '*') return '*';
  const match = /^(?:W\/)?("?)(\d{1,9})(?:-[\w-]{1,64})?\1$/.exec(text);
  if (!match) {
    throw new ValidationFailedError(
      'If-Match',
      `If-Match must be ${what} such as "3", or *; got ${JSON.stringify(header.slice(0, 60))}`,
    );
  }
  return Number(match[2]);
}

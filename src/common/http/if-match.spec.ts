import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error';
import { parseIfMatch } from './if-match';

describe('parseIfMatch', () => {
  it.each([
    [undefined, undefined],
    ['*', '*'],
    ['3', 3],
    ['"3"', 3],
    ['W/"3"', 3],
    // The ETag a GET of something with a revision sends.
    ['"12-Ab_9-xYz0123456789"', 12],
  ])('reads %s as %s', (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });

  it.each(['"3', 'three', '"3-"', '"-abc"', '"3-a b"', '"3"-abc'])('refuses %s naming what it expects', (header) => {
    expect(() => parseIfMatch(header, 'a profile revision')).toThrow(DomainError);
    expect(() => parseIfMatch(header, 'a profile revision')).toThrow(/If-Match must be a profile revision such as "3"/);
  });
});

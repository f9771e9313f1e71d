import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysetPage } from './keyset-page';

const byNumber = (a: number, b: number) => a - b;
const identity = (n: number) => n;

describe('keysetPage', () => {
  it('gives everything without a limit, and pages with one', () => {
    expect(keysetPage([1, 2, 3], identity, byNumber, undefined, undefined)).toEqual({
      items: [1, 2, 3],
      nextKey: null,
    });
    expect(keysetPage([1, 2, 3], identity, byNumber, undefined, 2)).toEqual({ items: [1, 2], nextKey: 2 });
    expect(keysetPage([1, 2, 3], identity, byNumber, 2, 2)).toEqual({ items: [3], nextKey: null });
    expect(keysetPage([1, 2, 3], identity, byNumber, undefined, 3)).toEqual({ items: [1, 2, 3], nextKey: null });
  });

  it('continues after a key that no longer exists', () => {
    expect(keysetPage([1, 3, 5], identity, byNumber, 2, 1)).toEqual({ items: [3], nextKey: 3 });
  });

  it('walks any sorted list page by page, each item once, in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer()), fc.integer({ min: 1, max: 10 }), (values, limit) => {
        const sorted = [...values].sort(byNumber);
        const seen: number[] = [];
        let after: number | undefined;
        for (let pages = 0; pages <= sorted.length; pages++) {
          const page = keysetPage(sorted, identity, byNumber, after, limit);
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items);
          if (page.nextKey === null) break;
          after = page.nextKey;
        }
        expect(seen).toEqual(sorted);
      }),
    );
  });
});

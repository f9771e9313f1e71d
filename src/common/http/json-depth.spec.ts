import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTextDepthExceeds, MAX_JSON_DEPTH } from './json-depth';

/** Nesting of arrays and objects, by the obvious recursion (fine for small values). */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

const nested = (levels: number, inner = '1') => `${'{"a":['.repeat(levels / 2)}${inner}${']}'.repeat(levels / 2)}`;

describe('JSON depth', () => {
  it('lets MAX_JSON_DEPTH levels through and refuses one more', () => {
    expect(jsonTextDepthExceeds(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonTextDepthExceeds(`[${nested(MAX_JSON_DEPTH)}]`, MAX_JSON_DEPTH)).toBe(true);
  });

  it('skips brackets in strings, escaped quotes included', () => {
    expect(jsonTextDepthExceeds(`["${'['.repeat(100)}"]`, 2)).toBe(false);
    expect(jsonTextDepthExceeds(`["\\"${'{'.repeat(100)}"]`, 2)).toBe(false);
    expect(jsonTextDepthExceeds(`["\\\\", ${'['.repeat(3)}]]]]`, 3)).toBe(true);
    expect(jsonTextDepthExceeds(`{"${'['.repeat(5)}": [[1]]}`, 3)).toBe(false);
  });

  it('agrees with the nesting of any JSON value, however it is written', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 6 }), (value, limit) => {
        const text = JSON.stringify(value);
        const deeper = depthOf(value) > limit;
        expect(jsonTextDepthExceeds(text, limit)).toBe(deeper);
        expect(jsonTextDepthExceeds(JSON.stringify(value, null, 2), limit)).toBe(deeper);
      }),
    );
  });

  it('reads two megabytes nested a million levels without recursion, in milliseconds', () => {
    const text = `${'['.repeat(1 << 20)}${']'.repeat(1 << 20)}`;
    const started = performance.now();
    expect(jsonTextDepthExceeds(text, MAX_JSON_DEPTH)).toBe(true);
    expect(jsonTextDepthExceeds(`"${text}"`, MAX_JSON_DEPTH)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

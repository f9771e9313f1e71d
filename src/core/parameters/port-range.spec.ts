import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPortRange,
  InvalidPortRangeError,
  isValidPortRange,
  normalizePortRange,
  parsePortRange,
} from './port-range';

describe('parsePortRange', () => {
  it('reads a single port and a range', () => {
    expect(parsePortRange('8080')).toEqual({ from: 8080, to: 8080 });
    expect(parsePortRange('30000-32767')).toEqual({ from: 30000, to: 32767 });
    expect(parsePortRange('1-65535')).toEqual({ from: 1, to: 65535 });
  });

  it('ignores surrounding whitespace and leading zeros', () => {
    expect(parsePortRange(' 080 ')).toEqual({ from: 80, to: 80 });
  });

  it.each([
    ['70000', 'port 70000 is outside 1-65535'],
    ['0', 'port 0 is outside 1-65535'],
    ['1-70000', 'port 70000 is outside 1-65535'],
    ['200-100', 'range 200-100 is written backwards'],
    ['abc', '"abc" is not a port or a port range'],
    ['', '"" is not a port or a port range'],
    ['80 - 90', '"80 - 90" is not a port or a port range'],
    ['-80', '"-80" is not a port or a port range'],
    ['1-2-3', '"1-2-3" is not a port or a port range'],
  ])('rejects %j with %j', (text, message) => {
    expect(() => parsePortRange(text)).toThrow(new InvalidPortRangeError(text, message));
    try {
      parsePortRange(text);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPortRangeError);
      expect((error as InvalidPortRangeError).text).toBe(text);
    }
  });

  it('keeps messages on one line', () => {
    expect(() => parsePortRange('a\nb')).toThrow('"a\\nb" is not a port or a port range');
  });
});

describe('formatPortRange / normalizePortRange / isValidPortRange', () => {
  it('writes a single port without a dash', () => {
    expect(formatPortRange({ from: 443, to: 443 })).toBe('443');
    expect(formatPortRange({ from: 30000, to: 32767 })).toBe('30000-32767');
    expect(normalizePortRange('8080-8080')).toBe('8080');
  });

  it('tells valid from invalid', () => {
    expect(isValidPortRange('30000-32767')).toBe(true);
    expect(isValidPortRange('65536')).toBe(false);
    expect(isValidPortRange('9-8')).toBe(false);
  });

  it('round-trips every valid range', () => {
    const port = fc.integer({ min: 1, max: 65535 });
    fc.assert(
      fc.property(port, port, (a, b) => {
        const range = { from: Math.min(a, b), to: Math.max(a, b) };
        expect(parsePortRange(formatPortRange(range))).toEqual(range);
        expect(parsePortRange(`${range.from}-${range.to}`)).toEqual(range);
      }),
    );
  });

  it('never throws anything but InvalidPortRangeError', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parsePortRange(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPortRangeError);
          expect((error as Error).message).not.toMatch(/\n/);
        }
      }),
    );
  });
});

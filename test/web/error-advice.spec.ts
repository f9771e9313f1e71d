import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/common/errors/error-code';

/** The explorer says in words what each of the API's error codes means (web/src/api/client.ts ADVICE). */
describe('the explorer’s error messages', () => {
  it('cover every error code the API can answer', () => {
    const client = readFileSync(resolve(__dirname, '..', '..', 'web', 'src', 'api', 'client.ts'), 'utf8');
    const advice = /const ADVICE: Record<string, string> = \{([\s\S]*?)\n\};/.exec(client)?.[1] ?? '';
    const covered = new Set([...advice.matchAll(/^\s+([A-Z_]+):/gm)].map((match) => match[1]));
    expect(Object.values(ErrorCode).filter((code) => !covered.has(code))).toEqual([]);
  });
});

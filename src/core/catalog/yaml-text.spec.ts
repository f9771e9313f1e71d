import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MAX_YAML_DEPTH, parseYamlText, YamlTooDeepError } from './yaml-text';

const OPTIONS = { maxAliasCount: 100 };
const seed = readFileSync(join(__dirname, '../../../prisma/seed/kublr-network-access.catalog.yaml'), 'utf8');

/** The same value nested `levels` deep, written in each style YAML has. */
const STYLES: Record<string, (levels: number) => string> = {
  'flow sequences': (levels) => `a: ${'['.repeat(levels - 1)}1${']'.repeat(levels - 1)}`,
  'flow maps (JSON)': (levels) => `${'{"a": '.repeat(levels)}1${'}'.repeat(levels)}`,
  'block maps': (levels) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n',
  'compact block sequences': (levels) => `${'- '.repeat(levels)}x`,
  'block sequences in maps': (levels) =>
    Array.from({ length: levels / 2 }, (_, i) => `${'  '.repeat(i)}- a:`).join('\n') + ' 1\n',
};

function parsedOrError(text: string): unknown {
  try {
    return { value: parseYamlText(text, OPTIONS) };
  } catch (error) {
    return { error: (error as Error).message.split(' at line')[0] };
  }
}

function yamlParsedOrError(text: string): unknown {
  try {
    return { value: parse(text, { ...OPTIONS, logLevel: 'error' }) };
  } catch (error) {
    return { error: (error as Error).message.split(' at line')[0] };
  }
}

describe('YAML text', () => {
  it('reads documents as the yaml package does', () => {
    for (const text of [
      seed,
      JSON.stringify(parse(seed)),
      '',
      'x',
      'a: &x [[1]]\nb: *x',
      'a: |\n  [[[[\nb: 1',
      '# [[[[\na: [1] # {{{{',
      '[a: [b: [c: 1]]]',
    ]) {
      expect(parseYamlText(text, OPTIONS), text).toEqual(parse(text, OPTIONS));
    }
  });

  it('gives the same first problem as the yaml package, with its line and column', () => {
    for (const text of ['version: [1.0\nroles: {', 'a: 1\na: 2', '{"a": 1', 'a: *missing', 'a: b: c']) {
      expect(parsedOrError(text), text).toEqual(yamlParsedOrError(text));
    }
    expect(() => parseYamlText('a: 1\na: 2', OPTIONS)).toThrow('Map keys must be unique at line 2, column 1');
  });

  it('agrees with the yaml package on any JSON-like text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const text = JSON.stringify(value);
        expect(parsedOrError(text)).toEqual(yamlParsedOrError(text));
      }),
    );
  });

  it('refuses a second document', () => {
    expect(() => parseYamlText('a: 1\n---\nb: 2\n', OPTIONS)).toThrow(
      'Source contains multiple documents; the second starts at line 2',
    );
  });

  it.each(Object.entries(STYLES))('lets %s nest MAX_YAML_DEPTH levels, and no more', (_style, nested) => {
    expect(() => parseYamlText(nested(MAX_YAML_DEPTH), OPTIONS)).not.toThrow();
    expect(() => parseYamlText(nested(MAX_YAML_DEPTH + 2), OPTIONS)).toThrow(YamlTooDeepError);
    expect(() => parseYamlText(nested(MAX_YAML_DEPTH + 2), OPTIONS)).toThrow(
      `nested deeper than ${MAX_YAML_DEPTH} levels`,
    );
  });

  it('refuses content that aliases nest deeper than the text does', () => {
    const half = `${'['.repeat(40)}1${']'.repeat(40)}`;
    const text = `a: &a ${half}\nb: ${'['.repeat(40)}*a${']'.repeat(40)}`;
    expect(() => parse(text, OPTIONS)).not.toThrow();
    expect(() => parseYamlText(text, OPTIONS)).toThrow(YamlTooDeepError);
  });

  it.each(Object.entries(STYLES))('refuses two megabytes of %s in milliseconds', (_style, nested) => {
    let levels = 2;
    while (nested(levels * 2).length < 2 << 20) levels *= 2;
    const text = nested(levels);
    const started = performance.now();
    expect(() => parseYamlText(text, OPTIONS)).toThrow(YamlTooDeepError);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

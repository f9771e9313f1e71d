import { Composer, LineCounter, Parser, type YAMLError } from 'yaml';

/**
 * Deepest nesting of collections (maps, sequences) accepted in a YAML or JSON document. A
 * catalog document nests 4 levels; the yaml package composes collections recursively, and
 * from a few hundred levels runs out of stack, after seconds of work on a large document.
 */
export const MAX_YAML_DEPTH = 64;

/** A document nested deeper than MAX_YAML_DEPTH, as written or once its aliases are resolved. */
export class YamlTooDeepError extends Error {
  override readonly name = 'YamlTooDeepError';

  constructor() {
    super(`nested deeper than ${MAX_YAML_DEPTH} levels`);
  }
}

export interface YamlTextOptions {
  /** Most times anchored content may be repeated by aliases (yaml's defence against alias bombs). */
  readonly maxAliasCount: number;
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * yaml's Parser, stopped as soon as the collections open at one point of the text exceed
 * MAX_YAML_DEPTH: its stack holds each open collection, beside the document and the
 * scalar being read.
 */
class DepthLimitedParser extends Parser {
  override *next(source: string) {
    yield* super.next(source);
    if (this.stack.length > MAX_YAML_DEPTH) {
      const collections = this.stack.filter((token) => COLLECTIONS.has(token.type)).length;
      if (collections > MAX_YAML_DEPTH) throw new YamlTooDeepError();
    }
  }
}

/**
 * What the yaml package's `parse` returns for a single-document text (a map with the same
 * key twice is an error, as there), but refusing nesting deeper than MAX_YAML_DEPTH while
 * the text is being read, before anything recursive runs: a document of brackets is refused
 * within the first hundred of them. Throws YamlTooDeepError, or the YAMLError of the first
 * problem with its line and column.
 */
export function parseYamlText(text: string, options: YamlTextOptions): unknown {
  const lineCounter = new LineCounter();
  const parser = new DepthLimitedParser(lineCounter.addNewLine);
  const documents = new Composer().compose(parser.parse(text), true, text.length);
  const first = documents.next();
  if (first.done) return null;
  const document = first.value;
  const error = document.errors[0];
  if (error) throw located(error, lineCounter);
  const second = documents.next();
  if (!second.done) {
    const line = lineCounter.linePos(second.value.range[0]).line;
    throw new Error(`Source contains multiple documents; the second starts at line ${line}`);
  }
  const value: unknown = document.toJS({ maxAliasCount: options.maxAliasCount });
  if (deeperThan(value, MAX_YAML_DEPTH)) throw new YamlTooDeepError();
  return value;
}

function located(error: YAMLError, lineCounter: LineCounter): YAMLError {
  if (error.pos[0] >= 0) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    error.message = `${error.message} at line ${line}, column ${col}`;
  }
  return error;
}

/**
 * True when a value nests collections deeper than `limit`; walked with a stack of its own,
 * since aliases can nest content deeper than the text does.
 */
function deeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > limit) return true;
    const items = next.value instanceof Map ? next.value.values() : Object.values(next.value);
    for (const item of items) {
      if (typeof item === 'object' && item !== null) pending.push({ value: item, depth });
    }
  }
  return false;
}

import { ConditionError, quoteText } from './condition.errors';

export type PunctuationKind = '==' | '!=' | '!' | '&&' | '||' | '(' | ')' | '[' | ']' | ',';

export type Token =
  | { readonly kind: 'identifier'; readonly name: string; readonly position: number }
  | {
      readonly kind: 'literal';
      readonly value: string | number | boolean;
      readonly text: string;
      readonly position: number;
    }
  | { readonly kind: 'in'; readonly position: number }
  | { readonly kind: PunctuationKind; readonly position: number }
  | { readonly kind: 'end'; readonly position: number };

export type TokenKind = Token['kind'];

/** Longest first, so "==" wins over a lone "=". */
const PUNCTUATION: readonly PunctuationKind[] = ['==', '!=', '&&', '||', '!', '(', ')', '[', ']', ','];

/** Hints for characters people type from other languages. */
const CHARACTER_HINTS: Readonly<Record<string, string>> = {
  '=': '; did you mean "=="?',
  '&': '; did you mean "&&"?',
  '|': '; did you mean "||"?',
  '<': '; only ==, != and in compare values',
  '>': '; only ==, != and in compare values',
};

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const WHITESPACE = /\s/;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;
const IDENTIFIER_CHARACTER = /[A-Za-z0-9_.]/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/** Reads tokens on demand, so that the first problem in the source is the one reported. */
export interface TokenStream {
  /** The next token, without consuming it. */
  peek(): Token;
  /** Consumes and returns the next token; after the end it keeps returning `end`. */
  next(): Token;
}

export function createTokenStream(source: string): TokenStream {
  let position = 0;
  let lookahead: Token | undefined;
  const scan = (): Token => {
    while (position < source.length && WHITESPACE.test(source[position])) {
      position += 1;
    }
    if (position >= source.length) {
      return { kind: 'end', position: source.length };
    }
    const scanned = readToken(source, position);
    position = scanned.next;
    return scanned.token;
  };
  return {
    peek: () => (lookahead ??= scan()),
    next: () => {
      const token = lookahead ?? scan();
      lookahead = undefined;
      return token;
    },
  };
}

/** All tokens of a condition, ending with an `end` token. */
export function tokenize(source: string): Token[] {
  const stream = createTokenStream(source);
  const tokens: Token[] = [stream.next()];
  while (tokens[tokens.length - 1].kind !== 'end') {
    tokens.push(stream.next());
  }
  return tokens;
}

interface Scanned {
  readonly token: Token;
  readonly next: number;
}

function readToken(source: string, position: number): Scanned {
  const char = source[position];
  if (char === '"' || char === "'") {
    return readString(source, position);
  }
  const number = matchAt(NUMBER, source, position);
  if (number !== undefined) {
    return readNumber(source, position, number);
  }
  const word = matchAt(IDENTIFIER, source, position);
  if (word !== undefined) {
    return { token: wordToken(word, position), next: position + word.length };
  }
  const punctuation = PUNCTUATION.find((candidate) => source.startsWith(candidate, position));
  if (punctuation !== undefined) {
    return { token: { kind: punctuation, position }, next: position + punctuation.length };
  }
  const shown = String.fromCodePoint(source.codePointAt(position) ?? 0);
  throw new ConditionError(
    'syntax',
    `unexpected ${quoteText(shown)} at position ${position}${CHARACTER_HINTS[char] ?? ''}`,
    { position },
  );
}

function wordToken(word: string, position: number): Token {
  switch (word) {
    case 'true':
    case 'false':
      return { kind: 'literal', value: word === 'true', text: word, position };
    case 'in':
      return { kind: 'in', position };
    default:
      return { kind: 'identifier', name: word, position };
  }
}

function readNumber(source: string, position: number, text: string): Scanned {
  const next = position + text.length;
  if (next < source.length && IDENTIFIER_CHARACTER.test(source[next])) {
    const rest = /^[A-Za-z0-9_.]*/.exec(source.slice(next))?.[0] ?? '';
    throw new ConditionError('syntax', `invalid number ${quoteText(text + rest)} at position ${position}`, {
      position,
    });
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new ConditionError('syntax', `number ${quoteText(text)} at position ${position} is too large`, { position });
  }
  // -0 and 0 mean the same; keep one of them so that trees compare equal.
  return { token: { kind: 'literal', value: value === 0 ? 0 : value, text, position }, next };
}

function readString(source: string, position: number): Scanned {
  const quote = source[position];
  let value = '';
  let index = position + 1;
  while (index < source.length) {
    const char = source[index];
    if (char === quote) {
      const text = source.slice(position, index + 1);
      return { token: { kind: 'literal', value, text, position }, next: index + 1 };
    }
    if (char === '\\') {
      const escape = readEscape(source, index);
      value += escape.value;
      index = escape.next;
    } else {
      value += char;
      index += 1;
    }
  }
  throw new ConditionError('syntax', `unterminated string starting at position ${position}`, {
    position,
  });
}

function readEscape(source: string, position: number): { value: string; next: number } {
  const letter = source[position + 1];
  if (letter === undefined) {
    throw new ConditionError('syntax', `unterminated string: "\\" at position ${position} ends the condition`, {
      position,
    });
  }
  const simple = Object.hasOwn(ESCAPES, letter) ? ESCAPES[letter] : undefined;
  if (simple !== undefined) {
    return { value: simple, next: position + 2 };
  }
  const hex = source.slice(position + 2, position + 6);
  if (letter === 'u' && HEX4.test(hex)) {
    return { value: String.fromCharCode(parseInt(hex, 16)), next: position + 6 };
  }
  const shown = letter === 'u' ? `\\u${hex}` : `\\${letter}`;
  throw new ConditionError(
    'syntax',
    `invalid escape ${quoteText(shown)} at position ${position}; use \\", \\', \\\\, \\n, \\t or \\uXXXX`,
    { position },
  );
}

function matchAt(pattern: RegExp, source: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(source)?.[0];
}

/** How a token reads in a message, on one line. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of condition';
    case 'identifier':
      return quoteText(token.name);
    case 'literal':
      return typeof token.value === 'string' ? `string ${quoteText(token.value)}` : quoteText(token.text);
    default:
      return quoteText(token.kind);
  }
}

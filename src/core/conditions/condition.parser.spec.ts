import { describe, expect, it } from 'vitest';
import { compare, identifier, inList, literal, logical, not, positionOf } from './condition.ast';
import { ConditionError } from './condition.errors';
import { tokenize } from './condition.lexer';
import { MAX_CONDITION_DEPTH, MAX_CONDITION_LENGTH, parseCondition } from './condition.parser';

function syntaxErrorOf(source: string): ConditionError {
  try {
    parseCondition(source);
  } catch (error) {
    if (error instanceof ConditionError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to parse`);
}

describe('tokenize', () => {
  it('splits operators, words and literals', () => {
    expect(tokenize('a==!b&&c in["x",1]').map((token) => token.kind)).toEqual([
      'identifier',
      '==',
      '!',
      'identifier',
      '&&',
      'identifier',
      'in',
      '[',
      'literal',
      ',',
      'literal',
      ']',
      'end',
    ]);
  });
});

describe('parseCondition', () => {
  it('parses the Kublr examples', () => {
    expect(parseCondition('cni == "calico"')).toEqual(compare('==', identifier('cni'), literal('calico')));
    expect(parseCondition('!airGap')).toEqual(not(identifier('airGap')));
    expect(parseCondition('ingressLoadBalancer')).toEqual(identifier('ingressLoadBalancer'));
    expect(parseCondition('cni in ["canal", "flannel"] && !byoInfrastructure')).toEqual(
      logical('&&', inList(identifier('cni'), ['canal', 'flannel']), not(identifier('byoInfrastructure'))),
    );
  });

  it('binds ! tighter than comparisons, comparisons tighter than &&, && tighter than ||', () => {
    expect(parseCondition('a || b && !c == d')).toEqual(
      logical(
        '||',
        identifier('a'),
        logical('&&', identifier('b'), compare('==', not(identifier('c')), identifier('d'))),
      ),
    );
    expect(parseCondition('(a || b) && c')).toEqual(
      logical('&&', logical('||', identifier('a'), identifier('b')), identifier('c')),
    );
  });

  it('chains && and || to the left', () => {
    expect(parseCondition('a && b && c')).toEqual(
      logical('&&', logical('&&', identifier('a'), identifier('b')), identifier('c')),
    );
    expect(parseCondition('a && (b && c)')).toEqual(
      logical('&&', identifier('a'), logical('&&', identifier('b'), identifier('c'))),
    );
  });

  it('reads literals of every kind', () => {
    const values = (source: string) => {
      const node = parseCondition(`x in [${source}]`);
      return node.kind === 'in' ? node.values.map((item) => item.value) : [];
    };
    expect(values(`"a", 'b', true, false, 0, -0, 42, -1.5, 007`)).toEqual(['a', 'b', true, false, 0, 0, 42, -1.5, 7]);
    expect(values(String.raw`"q\"q", 'q\'q', "\\", "\n\t\r\b\f\/", "\u00e9", 'd"q'`)).toEqual([
      'q"q',
      "q'q",
      '\\',
      '\n\t\r\b\f/',
      'é',
      'd"q',
    ]);
    expect(Object.is(values('-0')[0], 0)).toBe(true);
  });

  it('allows free whitespace', () => {
    expect(parseCondition(' \t(\ncni\r\n==   "calico" ) ')).toEqual(parseCondition('cni=="calico"'));
  });

  it('records source positions beside the tree', () => {
    const node = parseCondition('a && cni == "x"');
    expect(positionOf(node)).toBe(2);
    if (node.kind !== 'logical' || node.right.kind !== 'compare') {
      throw new Error('unexpected shape');
    }
    expect(positionOf(node.left)).toBe(0);
    expect(positionOf(node.right)).toBe(9);
    expect(positionOf(node.right.right)).toBe(12);
  });

  it.each([
    ['foo(1)', 'unexpected "(" at position 3; function calls are not supported', 3],
    ['a;', 'unexpected ";" at position 1', 1],
    ['`a`', 'unexpected "`" at position 0', 0],
    ['a = 1', 'unexpected "=" at position 2; did you mean "=="?', 2],
    ['a & b', 'unexpected "&" at position 2; did you mean "&&"?', 2],
    ['a | b', 'unexpected "|" at position 2; did you mean "||"?', 2],
    ['a < 1', 'unexpected "<" at position 2; only ==, != and in compare values', 2],
    ['a and b', 'unexpected "and" at position 2; use "&&" instead of "and"', 2],
    ['a or b', 'unexpected "or" at position 2; use "||" instead of "or"', 2],
    ['not a', 'unexpected "a" at position 4; use "!" instead of "not"', 4],
    ['not(a)', 'unexpected "(" at position 3; use "!" instead of "not"', 3],
    ['', 'unexpected end of condition at position 0; expected a parameter, a literal, "!" or "("', 0],
    ['a ==', 'unexpected end of condition at position 4; expected a parameter, a literal, "!" or "("', 4],
    ['a b', 'unexpected "b" at position 2; expected "&&", "||" or the end of the condition', 2],
    ['(a b)', 'unexpected "b" at position 3; expected an operator or ")"', 3],
    ['(a', 'unexpected end of condition at position 2; expected an operator or ")"', 2],
    ['a)', 'unexpected ")" at position 1; expected "&&", "||" or the end of the condition', 1],
    ['a == b == c', 'unexpected "==" at position 7; comparisons cannot be chained', 7],
    ['a in ["x"] == b', 'unexpected "==" at position 11; comparisons cannot be chained', 11],
    ['a in "x"', 'unexpected string "x" at position 5; expected "[" after "in"', 5],
    ['a in []', 'unexpected "]" at position 6; expected a literal in the list', 6],
    ['a in ["x",]', 'unexpected "]" at position 10; expected a literal in the list', 10],
    ['a in [b]', 'unexpected "b" at position 6; expected a literal in the list', 6],
    ['a in ["x" "y"]', 'unexpected string "y" at position 10; expected "," or "]"', 10],
    ['a == "abc', 'unterminated string starting at position 5', 5],
    ["a == 'abc\\'", 'unterminated string starting at position 5', 5],
    ['a == "\\q"', String.raw`invalid escape "\\q" at position 6; use \", \', \\, \n, \t or \uXXXX`, 6],
    ['a == "\\u12"', String.raw`invalid escape "\\u12\"" at position 6; use \", \', \\, \n, \t or \uXXXX`, 6],
    ['a == 1.', 'invalid number "1." at position 5', 5],
    ['a == 12abc', 'invalid number "12abc" at position 5', 5],
    ['a == -b', 'unexpected "-" at position 5', 5],
    ['a-b', 'unexpected "-" at position 1', 1],
    ['a == 1' + '0'.repeat(400), `number "1${'0'.repeat(59)}..." at position 5 is too large`, 5],
    ['a == "x\ny" y', 'unexpected "y" at position 11; expected "&&", "||" or the end of the condition', 11],
    ['in', 'unexpected "in" at position 0; expected a parameter, a literal, "!" or "("', 0],
    ['a\u0000', 'unexpected "\\u0000" at position 1', 1],
  ])('rejects %j: %s', (source, message, position) => {
    const error = syntaxErrorOf(source);
    expect(error.message).toBe(message);
    expect(error.code).toBe('syntax');
    expect(error.position).toBe(position);
  });

  it('reports the first problem in the source', () => {
    expect(syntaxErrorOf('foo(1);').message).toBe('unexpected "(" at position 3; function calls are not supported');
  });

  it(`rejects sources longer than ${MAX_CONDITION_LENGTH} characters`, () => {
    const source = `a == "${'x'.repeat(MAX_CONDITION_LENGTH)}"`;
    const error = syntaxErrorOf(source);
    expect(error.code).toBe('too-complex');
    expect(error.message).toBe(`condition is ${source.length} characters long; the limit is 2000`);
    expect(() => parseCondition(`a == "${'x'.repeat(MAX_CONDITION_LENGTH - 7)}"`)).not.toThrow();
  });

  it(`rejects nesting deeper than ${MAX_CONDITION_DEPTH}`, () => {
    const parens = (depth: number) => `${'('.repeat(depth)}a${')'.repeat(depth)}`;
    expect(parseCondition(parens(MAX_CONDITION_DEPTH))).toEqual(identifier('a'));
    const error = syntaxErrorOf(parens(MAX_CONDITION_DEPTH + 1));
    expect(error.code).toBe('too-complex');
    expect(error.message).toBe('condition nests deeper than 32 levels at position 32');

    expect(() => parseCondition(`${'!'.repeat(MAX_CONDITION_DEPTH)}a`)).not.toThrow();
    expect(syntaxErrorOf(`${'!'.repeat(MAX_CONDITION_DEPTH + 1)}a`).code).toBe('too-complex');
    expect(syntaxErrorOf(`${'!('.repeat(17)}a${')'.repeat(17)}`).code).toBe('too-complex');
    expect(syntaxErrorOf('('.repeat(1999)).code).toBe('too-complex');
  });

  it('handles long flat chains without a depth limit', () => {
    const names = Array.from({ length: 500 }, (_, index) => `p${index % 10}`);
    const source = names.join('&&');
    expect(source.length).toBeLessThanOrEqual(MAX_CONDITION_LENGTH);
    let node = parseCondition(source);
    let length = 1;
    while (node.kind === 'logical') {
      node = node.left;
      length += 1;
    }
    expect(length).toBe(500);
  });

  it('rejects non-text input', () => {
    expect(() => parseCondition(42 as unknown as string)).toThrow(
      new ConditionError('syntax', 'condition must be text, got number'),
    );
  });
});

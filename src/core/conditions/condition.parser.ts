import {
  compare,
  identifier,
  literal,
  logical,
  not,
  recordPosition,
  type ConditionNode,
  type LiteralNode,
  type LogicalOperator,
} from './condition.ast';
import { ConditionError } from './condition.errors';
import { createTokenStream, describeToken, type Token } from './condition.lexer';

/** Longest condition source accepted, in UTF-16 code units. */
export const MAX_CONDITION_LENGTH = 2000;
/** Deepest nesting of parentheses and "!" accepted. */
export const MAX_CONDITION_DEPTH = 32;

const OPERAND_EXPECTED = 'expected a parameter, a literal, "!" or "("';

/** Words people bring from other languages. */
const WORD_HINTS: ReadonlyMap<string, string> = new Map([
  ['and', 'use "&&" instead of "and"'],
  ['or', 'use "||" instead of "or"'],
  ['not', 'use "!" instead of "not"'],
]);

/**
 * Parses a condition into a tree. Grammar, loosest first:
 *   or         := and ("||" and)*
 *   and        := comparison ("&&" comparison)*
 *   comparison := unary (("==" | "!=") unary | "in" "[" literal ("," literal)* "]")?
 *   unary      := "!" unary | primary
 *   primary    := identifier | literal | "(" or ")"
 * Throws ConditionError with code 'syntax' or 'too-complex'.
 */
export function parseCondition(source: string): ConditionNode {
  if (typeof source !== 'string') {
    throw new ConditionError('syntax', `condition must be text, got ${typeof source}`);
  }
  if (source.length > MAX_CONDITION_LENGTH) {
    throw new ConditionError(
      'too-complex',
      `condition is ${source.length} characters long; the limit is ${MAX_CONDITION_LENGTH}`,
    );
  }
  return createParser(source)();
}

/** A recursive-descent parser over one source, as a set of closures sharing a cursor. */
function createParser(source: string): () => ConditionNode {
  const tokens = createTokenStream(source);
  let depth = 0;
  let previous: Token | undefined;

  const peek = (): Token => tokens.peek();
  const advance = (): Token => (previous = tokens.next());

  const hintFor = (token: Token): string | undefined => {
    if (token.kind === 'identifier' && (token.name === 'and' || token.name === 'or')) {
      return WORD_HINTS.get(token.name);
    }
    const startsOperand =
      token.kind === 'identifier' || token.kind === 'literal' || token.kind === '(' || token.kind === '!';
    if (startsOperand && previous?.kind === 'identifier' && previous.name === 'not') {
      return WORD_HINTS.get('not');
    }
    return undefined;
  };

  const unexpected = (token: Token, expectation: string): ConditionError =>
    new ConditionError(
      'syntax',
      `unexpected ${describeToken(token)} at position ${token.position}; ${hintFor(token) ?? expectation}`,
      { position: token.position },
    );

  const expect = (kind: Token['kind'], expectation: string): Token => {
    if (peek().kind !== kind) {
      throw unexpected(peek(), expectation);
    }
    return advance();
  };

  /** Runs `parse` one nesting level deeper, enforcing MAX_CONDITION_DEPTH. */
  const nested = <T>(opening: Token, parse: () => T): T => {
    if (depth >= MAX_CONDITION_DEPTH) {
      throw new ConditionError(
        'too-complex',
        `condition nests deeper than ${MAX_CONDITION_DEPTH} levels at position ${opening.position}`,
        { position: opening.position },
      );
    }
    depth += 1;
    const result = parse();
    depth -= 1;
    return result;
  };

  const parseChain = (operator: LogicalOperator, parseOperand: () => ConditionNode): ConditionNode => {
    let node = parseOperand();
    while (peek().kind === operator) {
      const token = advance();
      node = recordPosition(logical(operator, node, parseOperand()), token.position);
    }
    return node;
  };

  const parseOr = (): ConditionNode => parseChain('||', parseAnd);
  const parseAnd = (): ConditionNode => parseChain('&&', parseComparison);

  const parseComparison = (): ConditionNode => {
    const left = parseUnary();
    const token = peek();
    let node: ConditionNode;
    if (token.kind === '==' || token.kind === '!=') {
      advance();
      node = recordPosition(compare(token.kind, left, parseUnary()), token.position);
    } else if (token.kind === 'in') {
      advance();
      node = recordPosition({ kind: 'in', subject: left, values: parseList() }, token.position);
    } else {
      return left;
    }
    const after = peek();
    if (after.kind === '==' || after.kind === '!=' || after.kind === 'in') {
      throw unexpected(after, 'comparisons cannot be chained');
    }
    return node;
  };

  const parseList = (): LiteralNode[] => {
    expect('[', 'expected "[" after "in"');
    const values = [parseListItem()];
    while (peek().kind === ',') {
      advance();
      values.push(parseListItem());
    }
    expect(']', 'expected "," or "]"');
    return values;
  };

  const parseListItem = (): LiteralNode => {
    const token = peek();
    if (token.kind !== 'literal') {
      throw unexpected(token, 'expected a literal in the list');
    }
    advance();
    return recordPosition(literal(token.value), token.position);
  };

  const parseUnary = (): ConditionNode => {
    const token = peek();
    if (token.kind !== '!') {
      return parsePrimary();
    }
    advance();
    return recordPosition(not(nested(token, parseUnary)), token.position);
  };

  const parsePrimary = (): ConditionNode => {
    const token = peek();
    switch (token.kind) {
      case 'identifier':
        advance();
        if (peek().kind === '(') {
          throw unexpected(peek(), WORD_HINTS.get(token.name) ?? 'function calls are not supported');
        }
        return recordPosition(identifier(token.name), token.position);
      case 'literal':
        advance();
        return recordPosition(literal(token.value), token.position);
      case '(': {
        advance();
        const inner = nested(token, parseOr);
        expect(')', 'expected an operator or ")"');
        return inner;
      }
      default:
        throw unexpected(token, OPERAND_EXPECTED);
    }
  };

  return () => {
    const node = parseOr();
    if (peek().kind !== 'end') {
      throw unexpected(peek(), 'expected "&&", "||" or the end of the condition');
    }
    return node;
  };
}

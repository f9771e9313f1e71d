import type { ConditionNode, LiteralValue } from './condition.ast';

/** Binding strength, loosest first; a child looser than its slot gets parentheses. */
const OR = 1;
const AND = 2;
const COMPARISON = 3;
const UNARY = 4;
const PRIMARY = 5;

/**
 * Canonical text of a condition: single spaces around binary operators, double-quoted
 * strings, `in ["a", "b"]`, and only the parentheses the tree needs, so that
 * parseCondition(formatCondition(node)) is structurally equal to node.
 */
export function formatCondition(node: ConditionNode): string {
  return format(node, OR);
}

/** A literal as the condition language writes it. */
export function formatLiteral(value: LiteralValue): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return formatNumber(value);
    default:
      return value ? 'true' : 'false';
  }
}

function format(node: ConditionNode, slot: number): string {
  const text = formatBare(node);
  return precedenceOf(node) < slot ? `(${text})` : text;
}

function formatBare(node: ConditionNode): string {
  switch (node.kind) {
    case 'identifier':
      return node.name;
    case 'literal':
      return formatLiteral(node.value);
    case 'not':
      return `!${format(node.operand, UNARY)}`;
    case 'logical': {
      // Chains associate to the left, so only the right operand needs a stronger slot.
      const level = node.operator === '||' ? OR : AND;
      return `${format(node.left, level)} ${node.operator} ${format(node.right, level + 1)}`;
    }
    case 'compare':
      return `${format(node.left, UNARY)} ${node.operator} ${format(node.right, UNARY)}`;
    case 'in':
      return `${format(node.subject, UNARY)} in [${node.values.map((item) => formatLiteral(item.value)).join(', ')}]`;
  }
}

function precedenceOf(node: ConditionNode): number {
  switch (node.kind) {
    case 'logical':
      return node.operator === '||' ? OR : AND;
    case 'compare':
    case 'in':
      return COMPARISON;
    case 'not':
      return UNARY;
    default:
      return PRIMARY;
  }
}

/** Plain decimal notation (the language has no exponents): 1e21 → "1000000000000000000000". */
function formatNumber(value: number): string {
  const text = String(value === 0 ? 0 : value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) {
    return text;
  }
  const [, sign, first, fraction = '', exponentText] = match;
  const digits = first + fraction;
  const pointAt = 1 + Number(exponentText);
  if (pointAt >= digits.length) {
    return sign + digits + '0'.repeat(pointAt - digits.length);
  }
  return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
}

/** Values a literal can hold. */
export type LiteralValue = string | number | boolean;

/** A reference to a parameter, e.g. `cni`. */
export interface IdentifierNode {
  readonly kind: 'identifier';
  readonly name: string;
}

/** `"calico"`, `'x'`, `42`, `-1.5`, `true`. */
export interface LiteralNode {
  readonly kind: 'literal';
  readonly value: LiteralValue;
}

/** `!operand` */
export interface NotNode {
  readonly kind: 'not';
  readonly operand: ConditionNode;
}

export type LogicalOperator = '&&' | '||';

/** `left && right`, `left || right` (chains associate to the left). */
export interface LogicalNode {
  readonly kind: 'logical';
  readonly operator: LogicalOperator;
  readonly left: ConditionNode;
  readonly right: ConditionNode;
}

export type CompareOperator = '==' | '!=';

/** `left == right`, `left != right` (not chainable). */
export interface CompareNode {
  readonly kind: 'compare';
  readonly operator: CompareOperator;
  readonly left: ConditionNode;
  readonly right: ConditionNode;
}

/** `subject in [v1, v2, ...]` with at least one literal. */
export interface InNode {
  readonly kind: 'in';
  readonly subject: ConditionNode;
  readonly values: readonly LiteralNode[];
}

export type ConditionNode = IdentifierNode | LiteralNode | NotNode | LogicalNode | CompareNode | InNode;

export function identifier(name: string): IdentifierNode {
  return { kind: 'identifier', name };
}

export function literal(value: LiteralValue): LiteralNode {
  return { kind: 'literal', value };
}

export function not(operand: ConditionNode): NotNode {
  return { kind: 'not', operand };
}

export function logical(operator: LogicalOperator, left: ConditionNode, right: ConditionNode): LogicalNode {
  return { kind: 'logical', operator, left, right };
}

export function compare(operator: CompareOperator, left: ConditionNode, right: ConditionNode): CompareNode {
  return { kind: 'compare', operator, left, right };
}

export function inList(subject: ConditionNode, values: readonly LiteralValue[]): InNode {
  return { kind: 'in', subject, values: values.map(literal) };
}

/**
 * Where the parser found each node, kept beside the tree so that nodes stay plain data
 * (structurally equal whatever their layout in the source).
 */
const positions = new WeakMap<ConditionNode, number>();

export function recordPosition<T extends ConditionNode>(node: T, position: number): T {
  positions.set(node, position);
  return node;
}

/** The source offset of a parsed node; undefined for nodes built in code. */
export function positionOf(node: ConditionNode): number | undefined {
  return positions.get(node);
}

/** Sorted, unique names of the parameters a condition refers to. */
export function referencedParameters(node: ConditionNode): string[] {
  const names = new Set<string>();
  collectNames(node, names);
  return [...names].sort();
}

function collectNames(node: ConditionNode, names: Set<string>): void {
  switch (node.kind) {
    case 'identifier':
      names.add(node.name);
      return;
    case 'literal':
      return;
    case 'not':
      collectNames(node.operand, names);
      return;
    case 'logical':
    case 'compare':
      collectNames(node.left, names);
      collectNames(node.right, names);
      return;
    case 'in':
      collectNames(node.subject, names);
      return;
  }
}

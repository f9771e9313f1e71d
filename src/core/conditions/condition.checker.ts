import type { ParameterSpec, ParameterType } from '../parameters/parameter.types';
import { InvalidPortRangeError, parsePortRange } from '../parameters/port-range';
import {
  positionOf,
  type CompareNode,
  type ConditionNode,
  type IdentifierNode,
  type InNode,
  type LiteralNode,
} from './condition.ast';
import { atPosition, ConditionError, quoteText } from './condition.errors';
import { formatLiteral } from './condition.formatter';

export type ParameterLookup = ReadonlyMap<string, ParameterSpec>;

/** The two sides of a well-formed comparison, with the parameter first. */
export type ComparisonSides =
  | {
      readonly kind: 'parameter-literal';
      readonly parameter: IdentifierNode;
      readonly literal: LiteralNode;
    }
  | {
      readonly kind: 'parameter-parameter';
      readonly left: IdentifierNode;
      readonly right: IdentifierNode;
    };

/**
 * Checks that a condition is a well-typed boolean over the given parameters.
 * Throws ConditionError ('unknown-parameter', 'type-mismatch' or 'unknown-value').
 */
export function checkCondition(node: ConditionNode, params: ParameterLookup): void {
  switch (node.kind) {
    case 'identifier':
      checkBooleanParameter(node, params);
      return;
    case 'literal':
      if (typeof node.value !== 'boolean') {
        throw new ConditionError(
          'type-mismatch',
          `${describeLiteral(node)}${atPosition(positionOf(node))} is not a condition; compare a parameter with it`,
          { position: positionOf(node) },
        );
      }
      return;
    case 'not':
      checkCondition(node.operand, params);
      return;
    case 'logical':
      checkCondition(node.left, params);
      checkCondition(node.right, params);
      return;
    case 'compare':
      checkComparison(node, params);
      return;
    case 'in':
      checkMembership(node, params);
      return;
  }
}

/**
 * Orders the sides of a comparison parameter-first (`"calico" == cni` → cni, "calico").
 * Throws 'type-mismatch' when neither side is a parameter or a side is an expression.
 */
export function comparisonSides(node: CompareNode): ComparisonSides {
  const left = comparisonOperand(node, 'left');
  const right = comparisonOperand(node, 'right');
  if (left.kind === 'identifier' && right.kind === 'identifier') {
    return { kind: 'parameter-parameter', left, right };
  }
  if (left.kind === 'identifier' && right.kind === 'literal') {
    return { kind: 'parameter-literal', parameter: left, literal: right };
  }
  if (right.kind === 'identifier' && left.kind === 'literal') {
    return { kind: 'parameter-literal', parameter: right, literal: left };
  }
  throw new ConditionError(
    'type-mismatch',
    `comparison${atPosition(positionOf(node))} needs a parameter: ${describeOperand(left)} ${node.operator} ${describeOperand(right)} compares two literals`,
    { position: positionOf(node) },
  );
}

function comparisonOperand(node: CompareNode, side: 'left' | 'right'): IdentifierNode | LiteralNode {
  const operand = node[side];
  if (operand.kind !== 'identifier' && operand.kind !== 'literal') {
    throw new ConditionError(
      'type-mismatch',
      `the ${side} side of "${node.operator}"${atPosition(positionOf(node))} must be a parameter or a literal, not ${describeExpression(operand)}`,
      { position: positionOf(node) },
    );
  }
  return operand;
}

/** The spec of a referenced parameter; throws 'unknown-parameter' naming it. */
export function lookupParameter(node: IdentifierNode, params: ParameterLookup): ParameterSpec {
  const spec = params.get(node.name);
  if (spec === undefined) {
    const suggestion = closestName(node.name, [...params.keys()]);
    throw new ConditionError(
      'unknown-parameter',
      `unknown parameter ${quoteText(node.name)}${atPosition(positionOf(node))}${suggestion === undefined ? '' : `; did you mean ${quoteText(suggestion)}?`}`,
      { position: positionOf(node), parameter: node.name },
    );
  }
  return spec;
}

function checkBooleanParameter(node: IdentifierNode, params: ParameterLookup): void {
  const spec = lookupParameter(node, params);
  if (spec.type !== 'boolean') {
    throw new ConditionError(
      'type-mismatch',
      `parameter ${quoteText(spec.name)}${atPosition(positionOf(node))} is ${article(spec.type)}, not a boolean; compare it with a value, e.g. ${spec.name} == ${exampleLiteral(spec)}`,
      { position: positionOf(node), parameter: spec.name },
    );
  }
}

function checkComparison(node: CompareNode, params: ParameterLookup): void {
  const sides = comparisonSides(node);
  if (sides.kind === 'parameter-literal') {
    checkLiteral(lookupParameter(sides.parameter, params), sides.literal);
    return;
  }
  const left = lookupParameter(sides.left, params);
  const right = lookupParameter(sides.right, params);
  if (left.type !== right.type) {
    throw new ConditionError(
      'type-mismatch',
      `cannot compare parameter ${quoteText(left.name)} (${left.type}) with parameter ${quoteText(right.name)} (${right.type})${atPosition(positionOf(node))}`,
      { position: positionOf(node), parameter: right.name },
    );
  }
  if (left.type === 'enum' && !sameValues(left.values ?? [], right.values ?? [])) {
    throw new ConditionError(
      'type-mismatch',
      `cannot compare parameters ${quoteText(left.name)} and ${quoteText(right.name)}${atPosition(positionOf(node))}: their enum values differ`,
      { position: positionOf(node), parameter: right.name },
    );
  }
}

function checkMembership(node: InNode, params: ParameterLookup): void {
  const subject = node.subject;
  if (subject.kind !== 'identifier') {
    const what = subject.kind === 'literal' ? describeLiteral(subject) : describeExpression(subject);
    throw new ConditionError(
      'type-mismatch',
      `"in"${atPosition(positionOf(node))} needs a parameter on its left, not ${what}`,
      { position: positionOf(node) },
    );
  }
  const spec = lookupParameter(subject, params);
  for (const item of node.values) {
    checkLiteral(spec, item);
  }
}

/** Checks that a literal is a possible value of the parameter. */
function checkLiteral(spec: ParameterSpec, node: LiteralNode): void {
  const position = positionOf(node);
  const value = node.value;
  if (typeof value !== literalTypeOf(spec.type)) {
    throw new ConditionError(
      'type-mismatch',
      `parameter ${quoteText(spec.name)} is ${article(spec.type)} and cannot be compared with ${describeLiteral(node)}${atPosition(position)}; use ${expectedLiteral(spec)}`,
      { position, parameter: spec.name },
    );
  }
  if (spec.type === 'enum' && !(spec.values ?? []).includes(String(value))) {
    throw new ConditionError(
      'unknown-value',
      `${describeLiteral(node)}${atPosition(position)} is not a value of parameter ${quoteText(spec.name)}; allowed values: ${(spec.values ?? []).join(', ')}`,
      { position, parameter: spec.name },
    );
  }
  if (spec.type === 'portRange') {
    checkPortRangeLiteral(spec, node);
  }
}

function checkPortRangeLiteral(spec: ParameterSpec, node: LiteralNode): void {
  try {
    parsePortRange(String(node.value));
  } catch (error) {
    if (!(error instanceof InvalidPortRangeError)) {
      throw error;
    }
    throw new ConditionError(
      'unknown-value',
      `${describeLiteral(node)}${atPosition(positionOf(node))} is not a valid value of parameter ${quoteText(spec.name)}: ${error.message}`,
      { position: positionOf(node), parameter: spec.name },
    );
  }
}

/** The JavaScript type of the literals a parameter type is compared with. */
export function literalTypeOf(type: ParameterType): 'string' | 'number' | 'boolean' {
  switch (type) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    default:
      return 'string';
  }
}

function expectedLiteral(spec: ParameterSpec): string {
  switch (spec.type) {
    case 'enum':
      return `a string, one of ${(spec.values ?? []).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'number':
      return 'a number';
    case 'portRange':
      return 'a string such as "30000-32767" or "8080"';
    default:
      return 'a string';
  }
}

function exampleLiteral(spec: ParameterSpec): string {
  switch (spec.type) {
    case 'enum':
      return formatLiteral(spec.values?.[0] ?? 'value');
    case 'number':
      return '1';
    case 'portRange':
      return '"30000-32767"';
    default:
      return '"value"';
  }
}

function article(type: ParameterType): string {
  return type === 'enum' ? 'an enum' : `a ${type}`;
}

function describeLiteral(node: LiteralNode): string {
  return typeof node.value === 'string' ? quoteText(node.value) : formatLiteral(node.value);
}

function describeOperand(node: IdentifierNode | LiteralNode): string {
  return node.kind === 'identifier' ? node.name : describeLiteral(node);
}

function describeExpression(node: ConditionNode): string {
  switch (node.kind) {
    case 'not':
      return 'a "!" expression; to negate a comparison put "!" before parentheses, e.g. !(x == y)';
    case 'logical':
      return `an "${node.operator}" expression`;
    case 'compare':
      return 'a comparison';
    case 'in':
      return 'an "in" test';
    default:
      return node.kind;
  }
}

function sameValues(left: readonly string[], right: readonly string[]): boolean {
  const rightSet = new Set(right);
  return new Set(left).size === rightSet.size && left.every((value) => rightSet.has(value));
}

/** A declared name within edit distance 2 of a misspelt one, if any. */
function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) {
      continue;
    }
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

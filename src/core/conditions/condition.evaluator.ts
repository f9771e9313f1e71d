import type { ParameterSpec, ParameterValue, ParameterValues } from '../parameters/parameter.types';
import { InvalidPortRangeError, normalizePortRange } from '../parameters/port-range';
import type { ConditionNode, InNode, CompareNode, LiteralValue } from './condition.ast';
import { comparisonSides, literalTypeOf, lookupParameter, type ParameterLookup } from './condition.checker';
import { ConditionError, quoteText } from './condition.errors';

/** A compiled condition: evaluates against resolved parameter values. */
export type Predicate = (values: ParameterValues) => boolean;

/** Reads one parameter's value, checked and normalized. */
type Reader = (values: ParameterValues) => ParameterValue;

/**
 * Turns a checked condition into a tree of closures, so that evaluation does no
 * lookups or type dispatch beyond reading values. Expects a tree that passed
 * checkCondition; throws ConditionError on anything it cannot compile.
 */
export function buildPredicate(node: ConditionNode, params: ParameterLookup): Predicate {
  switch (node.kind) {
    case 'identifier': {
      const read = createReader(lookupParameter(node, params));
      return (values) => read(values) === true;
    }
    case 'literal': {
      const constant = node.value === true;
      return () => constant;
    }
    case 'not': {
      const operand = buildPredicate(node.operand, params);
      return (values) => !operand(values);
    }
    case 'logical': {
      const left = buildPredicate(node.left, params);
      const right = buildPredicate(node.right, params);
      return node.operator === '&&'
        ? (values) => left(values) && right(values)
        : (values) => left(values) || right(values);
    }
    case 'compare':
      return buildComparison(node, params);
    case 'in':
      return buildMembership(node, params);
  }
}

function buildComparison(node: CompareNode, params: ParameterLookup): Predicate {
  const sides = comparisonSides(node);
  const negate = node.operator === '!=';
  if (sides.kind === 'parameter-literal') {
    const spec = lookupParameter(sides.parameter, params);
    const read = createReader(spec);
    const expected = normalizeLiteral(spec, sides.literal.value);
    return negate ? (values) => read(values) !== expected : (values) => read(values) === expected;
  }
  const readLeft = createReader(lookupParameter(sides.left, params));
  const readRight = createReader(lookupParameter(sides.right, params));
  return negate
    ? (values) => readLeft(values) !== readRight(values)
    : (values) => readLeft(values) === readRight(values);
}

function buildMembership(node: InNode, params: ParameterLookup): Predicate {
  if (node.subject.kind !== 'identifier') {
    throw new ConditionError('type-mismatch', '"in" needs a parameter on its left');
  }
  const spec = lookupParameter(node.subject, params);
  const read = createReader(spec);
  const members = new Set(node.values.map((item) => normalizeLiteral(spec, item.value)));
  return (values) => members.has(read(values));
}

function normalizeLiteral(spec: ParameterSpec, value: LiteralValue): LiteralValue {
  return spec.type === 'portRange' && typeof value === 'string' ? normalizePortRange(value) : value;
}

/**
 * A reader that checks the value's type and, for port ranges, normalizes it
 * (remembering the last text seen, so repeated evaluation does not re-parse).
 */
function createReader(spec: ParameterSpec): Reader {
  const name = spec.name;
  const expectedType = literalTypeOf(spec.type);
  if (spec.type !== 'portRange') {
    return (values) => {
      const value = values[name];
      if (typeof value !== expectedType) {
        throw valueError(spec, values);
      }
      return value;
    };
  }
  let lastText: string | undefined;
  let lastNormalized = '';
  return (values) => {
    const value = values[name];
    if (typeof value !== 'string') {
      throw valueError(spec, values);
    }
    if (value !== lastText) {
      lastNormalized = normalizeRuntimePortRange(spec, value);
      lastText = value;
    }
    return lastNormalized;
  };
}

function normalizeRuntimePortRange(spec: ParameterSpec, value: string): string {
  try {
    return normalizePortRange(value);
  } catch (error) {
    if (!(error instanceof InvalidPortRangeError)) {
      throw error;
    }
    throw new ConditionError(
      'unknown-value',
      `parameter ${quoteText(spec.name)} has invalid value ${quoteText(value)}: ${error.message}`,
      { parameter: spec.name },
    );
  }
}

/** Why a value could not be read: absent (only own properties count) or of the wrong type. */
function valueError(spec: ParameterSpec, values: ParameterValues): ConditionError {
  if (!Object.hasOwn(values, spec.name) || values[spec.name] === undefined) {
    return new ConditionError('unknown-parameter', `no value for parameter ${quoteText(spec.name)}`, {
      parameter: spec.name,
    });
  }
  const value: unknown = values[spec.name];
  const shown =
    typeof value === 'string'
      ? quoteText(value)
      : typeof value === 'object' || typeof value === 'function'
        ? `of type ${typeof value}`
        : String(value);
  return new ConditionError(
    'type-mismatch',
    `parameter ${quoteText(spec.name)} has value ${shown}, which is not a ${literalTypeOf(spec.type)}`,
    { parameter: spec.name },
  );
}

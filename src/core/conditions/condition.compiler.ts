import type { ParameterSpec, ParameterValue, ParameterValues } from '../parameters/parameter.types';
import { referencedParameters, type ConditionNode } from './condition.ast';
import { checkCondition, type ParameterLookup } from './condition.checker';
import { buildPredicate } from './condition.evaluator';
import { formatCondition } from './condition.formatter';
import { parseCondition } from './condition.parser';

/** A parsed, checked condition, ready to evaluate many times. */
export interface CompiledCondition {
  /** The text as written. */
  readonly source: string;
  /** Canonical text (formatCondition); '' for the always-true condition. */
  readonly canonical: string;
  /** Sorted unique names of the parameters the condition refers to. */
  readonly parameters: readonly string[];
  /** The tree; undefined for the always-true condition. */
  readonly node: ConditionNode | undefined;
  evaluate(values: ParameterValues): boolean;
}

export interface ConditionExplanation {
  readonly result: boolean;
  /** The values of the parameters the condition refers to, as it saw them. */
  readonly parameters: Record<string, ParameterValue>;
}

export type ParameterSpecs = ParameterLookup | readonly ParameterSpec[];

/**
 * Parses, type-checks and compiles a condition. Empty, whitespace-only, null or
 * undefined source means "always": evaluate returns true and canonical is ''.
 * Throws ConditionError.
 */
export function compileCondition(source: string | null | undefined, params: ParameterSpecs): CompiledCondition {
  const text = source ?? '';
  if (typeof text === 'string' && text.trim() === '') {
    return alwaysCondition(text);
  }
  const lookup = toLookup(params);
  const node = parseCondition(text);
  checkCondition(node, lookup);
  const predicate = buildPredicate(node, lookup);
  return Object.freeze({
    source: text,
    canonical: formatCondition(node),
    parameters: Object.freeze(referencedParameters(node)),
    node,
    evaluate: predicate,
  });
}

/** Evaluates and reports the values of the referenced parameters alongside the result. */
export function explainCondition(compiled: CompiledCondition, values: ParameterValues): ConditionExplanation {
  const result = compiled.evaluate(values);
  const seen: Array<[string, ParameterValue]> = compiled.parameters
    .filter((name) => Object.hasOwn(values, name))
    .map((name) => [name, values[name]]);
  return { result, parameters: Object.fromEntries(seen) };
}

function alwaysCondition(source: string): CompiledCondition {
  return Object.freeze({
    source,
    canonical: '',
    parameters: Object.freeze([]),
    node: undefined,
    evaluate: () => true,
  });
}

function toLookup(params: ParameterSpecs): ParameterLookup {
  return isSpecList(params) ? new Map(params.map((spec) => [spec.name, spec])) : params;
}

function isSpecList(params: ParameterSpecs): params is readonly ParameterSpec[] {
  return Array.isArray(params);
}

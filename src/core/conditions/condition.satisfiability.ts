import type { ParameterSpec, ParameterValue } from '../parameters/parameter.types';
import { normalizePortRange } from '../parameters/port-range';
import type { ConditionNode, LiteralValue } from './condition.ast';
import type { CompiledCondition } from './condition.compiler';

/** Beyond this many combinations the check gives up and calls the condition satisfiable. */
const MAX_COMBINATIONS = 1 << 16;

export type Satisfiability =
  | { readonly kind: 'satisfiable'; readonly witness: Readonly<Record<string, ParameterValue>> }
  | { readonly kind: 'unsatisfiable' }
  /** Too many combinations to try; treated as satisfiable. */
  | { readonly kind: 'unknown' };

/**
 * Whether some profile makes a condition true, and which one.
 *
 * Conditions only compare parameters for equality (`==`, `!=`, `in`) with literals or with
 * each other, so a parameter's value matters only as "equal to one of the literals the
 * condition mentions" or "equal to none of them". Trying, for each referenced parameter, its
 * whole domain when it is finite (enum, boolean) and otherwise every literal of its type
 * plus values equal to none of them (one fresh value per referenced parameter, so that
 * parameter-to-parameter comparisons can come out unequal as well) decides the question
 * exactly.
 */
export function checkSatisfiable(condition: CompiledCondition, params: readonly ParameterSpec[]): Satisfiability {
  if (!condition.node) return { kind: 'satisfiable', witness: {} };
  const specs = new Map(params.map((spec) => [spec.name, spec]));
  const literals = collectLiterals(condition.node);
  const referenced = condition.parameters.flatMap((name) => {
    const spec = specs.get(name);
    return spec ? [spec] : [];
  });
  const domains = referenced.map((spec) => candidateValues(spec, literals, referenced.length));
  const combinations = domains.reduce((product, domain) => product * domain.length, 1);
  if (combinations > MAX_COMBINATIONS) return { kind: 'unknown' };

  const base = Object.fromEntries(
    params.map((spec) => [spec.name, spec.defaultValue ?? candidateValues(spec, [], 1)[0]]),
  ) as Record<string, ParameterValue>;
  const indexes = domains.map(() => 0);
  for (let tried = 0; tried < combinations; tried++) {
    const values = { ...base };
    referenced.forEach((spec, position) => {
      values[spec.name] = domains[position][indexes[position]];
    });
    if (condition.evaluate(values)) {
      return {
        kind: 'satisfiable',
        witness: Object.fromEntries(referenced.map((spec) => [spec.name, values[spec.name]])),
      };
    }
    advance(indexes, domains);
  }
  return { kind: 'unsatisfiable' };
}

function candidateValues(spec: ParameterSpec, literals: readonly LiteralValue[], freshCount: number): ParameterValue[] {
  switch (spec.type) {
    case 'boolean':
      return [false, true];
    case 'enum':
      return [...(spec.values ?? [])];
    case 'number': {
      const numbers = unique(literals.filter((value): value is number => typeof value === 'number'));
      const above = Math.max(0, ...numbers.filter(Number.isFinite));
      return [...numbers, ...range(freshCount).map((offset) => Math.floor(above) + 1 + offset)];
    }
    case 'portRange': {
      const ranges = unique(literals.flatMap((value) => (typeof value === 'string' ? normalizedRange(value) : [])));
      const fresh: string[] = [];
      for (let port = 1; fresh.length < freshCount && port <= 65535; port++) {
        if (!ranges.includes(String(port))) fresh.push(String(port));
      }
      return [...ranges, ...fresh];
    }
    case 'string': {
      const strings = unique(literals.filter((value): value is string => typeof value === 'string'));
      const fresh: string[] = [];
      for (let index = 0; fresh.length < freshCount; index++) {
        const candidate = `\u0000unmentioned-${index}`;
        if (!strings.includes(candidate)) fresh.push(candidate);
      }
      return [...strings, ...fresh];
    }
  }
}

function normalizedRange(value: string): string[] {
  try {
    return [normalizePortRange(value)];
  } catch {
    return [];
  }
}

function collectLiterals(node: ConditionNode, into: LiteralValue[] = []): LiteralValue[] {
  switch (node.kind) {
    case 'literal':
      into.push(node.value);
      break;
    case 'identifier':
      break;
    case 'not':
      collectLiterals(node.operand, into);
      break;
    case 'logical':
    case 'compare':
      collectLiterals(node.left, into);
      collectLiterals(node.right, into);
      break;
    case 'in':
      collectLiterals(node.subject, into);
      node.values.forEach((value) => into.push(value.value));
      break;
  }
  return into;
}

/** The next combination, like an odometer. */
function advance(indexes: number[], domains: readonly (readonly unknown[])[]): void {
  for (let position = 0; position < indexes.length; position++) {
    indexes[position] += 1;
    if (indexes[position] < domains[position].length) return;
    indexes[position] = 0;
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

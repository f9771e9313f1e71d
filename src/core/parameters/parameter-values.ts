import { isValidParameterName, PARAMETER_NAME_PATTERN } from './parameter-name';
import { PARAMETER_TYPES } from './parameter.types';
import type { ParameterSpec, ParameterValue, ParameterValues } from './parameter.types';
import { InvalidPortRangeError, normalizePortRange } from './port-range';

/** Base of every error about a parameter value; `parameter` names the parameter concerned. */
export class ParameterError extends Error {
  override readonly name: string = 'ParameterError';

  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/** A value that does not fit the parameter's type (or enum values). */
export class InvalidParameterValueError extends ParameterError {
  override readonly name: string = 'InvalidParameterValueError';

  constructor(
    parameter: string,
    /** The value as it was given. */
    readonly value: unknown,
    message: string,
  ) {
    super(parameter, message);
  }
}

/** A value given for a parameter the catalog version does not declare. */
export class UnknownParameterError extends ParameterError {
  override readonly name: string = 'UnknownParameterError';

  constructor(parameter: string) {
    super(parameter, `unknown parameter ${quote(parameter)}`);
  }
}

/** A parameter that has neither a given value nor a default. */
export class MissingParameterValueError extends ParameterError {
  override readonly name: string = 'MissingParameterValueError';

  constructor(parameter: string) {
    super(parameter, `parameter ${quote(parameter)} has no value and no default`);
  }
}

/** One layer of given values, e.g. a request's query string or a saved profile. */
export type ParameterLayer = Readonly<Record<string, unknown>> | undefined;

const MAX_QUOTED_LENGTH = 60;
/** Decimal numbers as JSON or String(number) writes them (no hex, no Infinity). */
const DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/**
 * Converts a given value to the parameter's type. Accepts JSON-typed values and the
 * strings a URL query string carries ("true", "42", "8080", "30000-32767").
 * Port ranges come back normalized ("8080-8080" → "8080").
 */
export function coerceParameterValue(spec: ParameterSpec, raw: unknown): ParameterValue {
  return coerce(spec, raw, true);
}

/**
 * Merges value layers (later layers win) over the parameters' defaults.
 * `undefined` and `null` values count as not given. Returns a frozen record in spec order.
 */
export function resolveParameterValues(specs: readonly ParameterSpec[], ...layers: ParameterLayer[]): ParameterValues {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const given = new Map<string, ParameterValue>();
  for (const layer of layers) {
    for (const [name, raw] of Object.entries(layer ?? {})) {
      const spec = byName.get(name);
      if (spec === undefined) {
        throw new UnknownParameterError(name);
      }
      if (raw !== undefined && raw !== null) {
        given.set(name, coerceParameterValue(spec, raw));
      }
    }
  }
  const entries = specs.map((spec): [string, ParameterValue] => [
    spec.name,
    given.get(spec.name) ?? defaultValueOf(spec),
  ]);
  return Object.freeze(Object.fromEntries(entries));
}

/** Problems with a parameter declaration itself, as single-line messages; empty when fine. */
export function validateParameterSpec(spec: ParameterSpec): string[] {
  const label = `parameter ${quote(String(spec.name))}`;
  if (typeof spec.name !== 'string' || !PARAMETER_NAME_PATTERN.test(spec.name)) {
    return [
      `parameter name ${quote(String(spec.name))} is not valid: use letters, digits and "_", not starting with a digit`,
    ];
  }
  if (!isValidParameterName(spec.name)) {
    return [`parameter name ${quote(spec.name)} is reserved`];
  }
  if (!PARAMETER_TYPES.includes(spec.type)) {
    return [`${label} has unknown type ${quote(String(spec.type))}`];
  }
  const problems = spec.type === 'enum' ? enumValueProblems(spec, label) : [];
  if (spec.type !== 'enum' && spec.values !== undefined) {
    problems.push(`${label} lists values but is a ${spec.type}, not an enum`);
  }
  if (spec.defaultValue !== undefined && problems.length === 0) {
    const problem = defaultValueProblem(spec);
    if (problem !== undefined) {
      problems.push(problem);
    }
  }
  return problems;
}

function enumValueProblems(spec: ParameterSpec, label: string): string[] {
  const values: readonly unknown[] = Array.isArray(spec.values) ? spec.values : [];
  if (values.length === 0) {
    return [`${label} is an enum without values`];
  }
  const problems: string[] = [];
  const seen = new Set<unknown>();
  for (const value of values) {
    if (typeof value !== 'string' || value === '') {
      problems.push(`${label} has enum value ${describe(value)}; values must be non-empty strings`);
    } else if (seen.has(value)) {
      problems.push(`${label} lists value ${quote(value)} more than once`);
    }
    seen.add(value);
  }
  return problems;
}

function defaultValueProblem(spec: ParameterSpec): string | undefined {
  try {
    coerce(spec, spec.defaultValue, false);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidParameterValueError) {
      return `default of ${error.message}`;
    }
    throw error;
  }
}

function defaultValueOf(spec: ParameterSpec): ParameterValue {
  if (spec.defaultValue === undefined) {
    throw new MissingParameterValueError(spec.name);
  }
  return coerce(spec, spec.defaultValue, false);
}

/** `fromText` allows the string forms of booleans and numbers (query strings). */
function coerce(spec: ParameterSpec, raw: unknown, fromText: boolean): ParameterValue {
  switch (spec.type) {
    case 'enum':
      if (typeof raw === 'string' && (spec.values ?? []).includes(raw)) {
        return raw;
      }
      throw invalid(spec, raw, `must be one of ${(spec.values ?? []).join(', ')}`);
    case 'boolean':
      if (typeof raw === 'boolean') {
        return raw;
      }
      if (fromText && (raw === 'true' || raw === 'false')) {
        return raw === 'true';
      }
      throw invalid(spec, raw, 'must be true or false');
    case 'number':
      if (typeof raw === 'number' && Number.isFinite(raw)) {
        return raw;
      }
      if (fromText && typeof raw === 'string' && DECIMAL_PATTERN.test(raw.trim())) {
        const value = Number(raw.trim());
        if (Number.isFinite(value)) {
          return value;
        }
      }
      throw invalid(spec, raw, 'must be a number');
    case 'string':
      if (typeof raw === 'string') {
        return raw;
      }
      throw invalid(spec, raw, 'must be a string');
    case 'portRange':
      return coercePortRange(spec, raw, fromText);
    default:
      throw invalid(spec, raw, `has unknown type ${quote(String(spec.type))}`);
  }
}

function coercePortRange(spec: ParameterSpec, raw: unknown, fromText: boolean): string {
  const text = typeof raw === 'string' ? raw : fromText && Number.isInteger(raw) ? String(raw) : undefined;
  if (text === undefined) {
    throw invalid(spec, raw, 'must be a port or a port range like "30000-32767"');
  }
  try {
    return normalizePortRange(text);
  } catch (error) {
    if (error instanceof InvalidPortRangeError) {
      throw new InvalidParameterValueError(
        spec.name,
        raw,
        `parameter ${quote(spec.name)} must be a port or a port range like "30000-32767"; ${error.message}`,
      );
    }
    throw error;
  }
}

function invalid(spec: ParameterSpec, raw: unknown, requirement: string): InvalidParameterValueError {
  return new InvalidParameterValueError(
    spec.name,
    raw,
    `parameter ${quote(spec.name)} ${requirement}; got ${describe(raw)}`,
  );
}

/** A single-line description of an arbitrary given value. */
function describe(raw: unknown): string {
  if (typeof raw === 'string') {
    return quote(raw);
  }
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') {
    return String(raw);
  }
  if (raw === null || raw === undefined) {
    return String(raw);
  }
  return Array.isArray(raw) ? 'a list' : `a ${typeof raw}`;
}

function quote(text: string): string {
  const shown = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}...` : text;
  return JSON.stringify(shown);
}

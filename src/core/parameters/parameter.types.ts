/** The kinds of value a catalog parameter can hold. */
export type ParameterType = 'enum' | 'boolean' | 'portRange' | 'string' | 'number';

export const PARAMETER_TYPES: readonly ParameterType[] = ['enum', 'boolean', 'portRange', 'string', 'number'];

/** A resolved parameter value; port ranges are normalized strings ("8080" or "30000-32767"). */
export type ParameterValue = string | number | boolean;

/** A parameter as a catalog version declares it. */
export interface ParameterSpec {
  readonly name: string;
  readonly type: ParameterType;
  /** Allowed values; only for `enum`. */
  readonly values?: readonly string[];
  readonly defaultValue?: ParameterValue;
}

/** Resolved values of every parameter of a catalog version, keyed by parameter name. */
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

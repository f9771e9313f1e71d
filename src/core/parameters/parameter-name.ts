/** Parameter names are identifiers of the condition language. */
export const PARAMETER_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words the condition language uses itself, so they cannot name parameters. */
export const RESERVED_WORDS: readonly string[] = ['true', 'false', 'in'];

export function isValidParameterName(name: string): boolean {
  return PARAMETER_NAME_PATTERN.test(name) && !RESERVED_WORDS.includes(name);
}

import type { ApiError } from '../api/client';
import { PARAM_PREFIX } from './flow-question';

/** A catalog parameter as a question form needs it. */
export interface ParameterInfo {
  readonly name: string;
  readonly type: string;
  readonly values: readonly string[];
  readonly default?: string | number | boolean | null;
  readonly description: string;
}

export { PARAM_PREFIX };

/**
 * The parameter values of the URL, typed as the version declares them (booleans and
 * numbers as such), for GraphQL's `params`. A value that does not fit its type is passed on
 * as text, so the service's VALIDATION_FAILED names the parameter and the view shows it there.
 * Names the version does not declare are passed on too, for the same reason.
 */
export function paramsFromQuery(
  query: Readonly<Record<string, string>>,
  parameters: readonly ParameterInfo[],
): Record<string, string | number | boolean> | undefined {
  const types = new Map(parameters.map((parameter) => [parameter.name, parameter.type]));
  const params: Record<string, string | number | boolean> = {};
  for (const [key, text] of Object.entries(query)) {
    if (!key.startsWith(PARAM_PREFIX) || text === '') continue;
    const name = key.slice(PARAM_PREFIX.length);
    params[name] = typed(text, types.get(name));
  }
  return Object.keys(params).length === 0 ? undefined : params;
}

function typed(text: string, type: string | undefined): string | number | boolean {
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  if (type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

/** The message of a VALIDATION_FAILED error about `field`, or null. */
export function fieldError(error: ApiError | null, ...fields: string[]): string | null {
  return error !== null && error.code === 'VALIDATION_FAILED' && error.field !== null && fields.includes(error.field)
    ? error.message
    : null;
}

/**
 * A field for each parameter of a version: a choice for enums and booleans (with "default"
 * first), text for the rest, committed on change (not on every key). A VALIDATION_FAILED
 * answer naming a parameter is shown at its field and tied to it for screen readers.
 */
export function ParamFields({
  parameters,
  query,
  error,
  onChange,
  inherited,
}: {
  parameters: readonly ParameterInfo[];
  query: Readonly<Record<string, string>>;
  error: ApiError | null;
  onChange(name: string, value: string): void;
  /** Values a profile gives: what an unset parameter means, instead of the catalog's default. */
  inherited?: ReadonlyMap<string, string>;
}) {
  return (
    <>
      {parameters.map((parameter) => {
        const id = `param-${parameter.name}`;
        const value = query[`${PARAM_PREFIX}${parameter.name}`] ?? '';
        const problem = fieldError(error, parameter.name);
        const fromProfile = inherited?.get(parameter.name);
        const fallback =
          parameter.default === null || parameter.default === undefined ? 'none' : String(parameter.default);
        const unset = fromProfile === undefined ? `default (${fallback})` : `profile's: ${fromProfile}`;
        const common = {
          id,
          name: `${PARAM_PREFIX}${parameter.name}`,
          'aria-invalid': problem !== null ? ('true' as const) : undefined,
          'aria-describedby': problem !== null ? `${id}-error` : undefined,
          title: parameter.description,
        };
        const choices =
          parameter.type === 'boolean' ? ['true', 'false'] : parameter.type === 'enum' ? parameter.values : null;
        return (
          <div key={parameter.name}>
            <label for={id}>{parameter.name}</label>
            {choices !== null ? (
              <select
                {...common}
                value={value}
                onChange={(event) => onChange(parameter.name, event.currentTarget.value)}
              >
                <option value="">{unset}</option>
                {choices.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
                {value !== '' && !choices.includes(value) && <option value={value}>{value}</option>}
              </select>
            ) : (
              <input
                {...common}
                type="text"
                value={value}
                placeholder={fromProfile === undefined ? `default: ${fallback}` : `profile's: ${fromProfile}`}
                onChange={(event) => onChange(parameter.name, event.currentTarget.value.trim())}
              />
            )}
            {problem !== null && (
              <p id={`${id}-error`} class="field-error">
                {problem}
              </p>
            )}
          </div>
        );
      })}
    </>
  );
}

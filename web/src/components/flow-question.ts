/**
 * A flow question as the Flows and Matrix views keep it in the URL: which catalog version
 * (`catalog`, absent: "latest") or which profile (`profile`) answers, and the parameter values
 * set by hand (`p.<name>=value`; a parameter left unset keeps the profile's or the default
 * value, so it stays out of the URL). Pure functions, so the two views and their tests agree.
 */
export interface FlowQuestion {
  /** A version label; null: "latest", or the profile's own version when a profile is given. */
  readonly catalog: string | null;
  /** A profile name; null: no profile. */
  readonly profile: string | null;
  /** Parameter values set by hand, as text (the service reads "true", "42" by the parameter's type). */
  readonly params: Readonly<Record<string, string>>;
}

/** The URL query's prefix for a parameter value: `p.cni=calico`. */
export const PARAM_PREFIX = 'p.';

/** Reads the question out of a URL query; empty values count as unset. */
export function questionFromQuery(query: Readonly<Record<string, string>>): FlowQuestion {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name.startsWith(PARAM_PREFIX) && name.length > PARAM_PREFIX.length && value !== '') {
      params[name.slice(PARAM_PREFIX.length)] = value;
    }
  }
  return {
    catalog: nonEmpty(query.catalog),
    profile: nonEmpty(query.profile),
    params,
  };
}

/** The question's part of a URL query (what another view needs to ask the same question). */
export function questionToQuery(question: FlowQuestion): Record<string, string> {
  const query: Record<string, string> = {};
  if (question.catalog !== null) query.catalog = question.catalog;
  if (question.profile !== null) query.profile = question.profile;
  for (const name of Object.keys(question.params).sort()) {
    query[`${PARAM_PREFIX}${name}`] = question.params[name];
  }
  return query;
}

/**
 * The GraphQL variables shared by `flows`, `matrix` and `explainFlow`: absent catalog and
 * profile stay null so the service applies its own rule (the profile's version, else
 * "latest"); params are sent only when some are set.
 */
export function questionVariables(question: FlowQuestion): {
  catalog: string | null;
  profile: string | null;
  params: Record<string, string> | null;
} {
  return {
    catalog: question.catalog,
    profile: question.profile,
    params: Object.keys(question.params).length === 0 ? null : { ...question.params },
  };
}

/**
 * The subject picker's value: `catalog:<version>` or `profile:<name>` (one select chooses
 * either), and back to the URL patch that sets it (clearing the other).
 */
export function subjectValue(question: FlowQuestion): string {
  if (question.profile !== null) return `profile:${question.profile}`;
  return `catalog:${question.catalog ?? 'latest'}`;
}

export function subjectPatch(value: string): { catalog: string | null; profile: string | null } {
  if (value.startsWith('profile:')) return { catalog: null, profile: value.slice('profile:'.length) };
  const version = value.startsWith('catalog:') ? value.slice('catalog:'.length) : value;
  return { catalog: version === '' || version === 'latest' ? null : version, profile: null };
}

/** A URL path with the query, keys in the order given, or the bare path when there is none. */
export function withQuery(path: string, query: Readonly<Record<string, string>>): string {
  const search = new URLSearchParams(Object.entries(query)).toString();
  return search === '' ? path : `${path}?${search}`;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

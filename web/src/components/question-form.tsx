import type { ComponentChildren } from 'preact';
import { graphql } from '../gql';
import type { ApiError } from '../api/client';
import { ErrorNotice, Loading } from './status';
import { useQuery } from './use-query';
import { PARAM_PREFIX, subjectPatch, subjectValue, type FlowQuestion } from './flow-question';

/**
 * What every question form needs of the version that answers: its roles (for the from/to
 * pickers) and its parameters (one control each). Flows, Matrix, Upgrade and Artifacts ask
 * for it alike.
 */
export const QUESTION_SHAPE = graphql(`
  fragment ExplorerQuestionShape on CatalogVersion {
    roles {
      key
      name
    }
    parameters {
      name
      type
      values
      default
      description
    }
  }
`);

const CHOICES = graphql(`
  query ExplorerQuestionChoices {
    catalogs {
      version
      status
    }
    profiles {
      name
      version
      resolvedVersion
      params {
        name
        value
      }
    }
  }
`);

const QUESTION_CATALOG = graphql(`
  query ExplorerQuestionCatalog($version: String!) {
    catalog(version: $version) {
      version
      ...ExplorerQuestionShape
    }
  }
`);

/** What the question form knows once its choices have loaded: the answering version's roles. */
export interface QuestionCatalog {
  readonly version: string;
  readonly roles: ReadonlyArray<{ readonly key: string; readonly name: string }>;
}

/**
 * Which version (and its roles and parameters) the question is about: the chosen version,
 * the chosen profile's version, or "latest". Null while that is not known yet.
 */
export function useQuestionCatalog(question: FlowQuestion) {
  const choices = useQuery(CHOICES, {});
  const profile = choices.data?.profiles.find((candidate) => candidate.name === question.profile) ?? null;
  const version =
    question.catalog ?? (question.profile === null ? 'latest' : (profile?.resolvedVersion ?? profile?.version ?? null));
  const catalog = useQuery(QUESTION_CATALOG, { version: version ?? 'latest' }, version === null);
  return { choices, profile, catalog };
}

type QuestionState = ReturnType<typeof useQuestionCatalog>;

/**
 * The question's controls: one picker for a catalog version or a profile, optionally the
 * source and destination roles, and one control per parameter of the answering version
 * (a select for enum and boolean parameters, a text field otherwise). Every change goes to
 * the URL through `update`; a VALIDATION_FAILED error naming one of these fields is shown
 * at that field (`fieldError`), any other error by the view.
 */
export function QuestionForm({
  question,
  state,
  roles,
  update,
  fieldError,
}: {
  question: FlowQuestion;
  state: QuestionState;
  /** The chosen roles when the form asks for them (Flows), absent otherwise (Matrix). */
  roles?: { from: string | null; to: string | null };
  update: (patch: Record<string, string | null>) => void;
  fieldError: ApiError | null;
}) {
  const { choices, profile, catalog } = state;
  const errorAt = (field: string) => (fieldError !== null && fieldError.field === field ? fieldError.message : null);
  if (choices.loading && choices.data === null) return <Loading what="catalog versions and profiles" />;
  if (choices.error) return <ErrorNotice error={choices.error} />;
  const profileValues = new Map((profile?.params ?? []).map((param) => [param.name, String(param.value)]));
  const parameters = catalog.data?.catalog?.parameters ?? [];
  const roleChoices = catalog.data?.catalog?.roles ?? [];
  return (
    <form class="question" aria-label="Question" onSubmit={(event) => event.preventDefault()}>
      <div>
        <label for="q-subject">Version or profile</label>
        <select
          id="q-subject"
          value={subjectValue(question)}
          onChange={(event) => update({ ...subjectPatch(event.currentTarget.value), explain: null })}
        >
          <optgroup label="Catalog versions">
            <option value="catalog:latest">latest (newest published)</option>
            {choices.data?.catalogs.map((item) => (
              <option key={item.version} value={`catalog:${item.version}`}>
                {item.version} ({item.status})
              </option>
            ))}
          </optgroup>
          {(choices.data?.profiles.length ?? 0) > 0 && (
            <optgroup label="Profiles">
              {choices.data?.profiles.map((item) => (
                <option key={item.name} value={`profile:${item.name}`}>
                  profile {item.name} ({item.resolvedVersion ?? item.version})
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      {roles &&
        (['from', 'to'] as const).map((field) => (
          <Field key={field} id={`q-${field}`} error={errorAt(field)}>
            <label for={`q-${field}`}>{field === 'from' ? 'From role (source)' : 'To role (destination)'}</label>
            <select
              id={`q-${field}`}
              value={roles[field] ?? ''}
              aria-invalid={errorAt(field) !== null ? 'true' : undefined}
              aria-describedby={errorAt(field) !== null ? `q-${field}-error` : undefined}
              onChange={(event) => update({ [field]: event.currentTarget.value, explain: null })}
            >
              <option value="">any role</option>
              {/* A role in the URL the version lacks stays selectable, so its error shows at the field. */}
              {roles[field] !== null && !roleChoices.some((role) => role.key === roles[field]) && (
                <option value={roles[field] ?? ''}>{roles[field]}</option>
              )}
              {roleChoices.map((role) => (
                <option key={role.key} value={role.key}>
                  {role.key} ({role.name})
                </option>
              ))}
            </select>
          </Field>
        ))}
      {catalog.loading && <Loading what="the version's roles and parameters" />}
      {catalog.error && <ErrorNotice error={catalog.error} />}
      {parameters.map((parameter) => {
        const id = `q-param-${parameter.name}`;
        const name = `${PARAM_PREFIX}${parameter.name}`;
        const value = question.params[parameter.name] ?? '';
        const error = errorAt(parameter.name);
        const inherited = profileValues.has(parameter.name)
          ? `profile's: ${profileValues.get(parameter.name)}`
          : `default: ${parameter.default === null || parameter.default === undefined ? 'none' : String(parameter.default)}`;
        const common = {
          id,
          'aria-invalid': error !== null ? ('true' as const) : undefined,
          'aria-describedby': error !== null ? `${id}-hint ${id}-error` : `${id}-hint`,
        };
        const options = parameter.type === 'boolean' ? ['true', 'false'] : parameter.values;
        return (
          <Field key={parameter.name} id={id} error={error}>
            <label for={id}>{parameter.name}</label>
            {parameter.type === 'enum' || parameter.type === 'boolean' ? (
              <select
                {...common}
                value={value}
                onChange={(event) => update({ [name]: event.currentTarget.value, explain: null })}
              >
                <option value="">({inherited})</option>
                {value !== '' && !options.includes(value) && <option value={value}>{value}</option>}
                {options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type="text"
                value={value}
                // onChange: the URL (and the question) changes when the field is left or Enter pressed, not per key.
                onChange={(event) => update({ [name]: event.currentTarget.value.trim(), explain: null })}
              />
            )}
            <span id={`${id}-hint`} class="hint">
              {parameter.type}; unset: {inherited}
            </span>
          </Field>
        );
      })}
    </form>
  );
}

/** A control with its error message under it (the control's aria-describedby names `${id}-error`). */
function Field({ id, error, children }: { id: string; error: string | null; children: ComponentChildren }) {
  return (
    <div>
      {children}
      {error !== null && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

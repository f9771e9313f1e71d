import { graphql } from '../gql';
import type { ApiError } from '../api/client';
import { ErrorNotice, Loading } from './status';
import { useQuery } from './use-query';
import { Field } from './field';
import { PARAM_PREFIX, questionToQuery, subjectPatch, subjectValue, type FlowQuestion } from './flow-question';
import { ParamFields } from './question-params';

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
          <Field
            key={field}
            id={`q-${field}`}
            label={field === 'from' ? 'From role (source)' : 'To role (destination)'}
            error={errorAt(field)}
          >
            {(control) => (
              <select
                {...control}
                value={roles[field] ?? ''}
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
            )}
          </Field>
        ))}
      {catalog.loading && <Loading what="the version's roles and parameters" />}
      {catalog.error && <ErrorNotice error={catalog.error} />}
      <ParamFields
        parameters={parameters}
        query={questionToQuery(question)}
        error={fieldError}
        inherited={profileValues}
        onChange={(name, value) => update({ [`${PARAM_PREFIX}${name}`]: value, explain: null })}
      />
    </form>
  );
}

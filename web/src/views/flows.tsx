import { graphql } from '../gql';
import { FlowTable } from '../components/flow-table';
import { questionFromQuery, questionVariables } from '../components/flow-question';
import { QuestionForm, useQuestionCatalog } from '../components/question-form';
import { ErrorNotice, Loading } from '../components/status';
import { useUrlState } from '../components/url-state';
import { useQuery } from '../components/use-query';

const FLOWS = graphql(`
  query ExplorerFlows($catalog: String, $profile: String, $from: String, $to: String, $params: ParamsInput) {
    flows(catalog: $catalog, profile: $profile, from: $from, to: $to, params: $params) {
      ...ExplorerFlowFields
    }
  }
`);

/**
 * Flows: the connections one role needs to another under a catalog version or a profile and
 * parameter values, each with why it is required. The whole question, and the open
 * explanation, live in the URL: catalog | profile, from, to, p.<name>, explain.
 */
export function FlowsView() {
  const [query, update] = useUrlState();
  const question = questionFromQuery(query);
  const from = query.from || null;
  const to = query.to || null;
  const explain = query.explain || null;
  const state = useQuestionCatalog(question);
  const flows = useQuery(FLOWS, { ...questionVariables(question), from, to });
  // An error about one of the form's fields is shown at that field; any other as a notice.
  const fieldError = flows.error?.code === 'VALIDATION_FAILED' && flows.error.field !== null ? flows.error : null;
  const subject = question.profile !== null ? `profile ${question.profile}` : `catalog ${question.catalog ?? 'latest'}`;
  return (
    <section aria-labelledby="flows-title">
      <h1 id="flows-title">Flows</h1>
      <QuestionForm
        question={question}
        state={state}
        roles={{ from, to }}
        update={(patch) => update(patch)}
        fieldError={fieldError}
      />
      {flows.loading && <Loading what="flows" />}
      {flows.error && (fieldError === null || !isFormField(fieldError.field, state, true)) && (
        <ErrorNotice error={flows.error} />
      )}
      {flows.data?.flows && (
        <>
          <p role="status">
            {flows.data.flows.length} {flows.data.flows.length === 1 ? 'flow' : 'flows'}
          </p>
          <FlowTable
            flows={flows.data.flows}
            caption={`Flows from ${from ?? 'any role'} to ${to ?? 'any role'} under ${subject}`}
            question={question}
            explain={explain}
            onExplain={(key) => update({ explain: key }, true)}
          />
        </>
      )}
    </section>
  );
}

/** Whether the form has a control for `field` (so its error is shown there, not as a notice). */
export function isFormField(
  field: string | null,
  state: ReturnType<typeof useQuestionCatalog>,
  withRoles: boolean,
): boolean {
  if (field === null) return false;
  if (field === 'from' || field === 'to') return withRoles;
  return (state.catalog.data?.catalog?.parameters ?? []).some((parameter) => parameter.name === field);
}

import { graphql } from '../gql';
import { FlowTable } from '../components/flow-table';
import { questionFromQuery, questionToQuery, questionVariables, withQuery } from '../components/flow-question';
import { QuestionForm, useQuestionCatalog } from '../components/question-form';
import { ErrorNotice, Loading } from '../components/status';
import { useUrlState } from '../components/url-state';
import { useQuery } from '../components/use-query';
import { isFormField } from './flows';

const MATRIX = graphql(`
  query ExplorerMatrix($catalog: String, $profile: String, $params: ParamsInput) {
    matrix(catalog: $catalog, profile: $profile, params: $params) {
      version
      roles
      cells {
        source
        destination
        flows {
          ...ExplorerFlowFields
        }
      }
    }
  }
`);

/**
 * Matrix: every role by every role (rows: from, columns: to), each cell the number of flows,
 * a button that opens that cell's flows below. The question and the open cell (from, to,
 * and its open explanation) live in the URL.
 */
export function MatrixView() {
  const [query, update] = useUrlState();
  const question = questionFromQuery(query);
  const from = query.from || null;
  const to = query.to || null;
  const state = useQuestionCatalog(question);
  const matrix = useQuery(MATRIX, questionVariables(question));
  const fieldError = matrix.error?.code === 'VALIDATION_FAILED' && matrix.error.field !== null ? matrix.error : null;
  const answer = matrix.data?.matrix;
  const cells = new Map((answer?.cells ?? []).map((cell) => [`${cell.source}\u0000${cell.destination}`, cell.flows]));
  const flowsOf = (source: string, destination: string) => cells.get(`${source}\u0000${destination}`) ?? [];
  const open = from !== null && to !== null ? flowsOf(from, to) : null;
  return (
    <section aria-labelledby="matrix-title">
      <h1 id="matrix-title">Matrix</h1>
      <QuestionForm question={question} state={state} update={(patch) => update(patch)} fieldError={fieldError} />
      {matrix.loading && <Loading what="the matrix" />}
      {matrix.error && (fieldError === null || !isFormField(fieldError.field, state, false)) && (
        <ErrorNotice error={matrix.error} />
      )}
      {answer && (
        <>
          <div class="table-wrap">
            <table class="matrix">
              <caption>Number of flows from each role (rows) to each role (columns), catalog {answer.version}</caption>
              <thead>
                <tr>
                  <th scope="col">From \ To</th>
                  {answer.roles.map((role) => (
                    <th key={role} scope="col">
                      {role}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {answer.roles.map((source) => (
                  <tr key={source}>
                    <th scope="row">{source}</th>
                    {answer.roles.map((destination) => {
                      const count = flowsOf(source, destination).length;
                      const current = source === from && destination === to;
                      return (
                        <td key={destination} class={count === 0 ? 'empty' : undefined}>
                          {count === 0 ? (
                            '0'
                          ) : (
                            <button
                              type="button"
                              class={current ? 'cell current' : 'cell secondary'}
                              aria-pressed={current ? 'true' : 'false'}
                              aria-label={`${count} ${count === 1 ? 'flow' : 'flows'} from ${source} to ${destination}`}
                              onClick={() =>
                                update(
                                  current
                                    ? { from: null, to: null, explain: null }
                                    : { from: source, to: destination, explain: null },
                                  true,
                                )
                              }
                            >
                              {count}
                            </button>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {open !== null && from !== null && to !== null && (
            <section aria-labelledby="cell-title">
              <h2 id="cell-title">
                {open.length} {open.length === 1 ? 'flow' : 'flows'} from {from} to {to}
              </h2>
              <p>
                <a href={withQuery('/flows', { ...questionToQuery(question), from, to })}>Open in Flows</a>
              </p>
              <FlowTable
                flows={open}
                caption={`Flows from ${from} to ${to}, catalog ${answer.version}`}
                question={question}
                explain={query.explain || null}
                onExplain={(key) => update({ explain: key }, true)}
              />
            </section>
          )}
        </>
      )}
    </section>
  );
}

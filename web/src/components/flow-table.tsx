import { Fragment } from 'preact';
import { graphql } from '../gql';
import type { ExplorerFlowFieldsFragment } from '../gql/graphql';
import { ErrorNotice, Loading } from './status';
import { useQuery } from './use-query';
import { questionVariables, type FlowQuestion } from './flow-question';

/** The flow fields every flow table shows; the Flows and Matrix views ask for them by this fragment. */
export const FLOW_FIELDS = graphql(`
  fragment ExplorerFlowFields on Flow {
    key
    source
    destination
    protocol
    fromPort
    toPort
    component
    notes
  }
`);

const EXPLAIN = graphql(`
  query ExplorerExplainFlow($key: String!, $catalog: String, $profile: String, $params: ParamsInput) {
    explainFlow(key: $key, catalog: $catalog, profile: $profile, params: $params) {
      key
      version
      applies
      condition {
        source
        canonical
        result
        parameters {
          name
          value
        }
      }
      rows {
        key
        applies
        row {
          component
          condition
        }
        condition {
          canonical
          result
        }
      }
    }
  }
`);

/** "10250", "30000-32767", or "—" for a protocol without ports (ipip). */
export function formatPorts(flow: Pick<ExplorerFlowFieldsFragment, 'fromPort' | 'toPort'>): string {
  if (flow.fromPort === null || flow.fromPort === undefined) return '—';
  return flow.toPort === null || flow.toPort === undefined || flow.toPort === flow.fromPort
    ? String(flow.fromPort)
    : `${flow.fromPort}-${flow.toPort}`;
}

/**
 * Flows as a table (source, destination, protocol, ports, component, notes), each with a
 * "Why?" button that opens its explanation in a row under it. Which explanation is open is
 * the view's state (`explain`, kept in the URL); `question` is what the explanation is asked under.
 */
export function FlowTable({
  flows,
  caption,
  question,
  explain,
  onExplain,
}: {
  flows: readonly ExplorerFlowFieldsFragment[];
  caption: string;
  question: FlowQuestion;
  explain: string | null;
  onExplain: (key: string | null) => void;
}) {
  const openIndex = flows.findIndex((flow) => flow.key === explain);
  return (
    <div class="table-wrap">
      <table class="flows">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Destination</th>
            <th scope="col">Protocol</th>
            <th scope="col">Ports</th>
            <th scope="col">Component</th>
            <th scope="col">Notes</th>
            <th scope="col">Explanation</th>
          </tr>
        </thead>
        <tbody>
          {flows.map((flow, index) => {
            const open = index === openIndex;
            const panelId = `why-${index}`;
            return (
              <Fragment key={`${flow.key} ${flow.source} ${flow.destination}`}>
                <tr>
                  <td>{flow.source}</td>
                  <td>{flow.destination}</td>
                  <td>{flow.protocol}</td>
                  <td>{formatPorts(flow)}</td>
                  <td>{flow.component}</td>
                  <td>{flow.notes || '—'}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      aria-expanded={open ? 'true' : 'false'}
                      aria-controls={open ? panelId : undefined}
                      aria-label={`Why? ${flow.component}, ${flow.protocol} ${formatPorts(flow)}`}
                      onClick={() => onExplain(open ? null : flow.key)}
                    >
                      Why?
                    </button>
                  </td>
                </tr>
                {open && (
                  <tr class="explanation-row">
                    <td colSpan={7} id={panelId}>
                      <Explanation flowKey={flow.key} question={question} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Why one flow is required: its row's condition, the values it read, and what it evaluated to. */
function Explanation({ flowKey, question }: { flowKey: string; question: FlowQuestion }) {
  const { data, error, loading } = useQuery(EXPLAIN, { key: flowKey, ...questionVariables(question) });
  const explanation = data?.explainFlow;
  return (
    <section class="explanation" aria-label={`Explanation of ${flowKey}`}>
      {loading && <Loading what={`the explanation of ${flowKey}`} />}
      {error && <ErrorNotice error={error} />}
      {explanation && (
        <>
          <p>
            <strong>{explanation.key}</strong> in catalog {explanation.version}:{' '}
            <span class={`badge ${explanation.applies ? 'applies' : 'not-applies'}`}>
              {explanation.applies ? 'required' : 'not required'}
            </span>
          </p>
          <dl>
            <dt>Condition</dt>
            <dd>
              {explanation.condition.canonical === '' ? (
                'none: always applies'
              ) : (
                <code class="condition">{explanation.condition.canonical}</code>
              )}
            </dd>
            {explanation.condition.source !== null &&
              explanation.condition.source !== undefined &&
              explanation.condition.source !== explanation.condition.canonical && (
                <>
                  <dt>As written</dt>
                  <dd>
                    <code>{explanation.condition.source}</code>
                  </dd>
                </>
              )}
            <dt>Evaluated to</dt>
            <dd>{String(explanation.condition.result)}</dd>
            <dt>With the values</dt>
            <dd>
              {explanation.condition.parameters.length === 0
                ? 'none read'
                : explanation.condition.parameters
                    .map((binding) => `${binding.name} = ${String(binding.value)}`)
                    .join(', ')}
            </dd>
          </dl>
          {explanation.rows.length > 1 && (
            <>
              <p>Catalog rows behind this flow:</p>
              <ul>
                {explanation.rows.map((row) => (
                  <li key={row.key}>
                    {row.key} ({row.row.component}): {row.condition.canonical || 'always'} →{' '}
                    {row.applies ? 'applies' : 'does not apply'}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

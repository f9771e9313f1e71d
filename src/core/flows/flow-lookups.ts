import { formatFlowPorts } from '../catalog/catalog-document';
import { explainCondition } from '../conditions';
import type { ParameterValue, ParameterValues } from '../parameters/parameter.types';
import type { CompiledCatalog, CompiledFlow } from './compiled-catalog';
import { UnknownFlowError } from './flow-query.errors';
import { expandRow, resolveFlows } from './resolve-flows';
import { compareText, type ResolvedFlow, type ResolvedProtocol } from './resolved-flow';

export interface ReverseLookup {
  /** Role that must be reached. */
  readonly to: string;
  /** Port that must be reached; any when undefined. */
  readonly port?: number;
  readonly protocol?: ResolvedProtocol;
}

export interface ReverseLookupResult {
  /** The roles (as written in the catalog) that must reach `to`, sorted. */
  readonly sources: readonly string[];
  readonly flows: readonly ResolvedFlow[];
}

/** Which roles must reach role X (on port P, over protocol Q), and by which flows. */
export function whoMustReach(
  catalog: CompiledCatalog,
  values: ParameterValues,
  query: ReverseLookup,
): ReverseLookupResult {
  const flows = resolveFlows(catalog, values, { to: query.to }).filter(
    (flow) =>
      (query.protocol === undefined || flow.protocol === query.protocol) &&
      (query.port === undefined ||
        (flow.fromPort !== null && flow.toPort !== null && flow.fromPort <= query.port && query.port <= flow.toPort)),
  );
  return { sources: [...new Set(flows.map((flow) => flow.source))].sort(compareText), flows };
}

export interface MatrixCell {
  readonly source: string;
  readonly destination: string;
  readonly flows: readonly ResolvedFlow[];
}

export interface FlowMatrix {
  /** Every role of the catalog, in catalog order: the rows and the columns. */
  readonly roles: readonly string[];
  /** The pairs with at least one flow; a pair's flows are the answer to "from A to B". */
  readonly cells: readonly MatrixCell[];
}

/** "Which flows from A to B" for every pair of roles, as one table. */
export function flowMatrix(catalog: CompiledCatalog, values: ParameterValues): FlowMatrix {
  const roles = catalog.definition.roles.map((role) => role.key);
  const cells: MatrixCell[] = [];
  for (const source of roles) {
    for (const destination of roles) {
      const flows = resolveFlows(catalog, values, { from: source, to: destination });
      if (flows.length > 0) cells.push({ source, destination, flows });
    }
  }
  return { roles, cells };
}

/** One catalog row, its condition and what that evaluated to. */
export interface ExplainedRow {
  /** The catalog row. */
  readonly key: string;
  readonly row: {
    readonly source: string;
    readonly destination: string;
    readonly protocol: string;
    readonly ports: string;
    readonly condition: string | null;
    readonly component: string;
    readonly notes: string;
    readonly section: string;
  };
  readonly condition: {
    /** As written; null when the row always applies. */
    readonly source: string | null;
    readonly canonical: string;
    /** The values of the parameters the condition reads. */
    readonly parameters: Readonly<Record<string, ParameterValue>>;
    readonly result: boolean;
  };
  /** Whether the row yields flows under these values. */
  readonly applies: boolean;
}

/** The first row asked about, as the fields of the answer itself, and every row behind the flow. */
export interface FlowExplanation extends ExplainedRow {
  /**
   * Every row behind the flows: the rows asked about and those that merge with them under
   * these values (one port under several components), in catalog order.
   */
  readonly rows: readonly ExplainedRow[];
  /**
   * The flows the rows stand for under these values: for a row that applies, the flows the
   * query answers (merged with other rows' where they are identical); for one that does not,
   * the flows it would stand for.
   */
  readonly flows: readonly ResolvedFlow[];
}

/**
 * Why a flow is (or is not) required: its rows, their conditions and what those evaluated
 * to. `key` is a row key, a flow key ("node-internet-dns/udp"), or a merged flow's key
 * ("a+b", "a/tcp+b/tcp"), which names every row behind it.
 */
export function explainFlow(catalog: CompiledCatalog, values: ParameterValues, key: string): FlowExplanation {
  const byKey = new Map(catalog.flows.map((flow) => [flow.definition.key, flow]));
  const asked = [...new Set(key.split('+').map((part) => part.replace(/\/(tcp|udp)$/, '')))];
  if (asked.some((rowKey) => !byKey.has(rowKey))) throw new UnknownFlowError(key);
  const explained = new Map(asked.map((rowKey) => [rowKey, explainRow(byKey.get(rowKey)!, values)]));
  const askedRows = new Set(asked);
  const answered = resolveFlows(catalog, values).filter((flow) => flow.rows.some((row) => askedRows.has(row)));
  const flows = new Map<string, ResolvedFlow>();
  for (const rowKey of asked) {
    const row = explained.get(rowKey)!;
    const own = row.applies
      ? answered.filter((flow) => flow.rows.includes(rowKey))
      : expandRow(byKey.get(rowKey)!.definition, values);
    for (const flow of own) if (!flows.has(flow.key)) flows.set(flow.key, flow);
  }
  for (const flow of flows.values()) {
    for (const rowKey of flow.rows) {
      if (!explained.has(rowKey)) explained.set(rowKey, explainRow(byKey.get(rowKey)!, values));
    }
  }
  const position = new Map(catalog.flows.map((flow, index) => [flow.definition.key, index]));
  const rows = [...explained.values()].sort((a, b) => position.get(a.key)! - position.get(b.key)!);
  return { ...explained.get(asked[0])!, rows, flows: [...flows.values()] };
}

function explainRow({ definition, condition }: CompiledFlow, values: ParameterValues): ExplainedRow {
  const explained = explainCondition(condition, values);
  return {
    key: definition.key,
    row: {
      source: definition.source,
      destination: definition.destination,
      protocol: definition.protocol,
      ports: formatFlowPorts(definition.ports),
      condition: definition.condition,
      component: definition.component,
      notes: definition.notes,
      section: definition.section,
    },
    condition: {
      source: definition.condition,
      canonical: condition.canonical,
      parameters: explained.parameters,
      result: explained.result,
    },
    applies: explained.result,
  };
}

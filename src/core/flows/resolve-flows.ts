import type { FlowDefinition } from '../catalog/catalog-definition';
import { parsePortRange } from '../parameters/port-range';
import type { ParameterValues } from '../parameters/parameter.types';
import type { CompiledCatalog } from './compiled-catalog';
import { UnknownRoleError } from './flow-query.errors';
import {
  compareFlows,
  compareText,
  flowIdentity,
  IP_PROTOCOL_NUMBERS,
  type ResolvedFlow,
  type ResolvedProtocol,
} from './resolved-flow';

/** Which flows to return; either end may be left open. */
export interface FlowFilter {
  readonly from?: string;
  readonly to?: string;
}

/**
 * The flows that apply under the given parameter values, between the given roles: each
 * applicable row's condition holds, `tcp/udp` rows become one flow per protocol, port
 * parameters take their values, identical flows merge, and the order is deterministic.
 * `values` must be complete (see resolveParameterValues).
 */
export function resolveFlows(
  catalog: CompiledCatalog,
  values: ParameterValues,
  filter: FlowFilter = {},
): ResolvedFlow[] {
  const sources = filter.from === undefined ? undefined : matchingRoles(catalog, filter.from);
  const destinations = filter.to === undefined ? undefined : matchingRoles(catalog, filter.to);
  const expanded: ResolvedFlow[] = [];
  for (const { definition, condition } of catalog.flows) {
    if (sources && !sources.has(definition.source)) continue;
    if (destinations && !destinations.has(definition.destination)) continue;
    if (!condition.evaluate(values)) continue;
    expanded.push(...expandRow(definition, values));
  }
  return mergeIdentical(expanded).sort(compareFlows);
}

/** The flow roles a query role matches; throws UnknownRoleError for a role not in the catalog. */
export function matchingRoles(catalog: CompiledCatalog, role: string): ReadonlySet<string> {
  const roles = catalog.matchingRoles.get(role);
  if (!roles) throw new UnknownRoleError(role, [...catalog.roles.keys()]);
  return roles;
}

/** A row as the flows it stands for under `values` (two for tcp/udp). */
export function expandRow(row: FlowDefinition, values: ParameterValues): ResolvedFlow[] {
  const protocols: ResolvedProtocol[] = row.protocol === 'tcp/udp' ? ['tcp', 'udp'] : [row.protocol];
  const [fromPort, toPort] = portsOf(row, values);
  return protocols.map((protocol) => ({
    key: row.protocol === 'tcp/udp' ? `${row.key}/${protocol}` : row.key,
    source: row.source,
    destination: row.destination,
    protocol,
    ipProtocolNumber: IP_PROTOCOL_NUMBERS[protocol],
    fromPort,
    toPort,
    component: row.component,
    notes: row.notes,
    sections: row.section ? [row.section] : [],
    rows: [row.key],
  }));
}

function portsOf(row: FlowDefinition, values: ParameterValues): [number | null, number | null] {
  switch (row.ports.kind) {
    case 'none':
      return [null, null];
    case 'range':
      return [row.ports.from, row.ports.to];
    case 'parameter': {
      const range = parsePortRange(String(values[row.ports.name]));
      return [range.from, range.to];
    }
  }
}

/** Flows with the same roles, protocol and ports become one, their texts joined. */
function mergeIdentical(flows: readonly ResolvedFlow[]): ResolvedFlow[] {
  const groups = new Map<string, ResolvedFlow[]>();
  for (const flow of flows) {
    const identity = flowIdentity(flow);
    const group = groups.get(identity);
    if (group) group.push(flow);
    else groups.set(identity, [flow]);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0];
    const sorted = [...group].sort((a, b) => compareText(a.key, b.key));
    return {
      ...sorted[0],
      key: sorted.map((flow) => flow.key).join('+'),
      component: joinUnique(
        sorted.map((flow) => flow.component),
        ', ',
      ),
      notes: joinUnique(
        sorted.map((flow) => flow.notes),
        '; ',
      ),
      sections: unique(sorted.flatMap((flow) => flow.sections)),
      rows: unique(sorted.flatMap((flow) => flow.rows)),
    };
  });
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function joinUnique(texts: readonly string[], separator: string): string {
  return unique(texts.filter((text) => text !== '')).join(separator);
}

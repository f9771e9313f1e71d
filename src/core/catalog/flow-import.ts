import { compileCondition } from '../conditions';
import type { CatalogDefinition, FlowDefinition } from './catalog-definition';

/** `replace`: the tables are the whole flow list. `merge`: they add and change flows, never remove. */
export type FlowImportMode = 'replace' | 'merge';

/**
 * The catalog after importing flows read from tables. A table row that describes a flow
 * the catalog already has (same roles, protocol, ports and condition, however the
 * condition is written) keeps that flow's key, so a re-import shows as changes to the
 * existing flows rather than as everything removed and added again.
 */
export function planFlowImport(
  catalog: CatalogDefinition,
  imported: readonly FlowDefinition[],
  mode: FlowImportMode,
): CatalogDefinition {
  const existingByIdentity = new Map(catalog.flows.map((flow) => [identityOf(flow, catalog), flow.key]));
  const rekeyed = imported.map((flow) => {
    const key = existingByIdentity.get(identityOf(flow, catalog));
    return key === undefined ? flow : { ...flow, key };
  });
  if (mode === 'replace') return { ...catalog, flows: rekeyed };
  const incoming = new Map(rekeyed.map((flow) => [flow.key, flow]));
  const kept = catalog.flows.map((flow) => incoming.get(flow.key) ?? flow);
  const known = new Set(catalog.flows.map((flow) => flow.key));
  return { ...catalog, flows: [...kept, ...rekeyed.filter((flow) => !known.has(flow.key))] };
}

function identityOf(flow: FlowDefinition, catalog: CatalogDefinition): string {
  return JSON.stringify([flow.source, flow.destination, flow.protocol, flow.ports, canonicalCondition(flow, catalog)]);
}

function canonicalCondition(flow: FlowDefinition, catalog: CatalogDefinition): string {
  try {
    return compileCondition(flow.condition, catalog.parameters).canonical;
  } catch {
    return flow.condition ?? '';
  }
}

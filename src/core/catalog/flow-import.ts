import type { CatalogDefinition, FlowDefinition } from './catalog-definition';
import { flowRowIdentity } from './repeated-flows';

/** `replace`: the tables are the whole flow list. `merge`: they add and change flows, never remove. */
export type FlowImportMode = 'replace' | 'merge';

/**
 * The catalog after importing flows read from tables. A table row that describes a flow
 * the catalog already has (same roles, protocol, ports and condition, however the
 * condition is written) keeps that flow's key, so a re-import shows as changes to the
 * existing flows rather than as everything removed and added again. Where several flows
 * share those (one port under several components), each existing flow is taken once, by
 * the row of its component first, then in order.
 */
export function planFlowImport(
  catalog: CatalogDefinition,
  imported: readonly FlowDefinition[],
  mode: FlowImportMode,
): CatalogDefinition {
  const rekeyed = keepExistingKeys(catalog, imported);
  if (mode === 'replace') return { ...catalog, flows: rekeyed };
  const incoming = new Map(rekeyed.map((flow) => [flow.key, flow]));
  const kept = catalog.flows.map((flow) => incoming.get(flow.key) ?? flow);
  const known = new Set(catalog.flows.map((flow) => flow.key));
  return { ...catalog, flows: [...kept, ...rekeyed.filter((flow) => !known.has(flow.key))] };
}

function keepExistingKeys(catalog: CatalogDefinition, imported: readonly FlowDefinition[]): FlowDefinition[] {
  const identityOf = (flow: FlowDefinition) => flowRowIdentity(flow, catalog.parameters);
  const unclaimed = new Map<string, FlowDefinition[]>();
  for (const flow of catalog.flows) {
    const identity = identityOf(flow);
    unclaimed.set(identity, [...(unclaimed.get(identity) ?? []), flow]);
  }
  const claim = (flow: FlowDefinition, fits: (existing: FlowDefinition) => boolean): string | undefined => {
    const candidates = unclaimed.get(identityOf(flow)) ?? [];
    const found = candidates.findIndex(fits);
    return found < 0 ? undefined : candidates.splice(found, 1)[0].key;
  };
  const keys: (string | undefined)[] = imported.map((flow) =>
    claim(flow, (existing) => existing.component === flow.component),
  );
  imported.forEach((flow, index) => {
    keys[index] ??= claim(flow, () => true);
  });
  return imported.map((flow, index) => {
    const key = keys[index];
    return key === undefined ? flow : { ...flow, key };
  });
}

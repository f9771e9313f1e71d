import type { FlowDefinition } from '../catalog-definition';
import { deriveFlowKey, type CatalogProblem } from '../catalog-document';
import { canonicalCondition, describeRepeat, findRepeatedFlows, foldExactRepeats } from '../repeated-flows';
import type { FlowDraft, FlowTableCatalog, ProblemList } from './raw-table';

/**
 * Folds rows that repeat an earlier row exactly (same roles, protocol, ports, condition and
 * component) into it, keeps rows that repeat one under another component (both warned
 * about: the flow query merges them), gives every row its key, and drops rows whose key is
 * still taken. Derived keys that collide (same roles, protocol, ports and component under
 * different conditions) all get the condition folded in, whatever the order.
 */
export function settleKeys(
  drafts: readonly FlowDraft[],
  catalog: FlowTableCatalog,
  problems: ProblemList,
  warnings: CatalogProblem[],
): FlowDefinition[] {
  const rows = drafts.map((draft) => draft.flow);
  const repeats = findRepeatedFlows(rows, catalog.parameters);
  for (const repeat of repeats) {
    warnings.push({ path: drafts[repeat.index].at, message: describeRepeat(repeat, (index) => drafts[index].at) });
  }
  const folded = foldExactRepeats(rows, repeats);
  const distinct = folded.flows.map((flow, index): FlowDraft => ({ ...drafts[folded.into.indexOf(index)], flow }));
  const plain = distinct.map(
    (draft) =>
      draft.key ??
      deriveFlowKey(
        draft.flow.source,
        draft.flow.destination,
        draft.flow.protocol,
        draft.flow.ports,
        draft.flow.component,
      ),
  );
  const uses = new Map<string, number>();
  for (const key of plain) uses.set(key, (uses.get(key) ?? 0) + 1);
  const owners = new Map<string, string>();
  const flows: FlowDefinition[] = [];
  distinct.forEach((draft, index) => {
    const { flow } = draft;
    const key =
      draft.key === null && (uses.get(plain[index]) ?? 0) > 1
        ? deriveFlowKey(
            flow.source,
            flow.destination,
            flow.protocol,
            flow.ports,
            `${conditionWords(canonicalCondition(flow.condition, catalog.parameters))} ${flow.component}`,
          )
        : plain[index];
    const owner = owners.get(key);
    if (owner !== undefined) {
      problems.add(draft.at, `flow key "${key}" is used by ${owner} too; add a Key column to tell them apart`);
      return;
    }
    owners.set(key, draft.at);
    flows.push({ key, ...flow });
  });
  return flows;
}

/** 'cni == "canal"' -> 'cni canal', '!airGap' -> 'not airGap': words for a key. */
function conditionWords(condition: string): string {
  return condition
    .replace(/!=/g, ' not ')
    .replace(/==/g, ' ')
    .replace(/!/g, ' not ')
    .replace(/&&/g, ' and ')
    .replace(/\|\|/g, ' or ');
}

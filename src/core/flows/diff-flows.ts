import { compareFlows, type ResolvedFlow } from './resolved-flow';

export interface FlowChange {
  readonly before: ResolvedFlow;
  readonly after: ResolvedFlow;
}

export interface FlowDiff {
  readonly added: readonly ResolvedFlow[];
  readonly removed: readonly ResolvedFlow[];
  readonly changed: readonly FlowChange[];
}

/** What a client compares: the rule itself and its texts (and, below, its document sections). */
const COMPARED = ['source', 'destination', 'protocol', 'fromPort', 'toPort', 'component', 'notes'] as const;

/**
 * Flows added, removed and changed between two resolved flow sets, matched by key (stable
 * across catalog versions). Applying the diff to `before` gives `after`.
 */
export function diffFlows(before: readonly ResolvedFlow[], after: readonly ResolvedFlow[]): FlowDiff {
  const beforeByKey = new Map(before.map((flow) => [flow.key, flow]));
  const afterByKey = new Map(after.map((flow) => [flow.key, flow]));
  const added = after.filter((flow) => !beforeByKey.has(flow.key));
  const removed = before.filter((flow) => !afterByKey.has(flow.key));
  const changed: FlowChange[] = [];
  for (const flow of after) {
    const earlier = beforeByKey.get(flow.key);
    const moved = earlier !== undefined && earlier.sections.join('\n') !== flow.sections.join('\n');
    if (earlier && (moved || COMPARED.some((field) => earlier[field] !== flow[field]))) {
      changed.push({ before: earlier, after: flow });
    }
  }
  return {
    added: [...added].sort(compareFlows),
    removed: [...removed].sort(compareFlows),
    changed: changed.sort((a, b) => compareFlows(a.after, b.after)),
  };
}

/** Applies a diff: the flow set it leads to from `before` (used to check diffs). */
export function applyFlowDiff(before: readonly ResolvedFlow[], diff: FlowDiff): ResolvedFlow[] {
  const removedKeys = new Set(diff.removed.map((flow) => flow.key));
  const changedByKey = new Map(diff.changed.map((change) => [change.after.key, change.after]));
  return [
    ...before.filter((flow) => !removedKeys.has(flow.key)).map((flow) => changedByKey.get(flow.key) ?? flow),
    ...diff.added,
  ].sort(compareFlows);
}

import type { ResolvedFlow } from '../../flows/resolved-flow';
import type { RenderInput } from '../render-input';

/** A flow as one row of a table, with what a change does to it. */
export interface FlowRow {
  readonly change: 'add' | 'remove' | null;
  readonly flow: ResolvedFlow;
}

/** The flows to allow, then (for a change) the flows to remove. */
export function flowRows(input: RenderInput): FlowRow[] {
  const change = input.since === null ? null : ('add' as const);
  return [
    ...input.flows.map((flow) => ({ change, flow })),
    ...input.removed.map((flow) => ({ change: 'remove' as const, flow })),
  ];
}

/** One line naming what the artifact is for. */
export function describeQuestion(input: RenderInput): string {
  const profile = input.profile === null ? '' : `, profile ${input.profile}`;
  const change = input.since === null ? '' : `, changes since ${input.since}`;
  return `${input.catalog.title} ${input.catalog.version}${profile}${change}`;
}

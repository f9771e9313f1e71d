import { compileCondition, isConditionError } from '../conditions';
import type { ParameterSpec } from '../parameters/parameter.types';
import type { FlowDefinition } from './catalog-definition';

/**
 * Vendor documents list one port under several components (two controllers that both reach
 * the API server, each in its own row). Such rows are what the vendor wrote, so they are
 * kept, each with its key; the flow query merges them into one flow naming every component
 * and row (resolveFlows). A row that repeats another one's component too adds nothing but
 * its notes: it is folded into the first. Both are lint findings (warnings), never errors.
 */

/** The parts of a row that say which connection it is. */
export type FlowRowContent = Pick<
  FlowDefinition,
  'source' | 'destination' | 'protocol' | 'ports' | 'condition' | 'component' | 'notes'
>;

export interface RepeatedFlow {
  /** The later row. */
  readonly index: number;
  /** The first row it repeats: with the same component when `exact`, else the first of its identity. */
  readonly twin: number;
  /** Same component too: only the notes (and the key or section) tell the two rows apart. */
  readonly exact: boolean;
}

/**
 * What two rows must share to be one connection: roles, protocol, ports and condition, the
 * condition compared by meaning where it compiles (`airGap` and `(airGap)` are one).
 */
export function flowRowIdentity(flow: FlowRowContent, parameters: readonly ParameterSpec[]): string {
  return JSON.stringify([
    flow.source,
    flow.destination,
    flow.protocol,
    flow.ports,
    canonicalCondition(flow.condition, parameters),
  ]);
}

/** Rows that repeat an earlier row's identity, in row order, each with the row it repeats. */
export function findRepeatedFlows(
  flows: readonly FlowRowContent[],
  parameters: readonly ParameterSpec[],
): RepeatedFlow[] {
  const firstOfIdentity = new Map<string, number>();
  const firstOfComponent = new Map<string, number>();
  const repeats: RepeatedFlow[] = [];
  flows.forEach((flow, index) => {
    const identity = flowRowIdentity(flow, parameters);
    const withComponent = JSON.stringify([identity, flow.component]);
    const sameComponent = firstOfComponent.get(withComponent);
    const sameIdentity = firstOfIdentity.get(identity);
    if (sameComponent !== undefined) {
      repeats.push({ index, twin: sameComponent, exact: true });
    } else if (sameIdentity !== undefined) {
      repeats.push({ index, twin: sameIdentity, exact: false });
    }
    if (sameIdentity === undefined) firstOfIdentity.set(identity, index);
    if (sameComponent === undefined) firstOfComponent.set(withComponent, index);
  });
  return repeats;
}

/**
 * Rows with every exact repeat folded into the row it repeats (notes joined), and where each
 * row went: `into[i]` is the index in the result of row i. Other repeats stay rows.
 */
export function foldExactRepeats<T extends FlowRowContent>(
  flows: readonly T[],
  repeats: readonly RepeatedFlow[],
): { readonly flows: T[]; readonly into: number[] } {
  const foldedInto = new Map(repeats.filter((repeat) => repeat.exact).map((repeat) => [repeat.index, repeat.twin]));
  const kept: T[] = [];
  const into: number[] = [];
  flows.forEach((flow, index) => {
    const twin = foldedInto.get(index);
    if (twin === undefined) {
      into.push(kept.length);
      kept.push(flow);
      return;
    }
    const target = into[twin];
    into.push(target);
    kept[target] = { ...kept[target], notes: joinNotes(kept[target].notes, flow.notes) };
  });
  return { flows: kept, into };
}

/** The warning for a repeat, `at` and `twinAt` being where the two rows are ("/flows/3", "table 1, row 2"). */
export function describeRepeat(repeat: RepeatedFlow, at: (index: number) => string): string {
  return repeat.exact
    ? `repeats ${at(repeat.twin)} (same roles, protocol, ports, condition and component): kept once, its notes joined to the first's`
    : `repeats ${at(repeat.twin)} (same roles, protocol, ports and condition) for another component: both rows are kept, and the flow query answers them as one flow naming both`;
}

/** The catalog document's limit on notes (catalog-document.schema.ts), so a folded row exports. */
const MAX_NOTES_LENGTH = 2000;

/** Notes of two rows as one text, each note once; the first row's alone when both would not fit. */
export function joinNotes(first: string, second: string): string {
  if (second === '' || second === first) return first;
  if (first === '') return second;
  if (first.split('; ').includes(second)) return first;
  const joined = `${first}; ${second}`;
  return joined.length > MAX_NOTES_LENGTH ? first : joined;
}

/** A condition as the service writes it ('' for none); as written when it does not compile. */
export function canonicalCondition(condition: string | null, parameters: readonly ParameterSpec[]): string {
  if (condition === null) return '';
  try {
    return compileCondition(condition, parameters).canonical;
  } catch (error) {
    if (!isConditionError(error)) throw error;
    return condition;
  }
}

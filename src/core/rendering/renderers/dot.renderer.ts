import { compareText, type ResolvedFlow, type ResolvedProtocol } from '../../flows/resolved-flow';
import type { RenderInput, RenderRole } from '../render-input';
import { Renderer } from '../renderer';
import { describeQuestion } from './flow-rows';

/** Role keys written as DOT identifiers as they are; anything else gets a generated id. */
const PLAIN_KEY = /^[A-Za-z0-9._-]+$/;
const PROTOCOL_ORDER: readonly ResolvedProtocol[] = ['tcp', 'udp', 'ipip'];
const FONT = 'Helvetica,Arial,sans-serif';

type Change = 'add' | 'remove' | null;

interface Edge {
  readonly change: Change;
  readonly source: string;
  readonly destination: string;
  readonly flows: ResolvedFlow[];
}

/**
 * The flows as a Graphviz digraph: a node per role that flows name (labelled with the
 * role's name), the members of a role that includes others drawn inside a cluster named
 * after it ("Node" around Master and Worker), and one edge per source and destination,
 * labelled with the protocols and ports of all the flows between them. For a change, the
 * flows to add and to remove are separate edges, green and dashed red.
 */
export class DotRenderer extends Renderer {
  readonly format: string = 'dot';
  readonly contentType: string = 'text/vnd.graphviz; charset=utf-8';
  readonly fileExtension: string = 'dot';
  readonly description: string = 'A Graphviz (DOT) graph of the roles and the flows between them';

  render(input: RenderInput): string {
    const roles = rolesInFlows(input);
    const ids = nodeIds(roles);
    const lines = [
      'digraph "network flows" {',
      `  graph [label=${label(describeQuestion(input))}, labelloc=t, rankdir=LR, fontname=${quote(FONT)}];`,
      `  node [shape=box, style="rounded,filled", fillcolor="#f6f8fa", fontname=${quote(FONT)}];`,
      `  edge [fontname=${quote(FONT)}, fontsize=10];`,
      ...clusterLines(input, roles, ids),
      ...edges(input, roles).map((edge) => edgeLine(edge, ids)),
      '}',
    ];
    return wellFormed(`${lines.join('\n')}\n`);
  }
}

/**
 * Unpaired UTF-16 surrogates as U+FFFD: they have no UTF-8 form, and the WebAssembly
 * Graphviz misreads a graph that holds some (it reports a syntax error).
 */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Roles named by a flow to allow or remove: catalog order, then roles the catalog lacks, by key. */
function rolesInFlows(input: RenderInput): string[] {
  const named = new Set([...input.flows, ...input.removed].flatMap((flow) => [flow.source, flow.destination]));
  const known = input.roles.map((role) => role.key).filter((key) => named.has(key));
  return [...known, ...[...named].filter((key) => !known.includes(key)).sort(compareText)];
}

function nodeIds(roles: readonly string[]): Map<string, string> {
  // "#" never appears in a plain key, so generated ids cannot clash with plain ones.
  return new Map(roles.map((key, i) => [key, quote(PLAIN_KEY.test(key) ? key : `#${i}`)]));
}

/** Roles that include others, smallest first (then in catalog order): the innermost group wins. */
function groups(input: RenderInput): RenderRole[] {
  return input.roles
    .filter((role) => role.members.some((member) => member !== role.key))
    .map((role, i) => ({ role, i }))
    .sort((a, b) => a.role.members.length - b.role.members.length || a.i - b.i)
    .map(({ role }) => role);
}

/** The group a role is drawn in: its own if it includes others, else the smallest that includes it. */
function groupOf(groupsBySize: readonly RenderRole[], key: string): string | null {
  if (groupsBySize.some((group) => group.key === key)) return key;
  return groupsBySize.find((group) => group.members.includes(key))?.key ?? null;
}

/** The group a group is drawn in: the smallest larger group that includes it. */
function parentOf(groupsBySize: readonly RenderRole[], group: RenderRole): string | null {
  return (
    groupsBySize.find(
      (other) =>
        other.key !== group.key && other.members.length > group.members.length && other.members.includes(group.key),
    )?.key ?? null
  );
}

function clusterLines(input: RenderInput, roles: readonly string[], ids: ReadonlyMap<string, string>): string[] {
  const groupsBySize = groups(input);
  const nameOf = (key: string) => input.roles.find((role) => role.key === key)?.name ?? key;
  const nodeLine = (key: string, indent: string) => {
    const isGroup = groupsBySize.some((group) => group.key === key);
    return `${indent}${ids.get(key)} [label=${label(nameOf(key))}${isGroup ? ', style="rounded,dashed,filled"' : ''}];`;
  };
  const placed = new Map(roles.map((key) => [key, groupOf(groupsBySize, key)]));
  const children = (parent: string | null) =>
    input.roles
      .filter((role) => groupsBySize.some((group) => group.key === role.key))
      .filter((group) => parentOf(groupsBySize, group) === parent)
      .map((group) => group.key);
  const cluster = (key: string, indent: string): string[] => {
    const inner = [
      ...children(key).flatMap((child) => cluster(child, `${indent}  `)),
      ...roles.filter((role) => placed.get(role) === key).map((role) => nodeLine(role, `${indent}  `)),
    ];
    if (inner.length === 0) return [];
    return [
      `${indent}subgraph ${quote(`cluster_${PLAIN_KEY.test(key) ? key : `#${input.roles.findIndex((r) => r.key === key)}`}`)} {`,
      `${indent}  label=${label(nameOf(key))};`,
      `${indent}  style="rounded"; color="#8c959f";`,
      ...inner,
      `${indent}}`,
    ];
  };
  return [
    ...children(null).flatMap((key) => cluster(key, '  ')),
    ...roles.filter((role) => placed.get(role) === null).map((role) => nodeLine(role, '  ')),
  ];
}

function edges(input: RenderInput, roles: readonly string[]): Edge[] {
  const change: Change = input.since === null ? null : 'add';
  const rows = [
    ...input.flows.map((flow) => ({ change, flow })),
    ...input.removed.map((flow) => ({ change: 'remove' as const, flow })),
  ];
  const byPair = new Map<string, Edge>();
  for (const { change: kind, flow } of rows) {
    const id = `${kind}\u0000${flow.source}\u0000${flow.destination}`;
    const edge = byPair.get(id) ?? { change: kind, source: flow.source, destination: flow.destination, flows: [] };
    edge.flows.push(flow);
    byPair.set(id, edge);
  }
  const rank = (key: string) => roles.indexOf(key);
  return [...byPair.values()].sort(
    (a, b) =>
      rank(a.source) - rank(b.source) ||
      rank(a.destination) - rank(b.destination) ||
      compareText(a.change ?? '', b.change ?? ''),
  );
}

function edgeLine(edge: Edge, ids: ReadonlyMap<string, string>): string {
  const ports = PROTOCOL_ORDER.flatMap((protocol) => {
    const flows = edge.flows.filter((flow) => flow.protocol === protocol);
    if (flows.length === 0) return [];
    const ranges = [...new Set(flows.filter((f) => f.fromPort !== null && f.toPort !== null).map(portText))];
    const sorted = ranges.sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || compareText(a, b));
    return [sorted.length === 0 ? protocol : `${protocol} ${sorted.join(', ')}`];
  });
  const text = edge.change === null ? ports : [edge.change, ...ports];
  const style =
    edge.change === 'add'
      ? ', color="#1a7f37", fontcolor="#1a7f37"'
      : edge.change === 'remove'
        ? ', color="#cf222e", fontcolor="#cf222e", style=dashed'
        : '';
  return `  ${ids.get(edge.source)} -> ${ids.get(edge.destination)} [label=${label(text.join('\n'))}${style}];`;
}

function portText(flow: ResolvedFlow): string {
  return flow.fromPort === flow.toPort ? String(flow.fromPort) : `${flow.fromPort}-${flow.toPort}`;
}

/** A DOT quoted string: only the quote and the backslash need escaping. */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/**
 * A label: as a quoted string, with line breaks as DOT's "\n", other control characters
 * dropped and "&" written as "&amp;" (Graphviz reads entities in labels, so "&lt;" would
 * otherwise show as "<"). An empty line is written as one space: Graphviz (the WebAssembly
 * build at least) crashes laying out some labels with an empty line, e.g. "\n" followed by
 * 100 characters.
 */
export function label(text: string): string {
  const lines = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g, '')
    .split(/\r\n|[\r\n\u2028\u2029\u0085]/)
    .map((line) => (line === '' ? ' ' : line).replace(/&/g, '&amp;').replace(/[\\"]/g, (char) => `\\${char}`));
  return `"${text === '' ? '' : lines.join('\\n')}"`;
}

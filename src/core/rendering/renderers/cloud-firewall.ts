import type { ResolvedFlow } from '../../flows/resolved-flow';
import { addressesOf, kindOf, type RenderInput } from '../render-input';
import { familiesOf, familyOf, type AddressFamily } from './address-family';
import { describeFlowPorts } from './text';

/**
 * What the cloud firewall renderers (AWS, Azure, GCP) share: which side of a flow a rule
 * belongs to (by the kinds of its roles), the split of a rule by address family, placeholder
 * names per role, and the texts of their comments.
 */

/** Whether a role is outside everything these rules configure (the Internet, an intranet, a cloud API). */
export function isExternal(input: RenderInput, roleKey: string): boolean {
  return kindOf(input, roleKey) === 'external';
}

/**
 * Where a flow is allowed, decided by the kinds of its roles, never by the addresses a profile
 * happens to give: a flow to an external role is an egress rule on its source's side (nothing
 * of the outside carries a rule); any other flow is an ingress rule on its destination's side,
 * a flow from the outside included. Load balancers are treated like hosts: AWS load balancers
 * have security groups, GCP and Azure address them by tags or prefixes, and a flow to one is
 * filtered where it arrives. A flow between two external roles passes no firewall of ours: null.
 */
export function directionOf(input: RenderInput, flow: ResolvedFlow): 'ingress' | 'egress' | null {
  if (!isExternal(input, flow.destination)) return 'ingress';
  return isExternal(input, flow.source) ? null : 'egress';
}

/** Why a flow has no rule on any cloud firewall, or null: see directionOf. */
export function externalOmission(input: RenderInput, flow: ResolvedFlow): string | null {
  return directionOf(input, flow) === null
    ? 'both of its roles are outside (external): no security group, tag or prefix of ours is on its path'
    : null;
}

/**
 * The networks of an external role, for the other side of a rule: the profile's CIDRs, else
 * the catalog's default networks (the Internet: 0.0.0.0/0 and ::/0); empty when neither gives
 * any (an intranet), and the renderer then asks for its networks, never for a group or tag.
 */
export function externalNetworksOf(input: RenderInput, roleKey: string): readonly string[] {
  return addressesOf(input, roleKey).cidrs;
}

/** Part of one side's address ranges: literal ranges, or a role's placeholder (kept to one family when split). */
export type RangePart =
  { readonly items: readonly string[] } | { readonly placeholder: string; readonly family?: AddressFamily };

/** One rule of a flow after the split by address family: the family (null: not split) and its sides. */
export interface FamilyVariant {
  readonly family: AddressFamily | null;
  readonly sides: readonly (readonly RangePart[])[];
}

/**
 * A rule's sides split by address family for platforms that refuse a rule mixing IPv4 and IPv6
 * (GCP, Azure): one rule as it is when its literal ranges are of one family at most;
 * else one rule per family, each side keeping that family's ranges and its placeholders
 * filtered to that family, and no rule for a family a side has no literal range of and no
 * placeholder for.
 */
export function splitByFamily(sides: readonly (readonly RangePart[])[]): FamilyVariant[] {
  const literal = sides.flatMap((side) => side.flatMap((part) => ('items' in part ? part.items : [])));
  const families = familiesOf(literal);
  if (families.length < 2) return [{ family: null, sides }];
  return families.flatMap((family): FamilyVariant[] => {
    const split = sides.map((side) =>
      side.flatMap((part): RangePart[] => {
        if (!('items' in part)) return [{ placeholder: part.placeholder, family }];
        const items = part.items.filter((cidr) => familyOf(cidr) === family);
        return items.length > 0 ? [{ items }] : [];
      }),
    );
    return split.some((side, index) => side.length === 0 && sides[index].length > 0) ? [] : [{ family, sides: split }];
  });
}

/**
 * The roles whose address sets stand for a role's hosts: the role itself when the profile
 * gives it addresses or it includes no other role; else, recursively, the roles it includes
 * ("node" → master, worker). Placeholders are then per included role, and a profile that
 * gives the masters' addresses but not the workers' yields the masters' addresses plus a
 * placeholder for the workers, never the masters' alone.
 */
export function hostGroupsOf(input: RenderInput, roleKey: string): string[] {
  const othersOf = (key: string): readonly string[] =>
    input.roles.find((role) => role.key === key)?.members.filter((member) => member !== key) ?? [];
  const given = (key: string): boolean => {
    const set = input.addresses[key];
    return set !== undefined && set.cidrs.length + set.securityGroupIds.length + set.tags.length > 0;
  };
  const visit = (key: string, seen: ReadonlySet<string>): string[] => {
    const others = othersOf(key);
    if (given(key) || others.length === 0 || seen.has(key)) return [key];
    const direct = others.filter(
      (member) => !others.some((other) => other !== member && othersOf(other).includes(member)),
    );
    return direct.flatMap((member) => visit(member, new Set([...seen, key])));
  };
  return [...new Set(visit(roleKey, new Set()))];
}

/** Each item once, the first time its key comes. */
export function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The role a rule belongs to (its destination for ingress, its source for egress) and the other one. */
export function sidesOf(flow: ResolvedFlow, direction: 'ingress' | 'egress'): { own: string; peer: string } {
  return direction === 'ingress'
    ? { own: flow.destination, peer: flow.source }
    : { own: flow.source, peer: flow.destination };
}

/**
 * One name per role, unique over the roles of the input (in catalog order, so "a.b" and
 * "a-b" get "a_b" and "a_b_2"), for placeholders named after the role.
 */
export function roleNames(
  input: RenderInput,
  nameOf: (roleKey: string) => string,
  unique: { claim(base: string): string },
): (roleKey: string) => string {
  const names = new Map<string, string>();
  const of = (roleKey: string): string => {
    let name = names.get(roleKey);
    if (name === undefined) {
      name = unique.claim(nameOf(roleKey));
      names.set(roleKey, name);
    }
    return name;
  };
  for (const role of input.roles) of(role.key);
  return of;
}

/** "Master (master)", or the key alone when the role is unknown or named by its key. */
export function roleLabel(input: RenderInput, roleKey: string): string {
  const name = input.roles.find((role) => role.key === roleKey)?.name;
  return name === undefined || name === roleKey ? roleKey : `${name} (${roleKey})`;
}

/**
 * The text of a flow for a description: its component, and its notes if any; in Unicode
 * normal form C, as HCL reads it, so that a length limit holds for the text the tool sees.
 */
export function flowText(flow: ResolvedFlow): string {
  return (flow.notes === '' ? flow.component : `${flow.component}: ${flow.notes}`).normalize('NFC');
}

/** "etcd-peer: master -> master, tcp 2380 (Etcd)", for comments. */
export function flowSummary(flow: ResolvedFlow): string {
  return `${flow.key}: ${flow.source} -> ${flow.destination}, ${describeFlowPorts(flow)} (${flow.component})`;
}

/** The header lines for flows that have no cloud rule because both roles are external. */
export function omittedLines(input: RenderInput, omitted: readonly ResolvedFlow[]): string[] {
  return omitted.flatMap((flow) => [`Left out: ${flowSummary(flow)}.`, `  ${externalOmission(input, flow) ?? ''}.`]);
}

/** At most `max` characters (code points), ending in `marker` when cut. */
export function truncate(text: string, max: number, marker = '…'): string {
  const characters = [...text];
  if (characters.length <= max) return text;
  return `${characters.slice(0, max - [...marker].length).join('')}${marker}`;
}

/** A flow of a change that is to go, with the addresses its rules had in the tool's terms. */
export interface RemovedFlow {
  readonly flow: ResolvedFlow;
  readonly addresses: readonly { readonly address: string; readonly reused: boolean }[];
  /** Why the flow had no rule on this platform, if it had none. */
  readonly note?: string;
}

/** How a declarative tool removes what leaves its configuration, for the change notice. */
export interface ChangeTool {
  /** "Terraform", "CloudFormation". */
  readonly name: string;
  /** "resource address", "logical ID". */
  readonly address: string;
  /** What replaces the old configuration: "apply it in place of that file". */
  readonly apply: string;
  /** What reusing an address does: "Terraform updates or replaces that rule". */
  readonly reuse: string;
}

/** How Terraform removes rules, for the change notice of the Terraform renderers. */
export const TERRAFORM: ChangeTool = {
  name: 'Terraform',
  address: 'resource address',
  apply: 'apply it in place of that file',
  reuse: 'Terraform updates or replaces that rule',
};

/** The leading comment of a change: the rules to remove, and how the tool removes them. */
export function changeNotice(input: RenderInput, tool: ChangeTool, removed: readonly RemovedFlow[]): string[] {
  if (input.since === null) return [];
  const lines = [
    `Changes since ${input.since}: this file holds only the rules for the ${input.flows.length} flow(s) to add.`,
  ];
  if (removed.length === 0) return [...lines, 'No rule to remove.'];
  lines.push(`Remove these rules (${removed.length} flow(s) removed or changed):`);
  for (const entry of removed) {
    lines.push(`- ${flowSummary(entry.flow)}`);
    if (entry.note !== undefined) lines.push(`    ${entry.note}`);
    for (const { address, reused } of entry.addresses) {
      lines.push(`    ${address}${reused ? ` (the same ${tool.address} as a rule to add below: ${tool.reuse})` : ''}`);
    }
  }
  return [
    ...lines,
    `${tool.name} is declarative: a rule goes when its resource leaves the configuration. If the rules above`,
    `were created from the ${tool.name} output rendered for ${input.since}, render the full catalog version`,
    `${input.catalog.version} for this profile and ${tool.apply}: that removes them and keeps the others.`,
    `This file alone must not take the place of the full one: every unchanged rule would be removed too.`,
  ];
}

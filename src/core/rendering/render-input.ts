import type { FlowDiff } from '../flows/diff-flows';
import type { ResolvedFlow } from '../flows/resolved-flow';
import type { RoleKind } from '../catalog/catalog-definition';
import type { ParameterValues } from '../parameters/parameter.types';

/** Where a role's hosts are, as a profile says: address ranges, security groups, tags. */
export interface RoleAddresses {
  readonly cidrs: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly tags: readonly string[];
}

export interface RenderRole {
  readonly key: string;
  readonly name: string;
  /** The role and every role it includes, transitively ("node" → node, master, worker). */
  readonly members: readonly string[];
  /** Hosts get rules; a flow to an external role is an egress rule on its source's side. */
  readonly kind: RoleKind;
  /** External roles: the networks assumed when the profile gives the role no CIDRs. */
  readonly defaultCidrs: readonly string[];
}

/** Whether a host firewall only accepts (safe anywhere) or is complete and drops the rest. */
export type FirewallMode = 'allow' | 'enforce';

/**
 * How the host firewall renderings (iptables, ip6tables, nftables) are asked for: one
 * host role's view or every host role's, accepting only or enforcing, and the networks an
 * enforcing ruleset lets in for management so that loading it cannot lock the operator out.
 */
export interface HostFirewall {
  /** A host role without member roles ("master"); null: a section per host role. */
  readonly host: string | null;
  /** Input: `allow` only accepts; `enforce` accepts loopback, replies, flows, management, then drops. */
  readonly mode: FirewallMode;
  /** Output, in enforce mode: `enforce` drops what the flows do not allow; `allow` drops nothing. */
  readonly egress: FirewallMode;
  readonly management: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
}

/** Ports the management networks may reach when none are given: SSH. */
export const DEFAULT_MANAGEMENT_PORTS: readonly number[] = [22];

/** Every host role's view, accepting only: what the firewall renderings are without options. */
export const ALLOW_EVERY_HOST: HostFirewall = {
  host: null,
  mode: 'allow',
  egress: 'allow',
  management: { cidrs: [], ports: DEFAULT_MANAGEMENT_PORTS },
};

/**
 * What every renderer receives: resolved, platform-neutral flows and where each role
 * lives; never database rows. Deterministic for a given question, so renderings are too.
 */
export interface RenderInput {
  readonly catalog: { readonly version: string; readonly title: string };
  /** The profile the question was asked under, if any. */
  readonly profile: string | null;
  readonly parameters: ParameterValues;
  /** Every role of the catalog version, in catalog order. */
  readonly roles: readonly RenderRole[];
  /** Address sets by role key, as the profile gives them (possibly none). */
  readonly addresses: Readonly<Record<string, RoleAddresses>>;
  /** The flows to allow (for a change: the flows to add). */
  readonly flows: readonly ResolvedFlow[];
  /** For a change from an earlier version: the flows to remove; empty otherwise. */
  readonly removed: readonly ResolvedFlow[];
  /** For a change: the version the profile moves from; null otherwise. */
  readonly since: string | null;
  /** The host firewall options; only the renderers that take them (Renderer.takesHostFirewall) read them. */
  readonly firewall: HostFirewall;
}

const EMPTY: RoleAddresses = { cidrs: [], securityGroupIds: [], tags: [] };

/**
 * The addresses of a role: its own set, or the union of its members' sets (a `node` flow
 * reaches the masters' and the workers' ranges). Empty lists mean "not given": renderers
 * then write a named placeholder.
 */
export function addressesOf(input: RenderInput, roleKey: string): RoleAddresses {
  const role = input.roles.find((candidate) => candidate.key === roleKey);
  const sets = [
    ownAddressesOf(input, roleKey),
    ...(role?.members ?? []).filter((member) => member !== roleKey).map((member) => ownAddressesOf(input, member)),
  ];
  const present = sets.filter((set): set is RoleAddresses => set !== undefined);
  if (present.length === 0) return EMPTY;
  const union = (pick: (set: RoleAddresses) => readonly string[]) => [...new Set(present.flatMap(pick))];
  return {
    cidrs: union((s) => s.cidrs),
    securityGroupIds: union((s) => s.securityGroupIds),
    tags: union((s) => s.tags),
  };
}

/**
 * The profile's set for the role itself; an external role the profile gives no CIDRs
 * stands for the catalog's default networks ("internet": 0.0.0.0/0 and ::/0).
 */
function ownAddressesOf(input: RenderInput, roleKey: string): RoleAddresses | undefined {
  const own = input.addresses[roleKey];
  if (own !== undefined && own.cidrs.length > 0) return own;
  const defaults = input.roles.find((candidate) => candidate.key === roleKey)?.defaultCidrs ?? [];
  if (defaults.length === 0) return own;
  return { cidrs: defaults, securityGroupIds: own?.securityGroupIds ?? [], tags: own?.tags ?? [] };
}

/** The role's kind; a key the catalog does not declare is treated as a host. */
export function kindOf(input: RenderInput, roleKey: string): RoleKind {
  return input.roles.find((candidate) => candidate.key === roleKey)?.kind ?? 'host';
}

/** A role key as an identifier fragment for platforms that restrict names ("cloud-api" → "cloud_api"). */
export function identifierOf(roleKey: string): string {
  return roleKey.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * The input for a change from version `since` to `input`'s: flows added or changed are to
 * be allowed, flows removed or superseded by a change are to be taken away.
 */
export function changeInput(input: RenderInput, diff: FlowDiff, since: string): RenderInput {
  return {
    ...input,
    flows: [...diff.added, ...diff.changed.map((change) => change.after)],
    removed: [...diff.removed, ...diff.changed.map((change) => change.before)],
    since,
  };
}

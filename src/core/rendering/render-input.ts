import type { FlowDiff } from '../flows/diff-flows';
import type { ResolvedFlow } from '../flows/resolved-flow';
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
}

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
}

const EMPTY: RoleAddresses = { cidrs: [], securityGroupIds: [], tags: [] };

/**
 * The addresses of a role: its own set, or the union of its members' sets (a `node` flow
 * reaches the masters' and the workers' ranges). Empty lists mean "not given": renderers
 * then write a named placeholder.
 */
export function addressesOf(input: RenderInput, roleKey: string): RoleAddresses {
  const own = input.addresses[roleKey];
  const role = input.roles.find((candidate) => candidate.key === roleKey);
  const sets = [
    own,
    ...(role?.members ?? []).filter((member) => member !== roleKey).map((member) => input.addresses[member]),
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

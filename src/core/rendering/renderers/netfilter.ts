import { containsNetwork, parseNetwork, type IpNetwork } from '../../network/ip-network';
import { addressesOf, type RenderInput } from '../render-input';
import { shortHash } from './text';

/*
 * What the host firewall renderers (iptables, ip6tables, nftables) and the check script
 * share: a role's networks in one address family, the placeholder sets that stand in for
 * roles without CIDRs, and their names.
 */

/** The ipset standing in for a role without CIDRs: "kublr-node-v4" (ipset names have at most 31 characters). */
export function ipsetName(roleKey: string, family: 4 | 6): string {
  const safe = roleKey.replace(/[^A-Za-z0-9._-]/g, '_');
  const suffix = `-v${family}`;
  const name = `kublr-${safe}${suffix}`;
  if (name.length <= 31 && safe === roleKey) return name;
  return `kublr-${safe.slice(0, 31 - 'kublr-'.length - suffix.length - 9)}-${shortHash(roleKey)}${suffix}`;
}

/** Where a rule's source or destination is: a network, or the placeholder set of a role without CIDRs. */
export type Endpoint =
  { readonly kind: 'network'; readonly network: IpNetwork } | { readonly kind: 'set'; readonly role: string };

/**
 * A role's addresses in one family, as the firewall renderers use them: its networks
 * (parsed, host bits cleared, sorted, networks inside others left out, since nftables
 * refuses overlapping intervals in a set), and placeholders for the parts of it the profile
 * gives no CIDR for. A role without members is its own placeholder; a role with members
 * ("node": master, worker) is matched by its members' placeholders, so each set is filled
 * once, and a profile that gives masters but not workers CIDRs still covers the workers.
 * A role whose CIDRs are all of the other family has no endpoint: its flows are skipped.
 */
export class RoleAddressing {
  private readonly used: string[] = [];
  private readonly order: ReadonlyMap<string, number>;

  constructor(
    private readonly input: RenderInput,
    readonly family: 4 | 6,
    private readonly withPlaceholders = true,
  ) {
    for (const flow of [...input.flows, ...input.removed]) {
      for (const role of [flow.source, flow.destination]) if (!this.used.includes(role)) this.used.push(role);
    }
    this.order = new Map(input.roles.map((role, index) => [role.key, index]));
    this.used.sort(this.byCatalogOrder);
  }

  private readonly byCatalogOrder = (a: string, b: string): number =>
    (this.order.get(a) ?? Number.MAX_SAFE_INTEGER) - (this.order.get(b) ?? Number.MAX_SAFE_INTEGER);

  /** Every role a flow names, in catalog order. */
  roles(): readonly string[] {
    return this.used;
  }

  networks(roleKey: string): IpNetwork[] {
    return networksOf(this.input, roleKey).filter((network) => network.family === this.family);
  }

  /** The roles whose placeholder sets stand in for the parts of this role without CIDRs. */
  placeholders(roleKey: string): string[] {
    if (!this.withPlaceholders || (this.input.addresses[roleKey]?.cidrs.length ?? 0) > 0) return [];
    const members = (this.input.roles.find((role) => role.key === roleKey)?.members ?? []).filter(
      (member) => member !== roleKey,
    );
    const leaves = members.filter((member) => {
      const own = this.input.roles.find((role) => role.key === member)?.members ?? [];
      return own.every((nested) => nested === member);
    });
    return (leaves.length === 0 ? [roleKey] : leaves).filter(
      (leaf) => addressesOf(this.input, leaf).cidrs.length === 0,
    );
  }

  endpoints(roleKey: string): Endpoint[] {
    return [
      ...this.networks(roleKey).map((network): Endpoint => ({ kind: 'network', network })),
      ...this.placeholders(roleKey).map((role): Endpoint => ({ kind: 'set', role })),
    ];
  }

  /** Every placeholder the flows use, in catalog order. */
  placeholderRoles(): string[] {
    return [...new Set(this.used.flatMap((role) => this.placeholders(role)))].sort(this.byCatalogOrder);
  }
}

/** The role's networks (both families), deduplicated, sorted, contained ones left out. */
export function networksOf(input: RenderInput, roleKey: string): IpNetwork[] {
  const parsed = addressesOf(input, roleKey)
    .cidrs.map(parseNetwork)
    .filter((network): network is IpNetwork => network !== null)
    .sort(
      (a, b) =>
        a.family - b.family || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0) || a.prefix - b.prefix,
    );
  const kept: IpNetwork[] = [];
  for (const network of parsed) {
    const last = kept[kept.length - 1];
    if (last && containsNetwork(last, network)) continue;
    kept.push(network);
  }
  return kept;
}

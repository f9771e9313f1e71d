import { identifierOf, type RenderInput } from '../render-input';
import type { Direction } from './host-view';
import { RoleAddressing } from './netfilter';
import { shortHash } from './text';

/**
 * The names of sets and chains, so that a change file names what the earlier full file
 * created: a chain's name depends on its flow key or version only, a set's on its role and
 * the catalog's roles. Where making a key an identifier merged two, a hash keeps them apart.
 */
export class NftNames {
  readonly v4: RoleAddressing;
  readonly v6: RoleAddressing;

  private readonly roleKeys: ReadonlySet<string>;
  private readonly host: string | null;

  constructor(input: RenderInput) {
    this.host = input.firewall.host;
    this.v4 = new RoleAddressing(input, 4);
    this.v6 = new RoleAddressing(input, 6, false);
    this.roleKeys = new Set([...input.roles.map((role) => role.key), ...this.v4.roles()]);
  }

  addressing(family: 4 | 6): RoleAddressing {
    return family === 4 ? this.v4 : this.v6;
  }

  /** The roles whose sets match a role: its own (of its networks) and its placeholders. */
  setsOf(role: string, family: 4 | 6): string[] {
    const addressing = this.addressing(family);
    return [...(addressing.networks(role).length > 0 ? [role] : []), ...addressing.placeholders(role)];
  }

  /** Every set the peers use, in catalog order. */
  declaredSets(family: 4 | 6, peers: readonly string[]): string[] {
    const used = new Set(peers.flatMap((role) => this.setsOf(role, family)));
    const order = [...this.roleKeys];
    return [...used].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }

  /**
   * "master_v4", "cloud_api_v6" (the role as an identifier); when two roles of the catalog
   * make the same identifier ("a.b", "a-b"), a hash of the role keeps them apart.
   */
  set(role: string, family: 4 | 6): string {
    const base = identifierOf(role);
    const clash = [...this.roleKeys].some((other) => other !== role && identifierOf(other) === base);
    const name = clash ? `${base}_${shortHash(role)}` : base;
    return `${/^[0-9]/.test(name) ? `_${name}` : name}_v${family}`;
  }

  /** The IPv4 placeholder sets the peers use, in catalog order. */
  placeholderRoles(peers: readonly string[]): string[] {
    const order = [...this.roleKeys];
    return [...new Set(peers.flatMap((peer) => this.v4.placeholders(peer)))].sort(
      (a, b) => order.indexOf(a) - order.indexOf(b),
    );
  }

  /** "host_master_in": what a host role lets in (input) or out (output). */
  hostChain(role: string, direction: Direction): string {
    return `host_${this.roleIdentifier(role)}_${direction === 'input' ? 'in' : 'out'}`;
  }

  /** "flow_etcd-peer_in": a flow's rules as its destination's hosts (in) or its source's (out) apply them. */
  flowChain(key: string, direction: Direction): string {
    return `flow_${identifier(key, /[^A-Za-z0-9_./-]/g)}_${direction === 'input' ? 'in' : 'out'}`;
  }

  /** "version_1.30.0", "version_1.30.0_host_master": a change for another version or host finds no marker. */
  versionChain(version: string): string {
    const host = this.host === null ? '' : `_host_${this.roleIdentifier(this.host)}`;
    return `version_${identifier(version, /[^A-Za-z0-9_.-]/g)}${host}`;
  }

  private roleIdentifier(role: string): string {
    const base = identifierOf(role);
    const clash = [...this.roleKeys].some((other) => other !== role && identifierOf(other) === base);
    return clash || base !== role ? `${base}_${shortHash(role)}` : base;
  }
}

/** The key with characters outside the pattern as "_", and a hash of the key when any were. */
function identifier(key: string, forbidden: RegExp): string {
  const safe = key.replace(forbidden, '_');
  const name = safe === key ? safe : `${safe}_${shortHash(key)}`;
  return name.length <= 200 ? name : `${name.slice(0, 190)}_${shortHash(key)}`;
}

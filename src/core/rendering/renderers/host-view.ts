import type { ResolvedFlow } from '../../flows/resolved-flow';
import { parseNetwork, type IpNetwork } from '../../network/ip-network';
import type { HostFirewall, RenderInput, RenderRole } from '../render-input';

/*
 * The flows from one host's side, as the host firewall renderers (iptables, ip6tables,
 * nftables) write them: a flow is an input rule on the hosts of its destination (matching
 * the source's addresses) and an output rule on the hosts of its source (matching the
 * destination's). A `node` flow is both on a master. A balancer or an outside role has no
 * firewall of ours, so a flow to one is only ever an output rule on its source; no rule
 * ever needs an address of the host itself, so one rendering fits every host of a role.
 */

export type Direction = 'input' | 'output';

/** One flow as one host role sees it: the peer is the role at the other end. */
export interface HostRule {
  readonly direction: Direction;
  readonly flow: ResolvedFlow;
  readonly peer: string;
}

/** The rules of one host role: what it lets in and what it lets out. */
export interface HostView {
  readonly role: string;
  readonly input: readonly HostRule[];
  readonly output: readonly HostRule[];
}

/** Host roles that include no other role (master, worker, kcp; not node): the ones a host can be. */
export function leafHostRoles(roles: readonly RenderRole[]): RenderRole[] {
  return roles.filter((role) => role.kind === 'host' && role.members.every((member) => member === role.key));
}

/** The host roles a rendering has sections for: the one asked for, or every leaf host role. */
export function viewedHosts(input: RenderInput): string[] {
  if (input.firewall.host !== null) return [input.firewall.host];
  return leafHostRoles(input.roles).map((role) => role.key);
}

/** The rules of `flows` on the hosts of `role`, in flow order. */
export function hostView(input: RenderInput, role: string, flows: readonly ResolvedFlow[]): HostView {
  const includes = (roleKey: string) => membersOf(input, roleKey).includes(role);
  return {
    role,
    input: flows
      .filter((flow) => includes(flow.destination))
      .map((flow) => ({ direction: 'input' as const, flow, peer: flow.source })),
    output: flows
      .filter((flow) => includes(flow.source))
      .map((flow) => ({ direction: 'output' as const, flow, peer: flow.destination })),
  };
}

/** The views of every viewed host, for the flows to allow and (for a change) the flows to remove. */
export function hostViews(input: RenderInput): { readonly flows: HostView[]; readonly removed: HostView[] } {
  const hosts = viewedHosts(input);
  return {
    flows: hosts.map((host) => hostView(input, host, input.flows)),
    removed: hosts.map((host) => hostView(input, host, input.removed)),
  };
}

/** Every peer the views name, once. */
export function peersOf(views: readonly HostView[]): string[] {
  return [...new Set(views.flatMap((view) => [...view.input, ...view.output].map((rule) => rule.peer)))];
}

/** The management networks of one family, parsed. */
export function managementNetworks(firewall: HostFirewall, family: 4 | 6): IpNetwork[] {
  return firewall.management.cidrs
    .map(parseNetwork)
    .filter((network): network is IpNetwork => network !== null && network.family === family);
}

function membersOf(input: RenderInput, roleKey: string): readonly string[] {
  return input.roles.find((role) => role.key === roleKey)?.members ?? [roleKey];
}

/**
 * Why these host firewall options cannot be rendered for these roles, or null when they
 * can: the host must be a host role that includes no other (a `node` host would be a
 * master and a worker at once), and an enforcing ruleset needs one host and management
 * networks, so that loading it cannot lock the operator out.
 */
export function hostFirewallProblem(
  roles: readonly RenderRole[],
  firewall: HostFirewall,
): { readonly field: string; readonly message: string } | null {
  if (firewall.host !== null) {
    const role = roles.find((candidate) => candidate.key === firewall.host);
    const hosts = leafHostRoles(roles).map((candidate) => candidate.key);
    const choose = `; host firewalls are rendered for ${hosts.join(', ')}`;
    if (role === undefined) {
      return { field: 'host', message: `unknown role "${firewall.host}"${choose}` };
    }
    if (role.kind !== 'host') {
      return {
        field: 'host',
        message: `role "${role.key}" is a${role.kind === 'external' ? 'n' : ''} ${role.kind} role, not a host${choose}`,
      };
    }
    const others = role.members.filter((member) => member !== role.key);
    if (others.length > 0) {
      return {
        field: 'host',
        message: `role "${role.key}" includes ${others.join(', ')}: ask for each of them${choose}`,
      };
    }
  }
  if (firewall.mode === 'enforce' && firewall.host === null) {
    return { field: 'host', message: 'mode=enforce renders a complete ruleset for one host role: give host' };
  }
  if (firewall.mode === 'enforce' && firewall.management.cidrs.length === 0) {
    return {
      field: 'managementCidrs',
      message:
        'mode=enforce needs managementCidrs (the networks allowed to reach managementPorts, 22 unless given), ' +
        'so that loading cannot lock the operator out',
    };
  }
  if (firewall.egress === 'enforce' && firewall.mode !== 'enforce') {
    return { field: 'egress', message: 'egress=enforce needs mode=enforce' };
  }
  return null;
}

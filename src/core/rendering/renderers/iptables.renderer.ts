import type { ResolvedFlow } from '../../flows/resolved-flow';
import type { RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { describeQuestion } from './flow-rows';
import { hostViews, managementNetworks, peersOf, type Direction, type HostRule, type HostView } from './host-view';
import { ipsetName, RoleAddressing, type Endpoint } from './netfilter';
import { describeMatch, oneLine, shortHash, truncateUtf8 } from './text';

/** The chain that holds only the version marker rule: a change file starts by deleting it. */
export const IPTABLES_VERSION_CHAIN = 'KUBLR-NR-VERSION';

/**
 * The chains of one host role: the flows it lets in and out (`KUBLR-NR-MASTER-IN`, `-OUT`,
 * accept only, the same in both modes, what a change edits), and in enforce mode the chains
 * hooked into INPUT and OUTPUT that complete them (`-INPUT`, `-OUTPUT`: loopback, replies,
 * the flows' chain, management, drop). Chain names have at most 28 characters.
 */
export function iptablesChains(role: string): { in: string; out: string; input: string; output: string } {
  const base = `KUBLR-NR-${
    /^[a-z0-9]{1,12}$/.test(role)
      ? role.toUpperCase()
      : `${role
          .replace(/[^A-Za-z0-9]/g, '_')
          .slice(0, 3)
          .toUpperCase()}-${shortHash(role)}`
  }`;
  return { in: `${base}-IN`, out: `${base}-OUT`, input: `${base}-INPUT`, output: `${base}-OUTPUT` };
}

/**
 * iptables-restore input for `iptables-restore --noflush`, one section per host role (or
 * the one asked for): its input rules (flows to it, matching the source's networks) and
 * output rules (flows from it, matching the destination's), in chains of its own declared
 * with `:CHAIN - [0:0]` so that loading again replaces their rules instead of adding them
 * twice. The jumps from INPUT and OUTPUT are not in the file (see the header it writes): in
 * --noflush mode they would be added again on every load. A role without CIDRs is matched
 * by an ipset placeholder (`kublr-<role>-v4`) that takes effect once filled. In enforce
 * mode a host's INPUT chain (and OUTPUT, with egress=enforce) accepts loopback and replies,
 * runs the flows, lets the management networks in, and drops the rest. For a change
 * (`since`), the file deletes the removed flows' rules and appends the added ones, guarded
 * by a version marker rule (see changeLines); the enforce chains are not touched by it.
 */
export class IptablesRenderer extends Renderer {
  readonly format: string = 'iptables';
  readonly contentType: string = 'text/plain; charset=utf-8';
  readonly fileExtension: string = 'rules';
  readonly description: string =
    'iptables-restore --noflush input: per host role, input and output chains (KUBLR-NR-<ROLE>-IN/-OUT), IPv4 only';
  override readonly takesHostFirewall = true;
  /** The address family the command handles. */
  protected readonly family: 4 | 6 = 4;
  protected readonly command: string = 'iptables';

  render(input: RenderInput): string {
    const addressing = new RoleAddressing(input, this.family);
    const views = hostViews(input);
    const body =
      input.since !== null ? this.changeLines(input, views, addressing) : this.fullLines(input, views, addressing);
    return `${[...this.header(input, views.flows, addressing), '*filter', ...body, 'COMMIT'].join('\n')}\n`;
  }

  protected header(input: RenderInput, views: readonly HostView[], addressing: RoleAddressing): string[] {
    const restore = `${this.command}-restore --noflush`;
    const { firewall } = input;
    const enforce = firewall.mode === 'enforce';
    const lines = [
      `${this.command} rules: ${describeQuestion(input)}`,
      `Host firewall: ${firewall.host === null ? 'a section per host role' : `hosts of role ${firewall.host}`}, mode ${firewall.mode}${enforce ? `, egress ${firewall.egress}` : ''}`,
      '',
      'Load (as root) with:',
      `  ${restore} < this-file`,
      `Always with --noflush: without it, ${this.command}-restore empties every chain of the filter table.`,
      'Loading is atomic (all of the file or, on any error, nothing).',
    ];
    if (input.since === null) {
      lines.push(
        'Each chain\'s ":CHAIN - [0:0]" line creates it, or empties it if it exists, so loading the file again',
        'replaces the rules instead of adding them twice.',
      );
    } else {
      lines.push(
        `Changes since ${input.since}: for chains loaded from the ${input.since} rendering of the same profile,`,
        'parameters and host. The file declares no chain (that would empty it): it deletes (-D) the removed',
        "flows' rules, then appends (-A) the added flows' rules. It starts by deleting the marker rule of",
        `${input.since} in ${IPTABLES_VERSION_CHAIN} and ends by appending the one of ${input.catalog.version}: loaded twice, or onto another`,
        'version, host or addresses, it fails on a -D and changes nothing. Then load the full rendering of',
        'the new version instead, which replaces the chains whatever they hold. The change is the same in',
        'both modes: it edits the flow chains (-IN, -OUT), which the enforce chains jump to.',
      );
    }
    lines.push(
      `The rule in ${IPTABLES_VERSION_CHAIN} (comment "${markerComment(input)}") marks what is loaded.`,
      '',
      enforce
        ? 'Then hook the chains in, once; the jumps are not in this file (with --noflush they would be added'
        : "Then hook each host's chains in, once; the jumps are not in this file (with --noflush they would be added",
      'again on every load, and deleting them first would fail when they are not there yet). These are',
      'idempotent, and put the jump first, ahead of any final DROP or REJECT:',
    );
    for (const view of views) {
      const chains = iptablesChains(view.role);
      const inputChain = enforce ? chains.input : chains.in;
      const outputChain = enforce && firewall.egress === 'enforce' ? chains.output : chains.out;
      if (firewall.host === null) lines.push(`On ${view.role} hosts:`);
      lines.push(`  ${this.hook('INPUT', inputChain)}`, `  ${this.hook('OUTPUT', outputChain)}`);
    }
    if (enforce) {
      lines.push(
        '',
        `Enforce: ${iptablesChains(views[0].role).input} accepts loopback, established and related packets, the flows`,
        `(${iptablesChains(views[0].role).in}), tcp to ports ${firewall.management.ports.join(', ')} from the management networks, then drops everything`,
        firewall.egress === 'enforce'
          ? `else; ${iptablesChains(views[0].role).output} the same way for output (loopback, replies, the flows, then drop).`
          : 'else. Output is not enforced (egress=allow): the OUTPUT jump only accepts.',
        'Load the file first, then hook: connections open at that moment (your SSH session) stay up.',
      );
      if (managementNetworks(firewall, this.family).length === 0) {
        lines.push(
          `No management network is IPv${this.family}: over IPv${this.family}, management is refused like anything else.`,
        );
      }
      if (this.family === 6)
        lines.push('ICMPv6 neighbour and router discovery is accepted, as IPv6 needs it to work at all.');
    } else {
      lines.push('', 'The chains only ACCEPT: a packet no rule matches goes on to the rest of INPUT or OUTPUT.');
    }
    lines.push(
      this.family === 4
        ? 'IPv6 networks are left out (iptables is IPv4 only): see the ip6tables rendering.'
        : 'IPv4 networks are left out (ip6tables is IPv6 only): see the iptables rendering.',
    );
    const placeholders = [...new Set(peersOf(views).flatMap((peer) => addressing.placeholders(peer)))];
    if (placeholders.length > 0) {
      const setFamily = this.family === 4 ? 'inet' : 'inet6';
      lines.push(
        '',
        'Roles without CIDRs in the profile are matched by ipsets, which must exist before loading (the load',
        'fails otherwise) and match nothing until filled ("ipset add NAME CIDR"). A role that includes',
        'others (node: master, worker) is matched by the sets of its members.',
        ...placeholders.map(
          (role) => `  ipset create -exist ${ipsetName(role, this.family)} hash:net family ${setFamily}`,
        ),
      );
    }
    return lines.map((line) => (line === '' ? '#' : `# ${oneLine(line)}`));
  }

  private hook(builtin: 'INPUT' | 'OUTPUT', chain: string): string {
    return `${this.command} -C ${builtin} -j ${chain} 2>/dev/null || ${this.command} -I ${builtin} 1 -j ${chain}`;
  }

  private fullLines(input: RenderInput, views: { flows: readonly HostView[] }, addressing: RoleAddressing): string[] {
    const enforce = input.firewall.mode === 'enforce';
    const declared = views.flows.flatMap((view) => {
      const chains = iptablesChains(view.role);
      return [
        chains.in,
        chains.out,
        ...(enforce ? [chains.input] : []),
        ...(enforce && input.firewall.egress === 'enforce' ? [chains.output] : []),
      ];
    });
    const lines = [IPTABLES_VERSION_CHAIN, ...declared].map((chain) => `:${chain} - [0:0]`);
    lines.push(markerRule('-A', input));
    for (const view of views.flows) {
      const chains = iptablesChains(view.role);
      lines.push(sectionLine(`${view.role}: input, the flows to it (${chains.in})`));
      lines.push(...this.ruleLines('-A', chains.in, view.input, addressing));
      lines.push(sectionLine(`${view.role}: output, the flows from it (${chains.out})`));
      lines.push(...this.ruleLines('-A', chains.out, view.output, addressing));
      if (enforce) lines.push(...this.enforceLines(input, view.role));
    }
    return lines;
  }

  /** The chains hooked in enforce mode: loopback, replies, the flows, management (input), then drop. */
  private enforceLines(input: RenderInput, role: string): string[] {
    const chains = iptablesChains(role);
    const comment = (text: string) => `-m comment --comment ${restoreQuoted(text)}`;
    const base = (chain: string, loopback: string, flows: string) => [
      `-A ${chain} ${loopback} lo ${comment('loopback')} -j ACCEPT`,
      `-A ${chain} -m conntrack --ctstate RELATED,ESTABLISHED ${comment('replies')} -j ACCEPT`,
      ...(this.family === 6
        ? NEIGHBOUR_DISCOVERY.map(
            (type) =>
              `-A ${chain} -p ipv6-icmp -m icmp6 --icmpv6-type ${type} ${comment('neighbour discovery')} -j ACCEPT`,
          )
        : []),
      `-A ${chain} -j ${flows}`,
    ];
    const management = managementNetworks(input.firewall, this.family).flatMap((network) =>
      input.firewall.management.ports.map(
        (port) =>
          `-A ${chains.input} -s ${network.text} -p tcp -m tcp --dport ${port} ${comment('management')} -j ACCEPT`,
      ),
    );
    const lines = [
      sectionLine(`${role}: enforce input (${chains.input}, hooked into INPUT)`),
      ...base(chains.input, '-i', chains.in),
      ...management,
      `-A ${chains.input} ${comment('kublr-nr enforce: anything else')} -j DROP`,
    ];
    if (input.firewall.egress === 'enforce') {
      lines.push(
        sectionLine(`${role}: enforce output (${chains.output}, hooked into OUTPUT)`),
        ...base(chains.output, '-o', chains.out),
        `-A ${chains.output} ${comment('kublr-nr enforce: anything else')} -j DROP`,
      );
    }
    return lines;
  }

  /**
   * Deletes first, then appends: a changed flow (same key, other ports) is in both lists, and
   * a rule identical before and after is moved to the end rather than lost.
   */
  private changeLines(
    input: RenderInput,
    views: { flows: readonly HostView[]; removed: readonly HostView[] },
    addressing: RoleAddressing,
  ): string[] {
    const lines = [markerRule('-D', { ...input, catalog: { ...input.catalog, version: input.since ?? '' } })];
    for (const [title, action, list] of [
      [`Removed flows (${input.removed.length})`, '-D', views.removed],
      [`Added flows (${input.flows.length})`, '-A', views.flows],
    ] as const) {
      lines.push(sectionLine(title));
      for (const view of list) {
        const chains = iptablesChains(view.role);
        lines.push(...this.ruleLines(action, chains.in, view.input, addressing));
        lines.push(...this.ruleLines(action, chains.out, view.output, addressing));
      }
    }
    lines.push(markerRule('-A', input));
    return lines;
  }

  /** One ACCEPT per peer network or set; the host's own side is never matched. */
  private ruleLines(
    action: '-A' | '-D',
    chain: string,
    rules: readonly HostRule[],
    addressing: RoleAddressing,
  ): string[] {
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const { direction, flow, peer } of rules) {
      lines.push(
        `# ${oneLine(`${flow.key}: ${flow.source} -> ${flow.destination} ${describeMatch(flow)}${flow.component ? ` (${flow.component})` : ''}`)}`,
      );
      const peers = addressing.endpoints(peer);
      if (peers.length === 0) {
        lines.push(`# ${oneLine(`skipped: the profile gives ${peer} no IPv${this.family} networks`)}`);
        continue;
      }
      for (const endpoint of peers) {
        const rule = [
          action,
          chain,
          endpointMatch(direction, endpoint, this.family),
          protocolMatch(flow),
          `-m comment --comment ${restoreQuoted(truncateUtf8(oneLine(flow.key), IPTABLES_COMMENT_BYTES))}`,
          '-j ACCEPT',
        ].join(' ');
        if (seen.has(rule)) continue;
        seen.add(rule);
        lines.push(rule);
      }
    }
    return lines;
  }
}

/** The same rules for IPv6 networks, loaded with ip6tables-restore --noflush. */
export class Ip6tablesRenderer extends IptablesRenderer {
  override readonly format = 'ip6tables';
  override readonly description =
    'ip6tables-restore --noflush input: per host role, input and output chains (KUBLR-NR-<ROLE>-IN/-OUT), IPv6 only';
  protected override readonly family = 6;
  protected override readonly command = 'ip6tables';
}

/** ICMPv6 types IPv6 cannot work without: router solicitation and advertisement, neighbour solicitation and advertisement. */
const NEIGHBOUR_DISCOVERY = [133, 134, 135, 136];

/** xt_comment keeps at most 255 bytes (and a NUL). */
const IPTABLES_COMMENT_BYTES = 255;

function sectionLine(title: string): string {
  return `# ==== ${oneLine(title)}`;
}

/** "kublr-nr catalog 1.30.0 host master": a change for another version or host finds no marker to delete. */
function markerComment(input: RenderInput): string {
  const host = input.firewall.host === null ? '' : ` host ${input.firewall.host}`;
  return truncateUtf8(oneLine(`kublr-nr catalog ${input.catalog.version}${host}`), IPTABLES_COMMENT_BYTES);
}

function markerRule(action: '-A' | '-D', input: RenderInput): string {
  return `${action} ${IPTABLES_VERSION_CHAIN} -m comment --comment ${restoreQuoted(markerComment(input))} -j RETURN`;
}

/** The peer's side: the source of an input rule, the destination of an output rule. */
function endpointMatch(direction: Direction, endpoint: Endpoint, family: 4 | 6): string {
  const side = direction === 'input' ? 'src' : 'dst';
  if (endpoint.kind === 'set') return `-m set --match-set ${ipsetName(endpoint.role, family)} ${side}`;
  return `${side === 'src' ? '-s' : '-d'} ${endpoint.network.text}`;
}

/** IP-in-IP by number: `-p ipip` would be protocol 94 in /etc/protocols. */
function protocolMatch(flow: ResolvedFlow): string {
  if (flow.protocol === 'ipip') return `-p ${flow.ipProtocolNumber}`;
  const match = `-p ${flow.protocol} -m ${flow.protocol}`;
  if (flow.fromPort === null) return match;
  const toPort = flow.toPort ?? flow.fromPort;
  return `${match} --dport ${flow.fromPort}${toPort === flow.fromPort ? '' : `:${toPort}`}`;
}

/** A double-quoted iptables-restore argument: inside quotes, a backslash escapes the next character. */
function restoreQuoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

import type { ResolvedFlow } from '../../flows/resolved-flow';
import type { RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { describeQuestion } from './flow-rows';
import { hostViews, managementNetworks, peersOf, type Direction, type HostRule, type HostView } from './host-view';
import { NftNames } from './nftables-names';
import { describeMatch, describeRole, oneLine, truncateUtf8 } from './text';

/** The table every set and chain goes into; loading the file replaces it as a whole. */
export const NFT_TABLE = 'inet kublr_nr';

/** nftables keeps at most 128 bytes of a rule comment, and its strings cannot contain a double quote. */
const NFT_COMMENT_BYTES = 128;

/**
 * `nft -f` input: a table of its own (`table inet kublr_nr`), a named set per peer role and
 * family, and per host role (or the one asked for) a chain of what it lets in
 * (`host_master_in`) and of what it lets out (`host_master_out`), which jump to a chain per
 * flow and direction (`flow_<key>_in`: the source's sets; `flow_<key>_out`: the
 * destination's). For one host role, base chains `input` and `output` hook them: in allow
 * mode with policy accept (they only accept), in enforce mode with policy drop after
 * loopback, replies, the flows and (input) the management networks. The file starts with
 * the create-then-delete idiom, so loading it again replaces the table atomically. A role
 * without addresses gets empty sets (placeholders). A flow's rules live in chains of their
 * own so that a change can empty the chains of removed flows by name (nft deletes single
 * rules only by handle).
 */
export class NftablesRenderer extends Renderer {
  readonly format = 'nftables';
  readonly contentType = 'text/plain; charset=utf-8';
  readonly fileExtension = 'nft';
  readonly description =
    'nft -f input: a table of its own (inet kublr_nr), per host role input and output chains, with a set per role';
  override readonly takesHostFirewall = true;

  render(input: RenderInput): string {
    const names = new NftNames(input);
    const views = hostViews(input);
    const lines = input.since === null ? this.table(input, views.flows, names) : this.change(input, views, names);
    return `${[...this.header(input, views.flows, names), ...lines].join('\n')}\n`;
  }

  private header(input: RenderInput, views: readonly HostView[], names: NftNames): string[] {
    const { firewall } = input;
    const enforce = firewall.mode === 'enforce';
    const lines = [
      `nftables ruleset: ${describeQuestion(input)}`,
      `Host firewall: ${firewall.host === null ? 'a section per host role' : `hosts of role ${firewall.host}`}, mode ${firewall.mode}${enforce ? `, egress ${firewall.egress}` : ''}`,
      '',
      'Load (as root) with:',
      '  nft -f this-file',
      'Loading is atomic: all of it or, on any error, nothing.',
    ];
    if (input.since === null) {
      lines.push(
        `The file replaces the table ${NFT_TABLE} and touches nothing else: its first line creates the table`,
        'if it is missing, the second deletes it, the rest defines it again; loading it twice gives the same',
        'ruleset.',
      );
    } else {
      lines.push(
        `Changes since ${input.since}, for the table ${NFT_TABLE} loaded from the ${input.since} rendering of the`,
        "same profile, parameters and host. The removed flows' chains are emptied (their jumps then do",
        "nothing), the added flows' chains created and jumped to, and the sets they use refilled from the",
        `profile. It first deletes the marker chain ${names.versionChain(input.since)}: loaded twice, or onto another`,
        'version or host, it fails and changes nothing. Then load the full rendering of the new version instead.',
        'The change is the same in both modes: the base chains jump to the host chains it edits.',
      );
    }
    lines.push(`The empty chain ${names.versionChain(input.catalog.version)} marks what is loaded.`, '');
    if (firewall.host === null) {
      lines.push(
        `Chains per host role (${views.map((view) => `${names.hostChain(view.role, 'input')}, ${names.hostChain(view.role, 'output')}`).join('; ')}),`,
        'hooked nowhere: which role a host has is not in this file. On a host, load the host=<role>',
        "rendering instead, whose base chains input and output hook that role's chains.",
      );
    } else if (!enforce) {
      lines.push(
        'Base chains input and output (priority 0, policy accept) only accept: loading changes nothing on a host',
        'whose other chains accept, and nftables runs every base chain of a hook, so an accept here does not',
        "undo a drop in another table's chain. For a complete ruleset that drops the rest, ask for mode=enforce.",
      );
    } else {
      lines.push(
        'Enforce: base chain input (priority 0, policy drop) accepts loopback, established and related packets,',
        `ICMPv6 neighbour and router discovery, the flows, tcp to ports ${firewall.management.ports.join(', ')} from the management networks`,
        `(${firewall.management.cidrs.join(', ')}), and drops everything else.`,
        firewall.egress === 'enforce'
          ? 'Base chain output (policy drop) accepts loopback, replies, neighbour discovery and the flows, and drops the rest.'
          : 'Output is not enforced (egress=allow): base chain output has policy accept and only accepts.',
        'Connections open when the file is loaded (your SSH session) stay up: their packets are replies.',
        "nftables runs every base chain of a hook: a drop in another table's chain still drops.",
      );
    }
    const placeholders = names.placeholderRoles(peersOf(views));
    if (placeholders.length > 0) {
      lines.push(
        '',
        `Empty sets are placeholders for roles without addresses in the profile (${placeholders.join(', ')}):`,
        'their rules match nothing until the set is filled, e.g.',
        `  nft add element ${NFT_TABLE} ${names.set(placeholders[0], 4)} { 192.0.2.0/24 }`,
        'A role that includes others (node: master, worker) is matched by the sets of its members.',
        'Placeholders are IPv4 sets; loading this file again empties them, while addresses given in the',
        'profile (IPv4 or IPv6) last.',
      );
    }
    return lines.map((line) => (line === '' ? '#' : `# ${oneLine(line)}`));
  }

  private table(input: RenderInput, views: readonly HostView[], names: NftNames): string[] {
    const sections = views.flatMap((view) => [
      '',
      `\t# ==== ${oneLine(view.role)}: input (the flows to it) and output (the flows from it)`,
      ...(['input', 'output'] as const).flatMap((direction) => [
        `\tchain ${names.hostChain(view.role, direction)} {`,
        ...unique(view[direction].map((rule) => `\t\tjump ${names.flowChain(rule.flow.key, direction)}`)),
        '\t}',
      ]),
    ]);
    const flowChains = new Map<string, string[]>();
    for (const rule of views.flatMap((view) => [...view.input, ...view.output])) {
      const chain = names.flowChain(rule.flow.key, rule.direction);
      if (flowChains.has(chain)) continue;
      flowChains.set(chain, [
        '',
        `\tchain ${chain} {`,
        ...this.ruleLines(rule, names).map((line) => `\t\t${line}`),
        '\t}',
      ]);
    }
    return [
      `table ${NFT_TABLE} {}`,
      `delete table ${NFT_TABLE}`,
      `table ${NFT_TABLE} {`,
      ...this.setLines(input, names, peersOf(views)),
      '',
      `\tchain ${names.versionChain(input.catalog.version)} {`,
      '\t}',
      ...this.baseChains(input, names),
      ...sections,
      ...[...flowChains.values()].flat(),
      '}',
    ];
  }

  /** For one host: the hooks, accepting only (allow) or complete with policy drop (enforce). */
  private baseChains(input: RenderInput, names: NftNames): string[] {
    const { host, mode, egress, management } = input.firewall;
    if (host === null) return [];
    const chain = (direction: Direction, enforce: boolean) => {
      const lines = [
        '',
        `\tchain ${direction} {`,
        `\t\ttype filter hook ${direction} priority 0; policy ${enforce ? 'drop' : 'accept'};`,
      ];
      if (enforce) {
        lines.push(
          `\t\t${direction === 'input' ? 'iif' : 'oif'} "lo" accept comment "loopback"`,
          '\t\tct state established,related accept comment "replies"',
          '\t\ticmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept comment "neighbour discovery"',
        );
      }
      lines.push(`\t\tjump ${names.hostChain(host, direction)}`);
      if (enforce && direction === 'input') {
        for (const family of [4, 6] as const) {
          for (const network of managementNetworks(input.firewall, family)) {
            lines.push(
              `\t\t${family === 4 ? 'ip' : 'ip6'} saddr ${network.text} tcp dport { ${management.ports.join(', ')} } accept comment "management"`,
            );
          }
        }
      }
      return [...lines, '\t}'];
    };
    return [...chain('input', mode === 'enforce'), ...chain('output', mode === 'enforce' && egress === 'enforce')];
  }

  /** The sets the peers use, in catalog order: a role's networks, or an empty placeholder. */
  private setLines(input: RenderInput, names: NftNames, peers: readonly string[]): string[] {
    const lines: string[] = [];
    for (const family of [4, 6] as const) {
      for (const role of names.declaredSets(family, peers)) {
        const networks = names.addressing(family).networks(role);
        const comment =
          networks.length === 0
            ? `${role}: placeholder, no addresses in the profile; fill it to apply the rules`
            : describeRole(input, role);
        const elements =
          networks.length === 0 ? '' : ` elements = { ${networks.map((network) => network.text).join(', ')} }`;
        lines.push(`\t# ${oneLine(comment)}`, `\tset ${names.set(role, family)} { ${setType(family)}${elements} }`);
      }
    }
    return lines;
  }

  /** One rule per family and set of the peer (networks or placeholders); a comment when there is none. */
  private ruleLines({ direction, flow, peer }: HostRule, names: NftNames): string[] {
    const heading = `# ${oneLine(`${flow.key}: ${flow.source} -> ${flow.destination} ${describeMatch(flow)}${flow.component ? ` (${flow.component})` : ''}`)}`;
    const rules: string[] = [];
    for (const family of [4, 6] as const) {
      const match = `${family === 4 ? 'ip' : 'ip6'} ${direction === 'input' ? 'saddr' : 'daddr'}`;
      for (const set of names.setsOf(peer, family)) {
        rules.push(
          [
            `${match} @${names.set(set, family)}`,
            protocolMatch(flow),
            'accept',
            `comment "${truncateUtf8(oneLine(flow.key).replace(/"/g, "'"), NFT_COMMENT_BYTES)}"`,
          ].join(' '),
        );
      }
    }
    if (rules.length === 0) rules.push(`# ${oneLine(`skipped: the profile gives ${peer} no addresses`)}`);
    return [heading, ...rules];
  }

  /**
   * Incremental commands on the loaded table. Sets of roles with addresses are refilled from
   * the profile (flush, then add, in the one transaction); placeholder sets are only created
   * if missing, so what was put in them stays. A jump from a host chain is added only where
   * the earlier rendering had none (a changed flow keeps its chain and jumps).
   */
  private change(
    input: RenderInput,
    views: { flows: readonly HostView[]; removed: readonly HostView[] },
    names: NftNames,
  ): string[] {
    const removedRules = views.removed.flatMap((view) =>
      [...view.input, ...view.output].map((rule) => ({ role: view.role, rule })),
    );
    const jumped = new Set(
      removedRules.map(
        ({ role, rule }) =>
          `${names.hostChain(role, rule.direction)} ${names.flowChain(rule.flow.key, rule.direction)}`,
      ),
    );
    const lines = [
      `delete chain ${NFT_TABLE} ${names.versionChain(input.since ?? '')}`,
      `add chain ${NFT_TABLE} ${names.versionChain(input.catalog.version)}`,
      '',
      `# Removed flows (${input.removed.length}): their chains are emptied`,
      ...unique(
        removedRules.map(({ rule }) => `flush chain ${NFT_TABLE} ${names.flowChain(rule.flow.key, rule.direction)}`),
      ),
      '',
      '# Address sets of the added flows',
    ];
    const peers = peersOf(views.flows);
    for (const family of [4, 6] as const) {
      for (const role of names.declaredSets(family, peers)) {
        const set = names.set(role, family);
        const networks = names.addressing(family).networks(role);
        lines.push(`add set ${NFT_TABLE} ${set} { ${setType(family)} }`);
        if (networks.length === 0) continue;
        lines.push(
          `flush set ${NFT_TABLE} ${set}`,
          `add element ${NFT_TABLE} ${set} { ${networks.map((network) => network.text).join(', ')} }`,
        );
      }
    }
    lines.push('', `# Added flows (${input.flows.length})`);
    const created = new Set<string>();
    for (const view of views.flows) {
      for (const rule of [...view.input, ...view.output]) {
        const chain = names.flowChain(rule.flow.key, rule.direction);
        if (!created.has(chain)) {
          created.add(chain);
          lines.push(`add chain ${NFT_TABLE} ${chain}`);
          for (const line of this.ruleLines(rule, names)) {
            lines.push(line.startsWith('#') ? line : `add rule ${NFT_TABLE} ${chain} ${line}`);
          }
        }
        const hostChain = names.hostChain(view.role, rule.direction);
        if (!jumped.has(`${hostChain} ${chain}`)) lines.push(`add rule ${NFT_TABLE} ${hostChain} jump ${chain}`);
      }
    }
    return lines;
  }
}

function unique(lines: readonly string[]): string[] {
  return [...new Set(lines)];
}

function setType(family: 4 | 6): string {
  return `type ${family === 4 ? 'ipv4_addr' : 'ipv6_addr'}; flags interval;`;
}

/** IP-in-IP by number (`meta l4proto 4`, whatever the family): the name `ipip` means 94 in /etc/protocols. */
function protocolMatch(flow: ResolvedFlow): string {
  if (flow.protocol === 'ipip') return `meta l4proto ${flow.ipProtocolNumber}`;
  if (flow.fromPort === null) return `meta l4proto ${flow.protocol}`;
  const toPort = flow.toPort ?? flow.fromPort;
  return `${flow.protocol} dport ${flow.fromPort}${toPort === flow.fromPort ? '' : `-${toPort}`}`;
}

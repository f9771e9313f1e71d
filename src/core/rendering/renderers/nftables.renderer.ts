import type { ResolvedFlow } from '../../flows/resolved-flow';
import { identifierOf, type RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { describeQuestion } from './flow-rows';
import { RoleAddressing } from './netfilter';
import { describeMatch, describeRole, oneLine, shortHash, truncateUtf8 } from './text';

/** The table every set and chain goes into; loading the file replaces it as a whole. */
export const NFT_TABLE = 'inet kublr_nr';

/** nftables keeps at most 128 bytes of a rule comment, and its strings cannot contain a double quote. */
const NFT_COMMENT_BYTES = 128;

/**
 * `nft -f` input: a table of its own (`table inet kublr_nr`), a named set per role and
 * family, a chain per flow and a base chain `input` that jumps to each. The file starts
 * with the create-then-delete idiom, so loading it again replaces the table atomically;
 * the base chain has policy accept and only accepts. A role without addresses gets empty
 * sets (placeholders). A flow's rules live in a chain of its own so that a change can
 * empty the chains of removed flows by name (nft deletes single rules only by handle).
 */
export class NftablesRenderer extends Renderer {
  readonly format = 'nftables';
  readonly contentType = 'text/plain; charset=utf-8';
  readonly fileExtension = 'nft';
  readonly description =
    'nft -f input: a table of its own (inet kublr_nr) with a set per role and accept rules per flow';

  render(input: RenderInput): string {
    const names = new NftNames(input);
    const lines = input.since === null ? this.table(input, names) : this.change(input, names);
    return `${[...this.header(input, names), ...lines].join('\n')}\n`;
  }

  private header(input: RenderInput, names: NftNames): string[] {
    const lines = [
      `nftables ruleset: ${describeQuestion(input)}`,
      '',
      'Load with: nft -f this-file (atomic: all of it or, on any error, nothing).',
    ];
    if (input.since === null) {
      lines.push(
        `The file replaces the table ${NFT_TABLE} and touches nothing else: its first line creates the table`,
        'if it is missing, the second deletes it, the rest defines it again; loading it twice gives the same',
        'ruleset. Chain input hooks input at priority 0 with policy accept and only accepts: it never drops.',
      );
    } else {
      lines.push(
        `Changes since ${input.since}, for the table ${NFT_TABLE} loaded from the ${input.since} rendering of the`,
        "same profile and parameters. The removed flows' chains are emptied (their jumps then do nothing),",
        "the added flows' chains created and jumped to, and the sets they use refilled from the profile.",
        `It first deletes the marker chain ${names.versionChain(input.since)}: loaded twice, or onto another version, it`,
        'fails and changes nothing. Then load the full rendering of the new version instead.',
      );
    }
    lines.push(
      `The empty chain ${names.versionChain(input.catalog.version)} marks what is loaded.`,
      '',
      "nftables runs every base chain of a hook: an accept here does not undo a drop in another table's",
      'input chain. On a host whose firewall drops by default, put these sets and rules into that chain.',
    );
    const placeholders = names.v4.placeholderRoles();
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

  private table(input: RenderInput, names: NftNames): string[] {
    const sets = this.setLines(input, names);
    const jumps = input.flows.map((flow) => `\t\tjump ${names.flowChain(flow.key)}`);
    const chains = input.flows.flatMap((flow) => [
      '',
      `\tchain ${names.flowChain(flow.key)} {`,
      ...this.ruleLines(flow, names).map((rule) => `\t\t${rule}`),
      '\t}',
    ]);
    return [
      `table ${NFT_TABLE} {}`,
      `delete table ${NFT_TABLE}`,
      `table ${NFT_TABLE} {`,
      ...sets,
      '',
      `\tchain ${names.versionChain(input.catalog.version)} {`,
      '\t}',
      '',
      '\tchain input {',
      '\t\ttype filter hook input priority 0; policy accept;',
      ...jumps,
      '\t}',
      ...chains,
      '}',
    ];
  }

  /** The sets the flows use, in catalog order: a role's networks, or an empty placeholder. */
  private setLines(input: RenderInput, names: NftNames): string[] {
    const lines: string[] = [];
    for (const family of [4, 6] as const) {
      for (const role of names.declaredSets(family)) {
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

  /** One rule per family and pair of sets (networks or placeholders); a comment when there is none. */
  private ruleLines(flow: ResolvedFlow, names: NftNames): string[] {
    const heading = `# ${oneLine(`${flow.key}: ${flow.source} -> ${flow.destination} ${describeMatch(flow)}${flow.component ? ` (${flow.component})` : ''}`)}`;
    const rules: string[] = [];
    for (const family of [4, 6] as const) {
      const ip = family === 4 ? 'ip' : 'ip6';
      for (const source of names.setsOf(flow.source, family)) {
        for (const destination of names.setsOf(flow.destination, family)) {
          rules.push(
            [
              `${ip} saddr @${names.set(source, family)}`,
              `${ip} daddr @${names.set(destination, family)}`,
              protocolMatch(flow),
              'accept',
              `comment "${truncateUtf8(oneLine(flow.key).replace(/"/g, "'"), NFT_COMMENT_BYTES)}"`,
            ].join(' '),
          );
        }
      }
    }
    if (rules.length === 0) {
      const reason = `skipped: the profile gives ${flow.source} and ${flow.destination} no address family in common`;
      rules.push(`# ${oneLine(reason)}`);
    }
    return [heading, ...rules];
  }

  /**
   * Incremental commands on the loaded table. Sets of roles with addresses are refilled from
   * the profile (flush, then add, in the one transaction); placeholder sets are only created
   * if missing, so what was put in them stays.
   */
  private change(input: RenderInput, names: NftNames): string[] {
    const removedKeys = new Set(input.removed.map((flow) => flow.key));
    const lines = [
      `delete chain ${NFT_TABLE} ${names.versionChain(input.since ?? '')}`,
      `add chain ${NFT_TABLE} ${names.versionChain(input.catalog.version)}`,
      '',
      `# Removed flows (${input.removed.length}): their chains are emptied`,
      ...[...removedKeys].map((key) => `flush chain ${NFT_TABLE} ${names.flowChain(key)}`),
      '',
      '# Address sets of the added flows',
    ];
    for (const family of [4, 6] as const) {
      const used = new Set(
        input.flows.flatMap((flow) => [
          ...names.setsOf(flow.source, family),
          ...names.setsOf(flow.destination, family),
        ]),
      );
      for (const role of names.declaredSets(family).filter((candidate) => used.has(candidate))) {
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
    for (const flow of input.flows) {
      const chain = names.flowChain(flow.key);
      lines.push(`add chain ${NFT_TABLE} ${chain}`);
      for (const rule of this.ruleLines(flow, names)) {
        lines.push(rule.startsWith('#') ? rule : `add rule ${NFT_TABLE} ${chain} ${rule}`);
      }
      // A changed flow (removed and added under one key) keeps its chain and the jump to it.
      if (!removedKeys.has(flow.key)) lines.push(`add rule ${NFT_TABLE} input jump ${chain}`);
    }
    return lines;
  }
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

/**
 * The names of sets and chains, so that a change file names what the earlier full file
 * created: a chain's name depends on its flow key or version only, a set's on its role and
 * the catalog's roles. Where making a key an identifier merged two, a hash keeps them apart.
 */
class NftNames {
  readonly v4: RoleAddressing;
  readonly v6: RoleAddressing;

  private readonly roleKeys: ReadonlySet<string>;

  constructor(input: RenderInput) {
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

  /** Every set the flows use, in catalog order. */
  declaredSets(family: 4 | 6): string[] {
    const addressing = this.addressing(family);
    const used = new Set(addressing.roles().flatMap((role) => this.setsOf(role, family)));
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

  flowChain(key: string): string {
    return `flow_${identifier(key, /[^A-Za-z0-9_./-]/g)}`;
  }

  versionChain(version: string): string {
    return `version_${identifier(version, /[^A-Za-z0-9_.-]/g)}`;
  }
}

/** The key with characters outside the pattern as "_", and a hash of the key when any were. */
function identifier(key: string, forbidden: RegExp): string {
  const safe = key.replace(forbidden, '_');
  const name = safe === key ? safe : `${safe}_${shortHash(key)}`;
  return name.length <= 200 ? name : `${name.slice(0, 190)}_${shortHash(key)}`;
}

import type { ResolvedFlow } from '../../flows/resolved-flow';
import type { RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { describeQuestion } from './flow-rows';
import { ipsetName, RoleAddressing, type Endpoint } from './netfilter';
import { describeMatch, oneLine, truncateUtf8 } from './text';

/** The chain every rule goes into; loading the file again flushes and refills it. */
export const IPTABLES_CHAIN = 'KUBLR-NR';

/**
 * iptables-restore input for `iptables-restore --noflush`: one chain of its own, declared
 * with `:KUBLR-NR - [0:0]` so that loading again replaces the chain's rules instead of
 * adding them twice; one ACCEPT rule per flow, source network and destination network.
 * The jump from INPUT is not in the file (see the header it writes): in --noflush mode it
 * would be added again on every load, and iptables-restore cannot test for a rule first.
 * A role without CIDRs is matched by an ipset placeholder (`kublr-<role>-v4`) that takes
 * effect once filled. For a change (`since`), the file deletes the removed flows' rules
 * and appends the added ones, guarded by a version marker rule (see changeLines).
 */
export class IptablesRenderer extends Renderer {
  readonly format: string = 'iptables';
  readonly contentType: string = 'text/plain; charset=utf-8';
  readonly fileExtension: string = 'rules';
  readonly description: string =
    'iptables-restore --noflush input: ACCEPT rules in a chain of their own (KUBLR-NR), IPv4 only';
  /** The address family the command handles. */
  protected readonly family: 4 | 6 = 4;
  protected readonly command: string = 'iptables';

  render(input: RenderInput): string {
    const addressing = new RoleAddressing(input, this.family);
    const change = input.since !== null;
    const body = change ? this.changeLines(input, addressing) : this.fullLines(input, addressing);
    return `${[...this.header(input, addressing), '*filter', ...body, 'COMMIT'].join('\n')}\n`;
  }

  protected header(input: RenderInput, addressing: RoleAddressing): string[] {
    const restore = `${this.command}-restore --noflush`;
    const other =
      this.family === 4
        ? 'IPv6 networks are left out (iptables is IPv4 only): see the ip6tables rendering.'
        : 'IPv4 networks are left out (ip6tables is IPv6 only): see the iptables rendering.';
    const lines = [
      `${this.command} rules: ${describeQuestion(input)}`,
      '',
      `Load with: ${restore} < this-file`,
      `Always with --noflush: without it, ${this.command}-restore empties every chain of the filter table.`,
      'Loading is atomic (all of the file or, on any error, nothing).',
    ];
    if (input.since === null) {
      lines.push(
        `The rules go into the chain ${IPTABLES_CHAIN}; its ":${IPTABLES_CHAIN} - [0:0]" line creates the chain, or`,
        'empties it if it exists, so loading the file again replaces the rules instead of adding them twice.',
      );
    } else {
      lines.push(
        `Changes since ${input.since}: for a chain ${IPTABLES_CHAIN} loaded from the ${input.since} rendering of the same`,
        'profile and parameters. The file does not declare the chain (that would empty it): it deletes (-D)',
        "the removed flows' rules, then appends (-A) the added flows' rules. It starts by deleting the",
        `marker rule of ${input.since} and ends by appending the one of ${input.catalog.version}: loaded twice, or onto another`,
        'version (or rules for other addresses), it fails on a -D and changes nothing. Then load the full',
        'rendering of the new version instead, which replaces the chain whatever it holds.',
      );
    }
    lines.push(
      `The chain only ACCEPTs; a packet no rule matches returns to the chain that jumped to ${IPTABLES_CHAIN}.`,
      `The last rule, a RETURN with the comment "${markerComment(input.catalog.version)}", marks what is loaded.`,
      '',
      'Hook the chain into INPUT once, after loading (on the hosts the flows go to). The jump is not in',
      'this file: with --noflush a jump written here would be added again on every load, and deleting it',
      'first would fail (and abort the load) when it is not there yet. This is idempotent instead:',
      `  ${this.command} -C INPUT -j ${IPTABLES_CHAIN} 2>/dev/null || ${this.command} -I INPUT -j ${IPTABLES_CHAIN}`,
      '(-I puts it first, ahead of any final DROP or REJECT in INPUT.)',
      other,
    );
    const placeholders = addressing.placeholderRoles();
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

  private fullLines(input: RenderInput, addressing: RoleAddressing): string[] {
    const lines = [`:${IPTABLES_CHAIN} - [0:0]`];
    const seen = new Set<string>();
    for (const flow of input.flows) lines.push(...this.flowLines('-A', flow, addressing, seen));
    lines.push(markerRule('-A', input.catalog.version));
    return lines;
  }

  /**
   * Deletes first, then appends: a changed flow (same key, other ports) is in both lists, and
   * a rule identical before and after is moved to the end rather than lost.
   */
  private changeLines(input: RenderInput, addressing: RoleAddressing): string[] {
    const removedSeen = new Set<string>();
    const addedSeen = new Set<string>();
    return [
      markerRule('-D', input.since ?? ''),
      `# Removed flows (${input.removed.length})`,
      ...input.removed.flatMap((flow) => this.flowLines('-D', flow, addressing, removedSeen)),
      `# Added flows (${input.flows.length})`,
      ...input.flows.flatMap((flow) => this.flowLines('-A', flow, addressing, addedSeen)),
      markerRule('-A', input.catalog.version),
    ];
  }

  private flowLines(action: '-A' | '-D', flow: ResolvedFlow, addressing: RoleAddressing, seen: Set<string>): string[] {
    const heading = `# ${oneLine(`${flow.key}: ${flow.source} -> ${flow.destination} ${describeMatch(flow)}${flow.component ? ` (${flow.component})` : ''}`)}`;
    const sources = addressing.endpoints(flow.source);
    const destinations = addressing.endpoints(flow.destination);
    const bare = new Set([
      ...(sources.length === 0 ? [flow.source] : []),
      ...(destinations.length === 0 ? [flow.destination] : []),
    ]);
    if (bare.size > 0) {
      return [
        heading,
        `# ${oneLine(`skipped: the profile gives ${[...bare].join(' and ')} no IPv${this.family} networks`)}`,
      ];
    }
    const rules: string[] = [];
    for (const source of sources) {
      for (const destination of destinations) {
        const rule = [
          action,
          IPTABLES_CHAIN,
          endpointMatch('src', source, this.family),
          endpointMatch('dst', destination, this.family),
          protocolMatch(flow),
          `-m comment --comment ${restoreQuoted(truncateUtf8(oneLine(flow.key), IPTABLES_COMMENT_BYTES))}`,
          '-j ACCEPT',
        ].join(' ');
        if (seen.has(rule)) continue;
        seen.add(rule);
        rules.push(rule);
      }
    }
    return [heading, ...rules];
  }
}

/** The same rules for IPv6 networks, loaded with ip6tables-restore --noflush. */
export class Ip6tablesRenderer extends IptablesRenderer {
  override readonly format = 'ip6tables';
  override readonly description =
    'ip6tables-restore --noflush input: ACCEPT rules in a chain of their own (KUBLR-NR), IPv6 only';
  protected override readonly family = 6;
  protected override readonly command = 'ip6tables';
}

/** xt_comment keeps at most 255 bytes (and a NUL). */
const IPTABLES_COMMENT_BYTES = 255;

function markerComment(version: string): string {
  return truncateUtf8(oneLine(`kublr-nr catalog ${version}`), IPTABLES_COMMENT_BYTES);
}

function markerRule(action: '-A' | '-D', version: string): string {
  return `${action} ${IPTABLES_CHAIN} -m comment --comment ${restoreQuoted(markerComment(version))} -j RETURN`;
}

function endpointMatch(side: 'src' | 'dst', endpoint: Endpoint, family: 4 | 6): string {
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

import type { ResolvedFlow } from '../../flows/resolved-flow';
import { identifierOf, type RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { describeQuestion } from './flow-rows';
import { networksOf } from './netfilter';
import { describeMatch, oneLine, shortHash } from './text';

/**
 * A POSIX sh script that probes every TCP flow from the host it runs on: `nc -z -w` where
 * nc is installed, else bash's /dev/tcp under `timeout`, else SKIP. It probes single-host
 * addresses (/32, /128) only; for a role given as networks, `TARGET_<ROLE>` names the
 * hosts. Every value from the catalog or the profile goes into the script single-quoted.
 */
export class CheckScriptRenderer extends Renderer {
  readonly format = 'check-script';
  readonly contentType = 'text/x-shellscript; charset=utf-8';
  readonly fileExtension = 'sh';
  readonly description = 'A POSIX sh script that probes the TCP flows from the host it runs on';

  render(input: RenderInput): string {
    const targets = new TargetVariables(input);
    const lines = [
      '#!/bin/sh',
      ...this.header(input, targets).map((line) => (line === '' ? '#' : `# ${oneLine(line)}`)),
      '',
      PRELUDE,
      '',
      ...input.flows.map((flow) => this.flowLine(input, flow, targets)),
      '',
      SUMMARY,
    ];
    return `${lines.join('\n')}\n`;
  }

  private header(input: RenderInput, targets: TargetVariables): string[] {
    const lines = [
      `Network flow check: ${describeQuestion(input)}`,
      '',
      "Probes each TCP flow's destination from this host: run it on a host of the flows' source role,",
      '  sh this-file',
      'and it prints one line per probe, "OK|FAIL <flow> <host>:<port>" or "SKIP <flow> <reason>", then',
      '"N ok, N failed, N skipped"; the exit status is 1 if any probe failed, else 0.',
      'UDP and IP-in-IP flows are listed as SKIP: they cannot be probed reliably. For a port range, the',
      'first port is probed.',
      '',
      'Environment:',
      '  SOURCE_ROLE=worker    probe only the flows whose source role is (or includes) worker',
      '  TARGET_<ROLE>="h1 h2"  the hosts to probe for flows to ROLE, instead of the single-host addresses',
      '                        (/32, /128) the profile gives; needed where it gives networks only',
      '  PROBE_TIMEOUT=3       seconds per probe',
      '  PROBE_WITH=nc|bash    "nc -z -w", or bash\'s /dev/tcp under timeout (default: nc if installed)',
    ];
    const destinations = targets.roles();
    if (destinations.length > 0) {
      lines.push('', 'Destinations of the TCP flows:');
      for (const role of destinations) {
        const networks = networksOf(input, role).map((network) => network.host ?? network.text);
        lines.push(
          `  ${targets.variable(role)}: ${role} (${networks.length === 0 ? 'no addresses in the profile' : networks.join(', ')})`,
        );
      }
    }
    if (input.since !== null) {
      lines.push(
        '',
        `Changes since ${input.since}: the added flows are probed; the removed ones are only listed here.`,
      );
      for (const flow of input.removed)
        lines.push(`  removed: ${flow.key} ${flow.source} -> ${flow.destination} ${describeMatch(flow)}`);
    }
    return lines;
  }

  private flowLine(input: RenderInput, flow: ResolvedFlow, targets: TargetVariables): string {
    const what = `${describeMatch(flow)} to ${flow.destination}`;
    if (flow.protocol !== 'tcp' || flow.fromPort === null) {
      return `skip ${shQuote(flow.key)} ${shQuote(`(${what}: only TCP flows can be probed)`)}`;
    }
    const members = input.roles.find((role) => role.key === flow.source)?.members ?? [flow.source];
    const networks = networksOf(input, flow.destination);
    const hosts = networks.flatMap((network) => (network.host === null ? [] : [network.host]));
    const variable = targets.variable(flow.destination);
    const reason =
      networks.length === 0
        ? `(${what}: no addresses for ${flow.destination} in the profile; set ${variable}=host)`
        : `(${what}: ${flow.destination} is given as networks, not hosts; set ${variable}=host)`;
    const toPort = flow.toPort ?? flow.fromPort;
    const note = toPort === flow.fromPort ? '' : ` (range ${flow.fromPort}-${toPort}, probed ${flow.fromPort})`;
    return [
      'tcp_flow',
      shQuote(flow.key),
      shQuote(flow.source),
      shQuote(members.join(' ')),
      `"\${${variable}-}"`,
      shQuote(hosts.join(' ')),
      shQuote(String(flow.fromPort)),
      shQuote(note),
      shQuote(reason),
    ].join(' ');
  }
}

/** A single-quoted sh word: nothing inside is expanded; a quote is written as '\''. */
export function shQuote(text: string): string {
  return `'${oneLine(text).replace(/'/g, `'\\''`)}'`;
}

/** TARGET_<ROLE> per destination role of a TCP flow; a hash keeps apart roles that make one name. */
class TargetVariables {
  private readonly keys: readonly string[];

  constructor(private readonly input: RenderInput) {
    const used = input.flows.filter((flow) => flow.protocol === 'tcp').map((flow) => flow.destination);
    const order = new Map(input.roles.map((role, index) => [role.key, index]));
    this.keys = [...new Set(used)].sort(
      (a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER),
    );
  }

  roles(): readonly string[] {
    return this.keys;
  }

  variable(role: string): string {
    const base = identifierOf(role).toUpperCase();
    const all = new Set([...this.input.roles.map((candidate) => candidate.key), ...this.keys]);
    const clash = [...all].some((other) => other !== role && identifierOf(other).toUpperCase() === base);
    return `TARGET_${base}${clash ? `_${shortHash(role).toUpperCase()}` : ''}`;
  }
}

const PRELUDE = String.raw`set -u
set -f

ok=0
failed=0
skipped=0

timeout_s=${'$'}{PROBE_TIMEOUT:-3}
case $timeout_s in
  '' | *[!0-9]*)
    echo 'PROBE_TIMEOUT must be a whole number of seconds' >&2
    exit 2
    ;;
esac

if [ -n "${'$'}{PROBE_WITH:-}" ]; then
  probe_with=$PROBE_WITH
elif command -v nc >/dev/null 2>&1; then
  probe_with=nc
elif command -v bash >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
  probe_with=bash
else
  probe_with=none
fi
case $probe_with in
  nc | bash | none) ;;
  *)
    echo 'PROBE_WITH must be nc or bash' >&2
    exit 2
    ;;
esac

# reach HOST PORT: succeeds when a TCP connection opens within the timeout.
reach() {
  if [ "$probe_with" = nc ]; then
    nc -z -w "$timeout_s" "$1" "$2" >/dev/null 2>&1
  else
    timeout "$timeout_s" bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$1" "$2" >/dev/null 2>&1
  fi
}

# skip FLOW REASON
skip() {
  skipped=$((skipped + 1))
  printf 'SKIP %s %s\n' "$1" "$2"
}

# from_here MEMBERS: true unless SOURCE_ROLE is set and is none of the source's roles.
from_here() {
  [ -z "${'$'}{SOURCE_ROLE:-}" ] && return 0
  for role in $1; do
    [ "$role" = "$SOURCE_ROLE" ] && return 0
  done
  return 1
}

# tcp_flow FLOW SOURCE MEMBERS TARGETS HOSTS PORT NOTE REASON
tcp_flow() {
  if ! from_here "$3"; then
    skip "$1" "(source is $2, not $SOURCE_ROLE)"
    return
  fi
  hosts=$5
  [ -n "$4" ] && hosts=$4
  if [ -z "$hosts" ]; then
    skip "$1" "$8"
    return
  fi
  for host in $hosts; do
    case $host in
      *:*) target="[$host]:$6" ;;
      *) target="$host:$6" ;;
    esac
    case $host in
      -*) skip "$1" "$target (not a host name)" ;;
      *)
        if [ "$probe_with" = none ]; then
          skip "$1" "$target (no probe tool: install nc, or bash and timeout)"
        elif reach "$host" "$6"; then
          ok=$((ok + 1))
          printf 'OK %s %s%s\n' "$1" "$target" "$7"
        else
          failed=$((failed + 1))
          printf 'FAIL %s %s%s\n' "$1" "$target" "$7"
        fi
        ;;
    esac
  done
}`;

const SUMMARY = String.raw`printf '%s ok, %s failed, %s skipped\n' "$ok" "$failed" "$skipped"
[ "$failed" -eq 0 ] || exit 1
exit 0`;

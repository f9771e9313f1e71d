import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ok, run } from './netns-lab';

/**
 * Capirca (Debian's python3-capirca, command /usr/bin/aclgen) as an independent second
 * renderer of a host's firewall: the same flows, as the service answers them, written as a
 * Capirca policy (a .pol file plus NETWORK.net and SERVICES.svc naming definitions) and
 * rendered by aclgen's iptables generator.
 */

export const ACLGEN = '/usr/bin/aclgen';

/** A flow as the service's flow query answers it (the fields a policy needs). */
export interface AnsweredFlow {
  readonly key: string;
  readonly source: string;
  readonly destination: string;
  readonly protocol: 'tcp' | 'udp' | 'ipip';
  readonly fromPort: number | null;
  readonly toPort: number | null;
}

export interface HostPolicy {
  /** The host's role, for comments. */
  readonly host: string;
  /** Flows whose destination includes the host: INPUT terms, source = the flow's source role. */
  readonly input: readonly AnsweredFlow[];
  /** Flows whose source includes the host: OUTPUT terms, destination = the flow's destination role. */
  readonly output: readonly AnsweredFlow[];
  /** The networks of a role (its members' networks for a role that includes others). */
  readonly networksOf: (role: string) => readonly string[];
  readonly management: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
  /** OUTPUT with a default DROP too; otherwise no OUTPUT filter (the chain keeps ACCEPT). */
  readonly egressEnforce: boolean;
}

/** A .pol file and the naming definitions it uses (token -> values), for NETWORK.net and SERVICES.svc. */
export interface CapircaPolicy {
  readonly pol: string;
  readonly networks: ReadonlyMap<string, readonly string[]>;
  readonly services: ReadonlyMap<string, readonly string[]>;
}

const tokenOf = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * The enforce-mode contract as Capirca terms: established/related and loopback first, the
 * flows, the management allowance, then the filter's default DROP. Those three fixed parts
 * are not flows of the catalog: they are written here because enforce mode promises them.
 */
export function capircaPolicy(policy: HostPolicy): CapircaPolicy {
  const networks = new Map<string, readonly string[]>();
  const services = new Map<string, string[]>();
  const networkToken = (role: string) => {
    const token = `NET_${tokenOf(role)}`;
    const cidrs = policy.networksOf(role);
    if (cidrs.length === 0) throw new Error(`the profile gives ${role} no networks: Capirca needs some`);
    networks.set(token, cidrs);
    return token;
  };
  const serviceToken = (flow: AnsweredFlow) => {
    const token = `SVC_${tokenOf(flow.key)}`;
    const ports = flow.fromPort === flow.toPort ? `${flow.fromPort}` : `${flow.fromPort}-${flow.toPort}`;
    services.set(token, [`${ports}/${flow.protocol}`]);
    return token;
  };
  networks.set('MANAGEMENT_NETS', policy.management.cidrs);
  services.set(
    'MANAGEMENT_PORTS',
    policy.management.ports.map((port) => `${port}/tcp`),
  );

  const flowTerm = (direction: 'in' | 'out', flow: AnsweredFlow, index: number) => {
    const peer =
      direction === 'in'
        ? `  source-address:: ${networkToken(flow.source)}`
        : `  destination-address:: ${networkToken(flow.destination)}`;
    return [
      `term ${direction}-flow-${index} {`,
      `  comment:: "${flow.key}: ${flow.source} -> ${flow.destination}"`,
      peer,
      `  protocol:: ${flow.protocol}`,
      ...(flow.protocol === 'ipip' ? [] : [`  destination-port:: ${serviceToken(flow)}`]),
      '  action:: accept',
      '}',
    ];
  };
  const fixedTerms = (direction: 'in' | 'out') => [
    `term ${direction}-established {`,
    '  option:: established',
    '  action:: accept',
    '}',
    `term ${direction}-loopback {`,
    `  ${direction === 'in' ? 'source' : 'destination'}-interface:: lo`,
    '  action:: accept',
    '}',
  ];
  const lines = [
    'header {',
    `  comment:: "host ${policy.host}: input"`,
    '  target:: iptables INPUT DROP',
    '}',
    ...fixedTerms('in'),
    ...policy.input.flatMap((flow, index) => flowTerm('in', flow, index)),
    'term in-management {',
    '  source-address:: MANAGEMENT_NETS',
    '  protocol:: tcp',
    '  destination-port:: MANAGEMENT_PORTS',
    '  action:: accept',
    '}',
  ];
  if (policy.egressEnforce) {
    lines.push(
      'header {',
      `  comment:: "host ${policy.host}: output"`,
      '  target:: iptables OUTPUT DROP',
      '}',
      ...fixedTerms('out'),
      ...policy.output.flatMap((flow, index) => flowTerm('out', flow, index)),
    );
  }
  return { pol: `${lines.join('\n')}\n`, networks, services };
}

/**
 * aclgen's iptables output for each policy (by name), from one aclgen run: `-P`/`-N`/`-A`
 * lines, each the arguments of one iptables command. The policies share one NETWORK.net and
 * SERVICES.svc, so a token must mean the same in all of them.
 */
export async function renderWithAclgen(policies: ReadonlyMap<string, CapircaPolicy>): Promise<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'nr-capirca-'));
  try {
    for (const sub of ['pol', 'def', 'out']) mkdirSync(join(dir, sub));
    const networks = new Map<string, readonly string[]>();
    const services = new Map<string, readonly string[]>();
    for (const [name, policy] of policies) {
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`policy name ${name}: letters, digits and dashes only`);
      writeFileSync(join(dir, 'pol', `${name}.pol`), policy.pol);
      merge(networks, policy.networks);
      merge(services, policy.services);
    }
    writeFileSync(join(dir, 'def', 'NETWORK.net'), definitions(networks));
    writeFileSync(join(dir, 'def', 'SERVICES.svc'), definitions(services));
    const result = await run(ACLGEN, [
      `--base_directory=${dir}`,
      `--definitions_directory=${join(dir, 'def')}`,
      `--output_directory=${join(dir, 'out')}`,
      '--max_renderers=1',
    ]);
    ok(result, 'aclgen');
    return new Map(
      [...policies.keys()].map((name) => {
        try {
          return [name, readFileSync(join(dir, 'out', name), 'utf8')];
        } catch {
          throw new Error(`aclgen wrote nothing for ${name}: ${result.stderr.trim()}`);
        }
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function merge(into: Map<string, readonly string[]>, from: ReadonlyMap<string, readonly string[]>): void {
  for (const [token, values] of from) {
    const known = into.get(token);
    if (known !== undefined && known.join() !== values.join())
      throw new Error(`${token} is ${known.join(' ')} in one policy and ${values.join(' ')} in another`);
    into.set(token, values);
  }
}

function definitions(entries: ReadonlyMap<string, readonly string[]>): string {
  const lines = [...entries].map(([token, [first, ...rest]]) =>
    [`${token} = ${first}`, ...rest.map((value) => `    ${value}`)].join('\n'),
  );
  return `${lines.join('\n')}\n`;
}

/** A shell script that applies aclgen's iptables output with one iptables command per line. */
export function iptablesCommands(aclgenOutput: string): string {
  const commands = aclgenOutput
    .split('\n')
    .filter((line) => line.startsWith('-'))
    .map((line) => `iptables ${line}`);
  return ['set -e', ...commands].join('\n');
}

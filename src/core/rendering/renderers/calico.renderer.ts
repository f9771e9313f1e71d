import { createHash } from 'node:crypto';
import { Document, stringify, visit } from 'yaml';
import { compareText, describePorts, type ResolvedFlow } from '../../flows/resolved-flow';
import { addressesOf, type RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { describeQuestion } from './flow-rows';
import { oneLine } from './text';

/** The label every HostEndpoint must carry for these policies to select it. */
export const CALICO_ROLE_LABEL = 'kublr-role';

/** Calico protocol names, or the IP protocol number where Calico has no name (IP-in-IP). */
const CALICO_PROTOCOLS: Readonly<Record<ResolvedFlow['protocol'], 'TCP' | 'UDP' | 4>> = {
  tcp: 'TCP',
  udp: 'UDP',
  ipip: 4,
};

/** Kubernetes label values: at most 63 characters, alphanumeric at both ends. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** One label of a DNS-1123 subdomain. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface CalicoRule {
  action: 'Allow';
  protocol: 'TCP' | 'UDP' | 4;
  source: { nets: string[] } | { selector: string };
  destination?: { ports: (number | string)[] };
  metadata: { annotations: Record<string, string> };
}

/**
 * Calico host protection: one `GlobalNetworkPolicy` (projectcalico.org/v3) per destination
 * role, allowing the flows into that role's hosts.
 *
 * Calico cannot be told which hosts a role has without node names, so the policies select
 * host endpoints by the label `kublr-role: <role>` (a composite role such as `node` selects
 * all its members), and the HostEndpoints are left to the operator: the output carries a
 * commented example. Sources are the profile's address ranges (`source.nets`) or, for a
 * role without ranges, the same label (`source.selector`). What the policies do and do not
 * cover is stated in the leading comment of the output.
 *
 * For a change (`since`), the policies hold the flows to add and are named apart
 * (`…-since-<version>`), so applying them never replaces the full policies; the flows to
 * remove are listed in the leading comment.
 */
export class CalicoRenderer extends Renderer {
  readonly format = 'calico';
  readonly contentType = 'application/yaml; charset=utf-8';
  readonly fileExtension = 'yaml';
  readonly description = 'Calico GlobalNetworkPolicy resources protecting the hosts of each role (host endpoints)';

  /** `spec.order` of every policy: they only allow, so their order among themselves does not matter. */
  protected readonly order: number = 100;

  render(input: RenderInput): string {
    const names = policyNames(input);
    const policies = [...names].map(([role, name]) => this.policy(input, role, name));
    const header = this.header(input, policies.length > 0 ? exampleRole(input) : null);
    const documents = policies.map((policy) => yamlDocument(policy));
    return [header, ...(documents.length > 0 ? [documents.join('---\n')] : [])].join('\n');
  }

  protected policy(input: RenderInput, role: string, name: string): Record<string, unknown> {
    const annotations: Record<string, string> = {
      catalog: oneLine(input.catalog.title),
      'catalog-version': oneLine(input.catalog.version),
      ...(input.profile === null ? {} : { profile: oneLine(input.profile) }),
      ...(input.since === null ? {} : { 'flows-added-since': oneLine(input.since) }),
      'destination-role': oneLine(role),
    };
    return {
      apiVersion: 'projectcalico.org/v3',
      kind: 'GlobalNetworkPolicy',
      metadata: { name, annotations },
      spec: {
        order: this.order,
        selector: roleSelector(input, role),
        types: ['Ingress'],
        applyOnForward: false,
        preDNAT: false,
        ingress: input.flows.filter((flow) => flow.destination === role).map((flow) => rule(input, flow)),
      },
    };
  }

  protected header(input: RenderInput, example: string | null): string {
    const lines = [
      `Calico host protection (projectcalico.org/v3 GlobalNetworkPolicy): ${describeQuestion(input)}`,
      'Generated from the network requirements catalog. Apply with `calicoctl apply -f <file>`.',
      '',
      "Covers: traffic into hosts (Calico host endpoints) from the flows' sources: one policy per",
      `destination role, selecting the host endpoints labelled ${CALICO_ROLE_LABEL}: <role> (a role that`,
      'includes others, such as "node", selects all of them).',
      '',
      'Does not cover:',
      '- pod (workload) traffic: the policies select host endpoints only, with applyOnForward and',
      '  preDNAT false, so traffic forwarded to pods (NodePorts included) is not filtered by them;',
      '- traffic out of the hosts: only ingress rules are written;',
      "- Calico's failsafe ports (Felix FailsafeInboundHostPorts, by default including SSH 22, BGP",
      '  179, etcd 2379-2380 and the Kubernetes API 6443), which stay open whatever the policies say;',
      '- a default deny: none is added. But once a policy selects a host endpoint, Calico drops',
      '  ingress to it that no policy allows (failsafe ports excepted): allow whatever else the',
      '  hosts must accept (SSH from your networks, monitoring, ...) before creating HostEndpoints.',
      '',
      `Every host to protect needs a HostEndpoint labelled ${CALICO_ROLE_LABEL}: <role>; policies for`,
      'roles without host endpoints (external endpoints such as the Internet) select nothing.',
      "Sources come from the profile's address ranges (source.nets); a role without ranges is",
      `matched by its ${CALICO_ROLE_LABEL} label instead (source.selector), which matches hosts with such`,
      'a HostEndpoint only. Security groups and tags mean nothing to Calico and are left out.',
      ...(input.since === null ? [] : this.changeNotes(input)),
      ...(example === null
        ? []
        : [
            '',
            'Example HostEndpoint (one per host and interface; not part of this file):',
            ...exampleHostEndpoint(example),
          ]),
    ];
    return `${lines.map((line) => (line === '' ? '#' : `# ${oneLine(line)}`)).join('\n')}\n`;
  }

  protected changeNotes(input: RenderInput): string[] {
    const version = input.catalog.version;
    return [
      '',
      `Change from ${input.since} to ${version}: these policies hold the flows to add only, and are`,
      `named "kublr-allow-<role>-since-${dnsLabel(input.since ?? '')}" so that they never replace the full policies. To remove`,
      `flows, apply the full rendering of ${version} (it replaces the kublr-allow-<role> policies whole).`,
      input.removed.length === 0 ? 'Flows to remove: none.' : 'Flows to remove:',
      ...input.removed.map((flow) => `- ${flow.key}: ${flow.source} -> ${flow.destination} ${describePorts(flow)}`),
    ];
  }
}

function rule(input: RenderInput, flow: ResolvedFlow): CalicoRule {
  const nets = addressesOf(input, flow.source).cidrs;
  const ports =
    flow.fromPort === null || flow.toPort === null
      ? undefined
      : [flow.fromPort === flow.toPort ? flow.fromPort : `${flow.fromPort}:${flow.toPort}`];
  return {
    action: 'Allow',
    protocol: CALICO_PROTOCOLS[flow.protocol],
    source: nets.length > 0 ? { nets: [...nets] } : { selector: roleSelector(input, flow.source) },
    ...(ports === undefined ? {} : { destination: { ports } }),
    metadata: {
      annotations: {
        flow: oneLine(flow.key),
        component: oneLine(flow.component),
        section: oneLine(flow.sections.join('; ')),
      },
    },
  };
}

/**
 * `kublr-allow-<role>`, or `kublr-allow-<role>-since-<version>` for a change: valid resource
 * names without dots (Calico reads a dot as a tier prefix), distinct for distinct roles.
 */
function policyNames(input: RenderInput): Map<string, string> {
  const since = input.since === null ? '' : `-since-${dnsLabel(input.since)}`;
  const roles = destinationRoles(input);
  const names = roles.map((role) => `kublr-allow-${dnsLabel(role)}${since}`);
  const clash = (name: string) => names.filter((other) => other === name).length > 1;
  return new Map(roles.map((role, i) => [role, clash(names[i]) ? `${names[i]}-${hash(role)}` : names[i]]));
}

/** Roles that flows go to, in catalog order; roles the catalog does not list, after, by key. */
function destinationRoles(input: RenderInput): string[] {
  const destinations = new Set(input.flows.map((flow) => flow.destination));
  const known = input.roles.map((role) => role.key).filter((key) => destinations.has(key));
  const unknown = [...destinations].filter((key) => !known.includes(key)).sort(compareText);
  return [...known, ...unknown];
}

/** `kublr-role == 'master'`, or `kublr-role in { 'master', 'node', 'worker' }` for a role with members. */
export function roleSelector(input: RenderInput, role: string): string {
  const members = input.roles.find((candidate) => candidate.key === role)?.members ?? [role];
  const values = [...new Set((members.length > 0 ? members : [role]).map(roleLabelValue))];
  return values.length === 1
    ? `${CALICO_ROLE_LABEL} == '${values[0]}'`
    : `${CALICO_ROLE_LABEL} in { ${values.map((value) => `'${value}'`).join(', ')} }`;
}

/**
 * A role key as a label value: itself when it is one (catalog role keys nearly always are),
 * else a sanitised form with a hash of the key, so that distinct keys stay distinct.
 */
export function roleLabelValue(role: string): string {
  if (LABEL_VALUE.test(role)) return role;
  const cleaned = role
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .slice(0, 54)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return `${cleaned === '' ? 'role' : cleaned}-${hash(role)}`;
}

/**
 * Text as one DNS-1123 label, for a resource name: dots and underscores become dashes
 * ("1.29.0" → "1-29-0"); anything else that does not fit is sanitised and given a hash.
 */
function dnsLabel(text: string): string {
  const dashed = text.replace(/[._]/g, '-');
  if (DNS_LABEL.test(dashed) && dashed.length <= 63) return dashed;
  const cleaned = dashed
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 54)
    .replace(/^-+|-+$/g, '');
  return `${cleaned === '' ? 'x' : cleaned}-${hash(text)}`;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** The role whose label the example HostEndpoint carries: a plain member of the first destination role. */
function exampleRole(input: RenderInput): string {
  const first = destinationRoles(input)[0];
  const members = input.roles.find((role) => role.key === first)?.members ?? [];
  return members.find((member) => member !== first) ?? first;
}

function exampleHostEndpoint(role: string): string[] {
  const example = {
    apiVersion: 'projectcalico.org/v3',
    kind: 'HostEndpoint',
    metadata: { name: '<node name>-eth0', labels: { [CALICO_ROLE_LABEL]: roleLabelValue(role) } },
    spec: { node: '<node name>', interfaceName: 'eth0', expectedIPs: ['<the host IP on eth0>'] },
  };
  return stringify(example, { version: '1.1', lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`);
}

/**
 * One resource as YAML. Written for YAML 1.1 readers too (calicoctl and kubectl parse with
 * go-yaml): strings such as "no" or "2380:2390" are quoted so that they stay strings.
 */
function yamlDocument(resource: Record<string, unknown>): string {
  const document = new Document(resource, { version: '1.1' });
  visit(document, {
    Scalar(key, node) {
      if (key !== 'key' && typeof node.value === 'string' && /^\d+:\d+$/.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString({ lineWidth: 0 });
}

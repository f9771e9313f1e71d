import { createHash } from 'node:crypto';
import { Document, stringify, visit } from 'yaml';
import { compareText, describePorts, type ResolvedFlow } from '../../flows/resolved-flow';
import { addressesOf, type RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { familiesOf, familyOf } from './address-family';
import { describeQuestion } from './flow-rows';
import { hostView, leafHostRoles } from './host-view';
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

/** The other end of a rule: address ranges of one family, or a label selector. */
type CalicoPeer = { nets: string[] } | { selector: string };

interface CalicoRule {
  action: 'Allow';
  protocol: 'TCP' | 'UDP' | 4;
  /** Ingress rules: where packets come from. */
  source?: CalicoPeer;
  /** Ingress rules: the ports; egress rules: where packets go and the ports. */
  destination?: Partial<{ nets: string[]; selector: string }> & { ports?: (number | string)[] };
  metadata: { annotations: Record<string, string> };
}

/**
 * Kubernetes' default NodePort range (kube-apiserver --service-node-port-range). A flow to a
 * host whose ports lie in it is traffic kube-proxy DNATs to a pod: host endpoint policy sees it
 * only before DNAT, so it is allowed by a pre-DNAT policy (see CalicoRenderer).
 */
export const NODE_PORTS = { from: 30000, to: 32767 } as const;

/** Whether a flow reaches Kubernetes NodePorts (its ports lie within NODE_PORTS). */
export function reachesNodePorts(flow: ResolvedFlow): boolean {
  return (
    flow.fromPort !== null && flow.toPort !== null && flow.fromPort >= NODE_PORTS.from && flow.toPort <= NODE_PORTS.to
  );
}

/** One policy of a host role: its normal host endpoint policy, or its pre-DNAT one. */
interface HostPolicy {
  readonly role: string;
  readonly preDNAT: boolean;
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
}

/**
 * Calico host protection: for each host role (a role of kind host that includes no other, such
 * as master, worker, kcp), a `GlobalNetworkPolicy` (projectcalico.org/v3) selecting that
 * role's HostEndpoints, with ingress rules for the flows whose destination includes the role
 * and egress rules for the flows whose source includes it; a `node` flow is on both ends of
 * every node. Load balancers and external roles have no host endpoints and get no policy.
 *
 * Calico cannot be told which hosts a role has without node names, so the policies select
 * host endpoints by the label `kublr-role: <role>`, and the HostEndpoints are left to the
 * operator: the output carries a commented example. The other end of a rule is the profile's
 * address ranges (`nets`, an external role's default networks included, one rule per address
 * family as Calico requires) or, for a role without ranges, the same label (`selector`), which
 * matches HostEndpoints and GlobalNetworkSets labelled so. What the policies do and do not
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
  readonly description =
    'Calico GlobalNetworkPolicy resources for the host endpoints of each host role, ingress and egress';

  /** `spec.order` of every policy: they only allow, so their order among themselves does not matter. */
  protected readonly order: number = 100;

  render(input: RenderInput): string {
    const policies = hostPolicies(input);
    const names = policyNames(input, policies);
    const documents = policies.map((policy, index) => yamlDocument(this.policy(input, policy, names[index])));
    const header = this.header(input, policies.length > 0 ? policies[0].role : null);
    return [header, ...(documents.length > 0 ? [documents.join('---\n')] : [])].join('\n');
  }

  protected policy(input: RenderInput, policy: HostPolicy, name: string): Record<string, unknown> {
    const annotations: Record<string, string> = {
      catalog: oneLine(input.catalog.title),
      'catalog-version': oneLine(input.catalog.version),
      ...(input.profile === null ? {} : { profile: oneLine(input.profile) }),
      ...(input.since === null ? {} : { 'flows-added-since': oneLine(input.since) }),
      'host-role': oneLine(policy.role),
    };
    return {
      apiVersion: 'projectcalico.org/v3',
      kind: 'GlobalNetworkPolicy',
      metadata: { name, annotations },
      spec: {
        order: this.order,
        selector: roleSelector(input, policy.role),
        // A direction is listed only with rules: listing it without any would deny it all.
        types: [...(policy.ingress.length > 0 ? ['Ingress'] : []), ...(policy.egress.length > 0 ? ['Egress'] : [])],
        // Pre-DNAT: NodePort flows, which kube-proxy DNATs to pods, can only be matched on the
        // NodePort before DNAT; Calico requires applyOnForward with it, as such traffic is mostly
        // forwarded. Every other flow is between the hosts' own processes (kubelet, etcd, the API
        // server): applyOnForward stays false so that pod traffic forwarded through a host is
        // never subject to (and denied by) these rules.
        applyOnForward: policy.preDNAT,
        preDNAT: policy.preDNAT,
        ...(policy.ingress.length > 0 ? { ingress: policy.ingress } : {}),
        ...(policy.egress.length > 0 ? { egress: policy.egress } : {}),
      },
    };
  }

  protected header(input: RenderInput, example: string | null): string {
    const lines = [
      `Calico host protection (projectcalico.org/v3 GlobalNetworkPolicy): ${describeQuestion(input)}`,
      'Generated from the network requirements catalog. Apply with `calicoctl apply -f <file>`.',
      '',
      'Covers: the traffic of the hosts themselves, per host role: one policy for each role of kind',
      `host, selecting the host endpoints labelled ${CALICO_ROLE_LABEL}: <role>, with ingress rules for the`,
      'flows into that role and egress rules for the flows out of it (a "node" flow is in the',
      'policies of the masters and of the workers, at both ends). NodePort flows are in a pre-DNAT',
      'policy of the role ("...-pre-dnat"), the only place a NodePort is seen before kube-proxy',
      'rewrites it; Calico applies no default deny to pre-DNAT policy.',
      '',
      'Failsafe: Calico keeps its failsafe ports open whatever these policies say (Felix',
      'FailsafeInboundHostPorts: SSH 22, BGP 179, etcd 2379-2380, the Kubernetes API 6443, Typha',
      '5473, ...; FailsafeOutboundHostPorts: DNS 53, DHCP 67, BGP 179, etcd, the API, Typha), so a',
      'mistake here cannot cut SSH off. The API this catalog serves on 443 is not among them, and a',
      'failsafe port stays open even where you meant to close it: check the list of your Felix.',
      '',
      'Does not cover:',
      '- pod (workload) traffic: applyOnForward is false outside the pre-DNAT policies, so traffic',
      '  forwarded to and from pods is not filtered by them;',
      '- a default deny: none is added. But once a policy of a direction selects a host endpoint,',
      '  Calico drops the traffic of that direction that no policy allows (failsafe ports excepted):',
      '  allow whatever else the hosts need (SSH from your networks, monitoring, NTP, package',
      '  mirrors, ...) before creating HostEndpoints.',
      '',
      `Every host to protect needs a HostEndpoint labelled ${CALICO_ROLE_LABEL}: <role>. The other end of a`,
      "rule is the profile's address ranges (nets; the Internet is 0.0.0.0/0 and ::/0 unless the",
      'profile narrows it, one rule per address family); a role without ranges is matched by its',
      `${CALICO_ROLE_LABEL} label (selector): host endpoints, or a GlobalNetworkSet labelled so for a load`,
      'balancer or an outside network. Security groups and tags mean nothing to Calico.',
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
      `named "kublr-allow-<role>[-pre-dnat]-since-${dnsLabel(input.since ?? '')}" so that they never replace the full policies.`,
      `To remove flows, apply the full rendering of ${version} (it replaces the kublr-allow-<role> policies whole).`,
      input.removed.length === 0 ? 'Flows to remove: none.' : 'Flows to remove:',
      ...input.removed.map((flow) => `- ${flow.key}: ${flow.source} -> ${flow.destination} ${describePorts(flow)}`),
    ];
  }
}

/**
 * The host roles that get policies: roles of kind host that include no other role (a role
 * that does, such as "node", has no host endpoints of its own: its members do), in catalog
 * order; then, by key, roles that flows name but the catalog does not list.
 */
export function hostRolesOf(input: RenderInput): string[] {
  const listed = leafHostRoles(input.roles).map((role) => role.key);
  const named = input.flows.flatMap((flow) => [flow.source, flow.destination]);
  const unknown = [...new Set(named)].filter((key) => !input.roles.some((role) => role.key === key)).sort(compareText);
  return [...listed, ...unknown];
}

/** Each host role's policies: the normal one, and a pre-DNAT one when NodePort flows reach it. */
function hostPolicies(input: RenderInput): HostPolicy[] {
  return hostRolesOf(input).flatMap((role) => {
    // The same sides as the host firewalls': a flow is ingress where its destination is, egress where its source is.
    const view = hostView(input, role, input.flows);
    const into = view.input.map((rule) => rule.flow);
    const out = view.output.map((rule) => rule.flow);
    const normal: HostPolicy = {
      role,
      preDNAT: false,
      ingress: into.filter((flow) => !reachesNodePorts(flow)).flatMap((flow) => rulesOf(input, flow, 'ingress')),
      egress: out.flatMap((flow) => rulesOf(input, flow, 'egress')),
    };
    const preDnat: HostPolicy = {
      role,
      preDNAT: true,
      ingress: into.filter(reachesNodePorts).flatMap((flow) => rulesOf(input, flow, 'ingress')),
      egress: [],
    };
    return [normal, preDnat].filter((policy) => policy.ingress.length + policy.egress.length > 0);
  });
}

/** The rules of a flow at one end: the peer by its ranges (one rule per address family) or its label. */
function rulesOf(input: RenderInput, flow: ResolvedFlow, direction: 'ingress' | 'egress'): CalicoRule[] {
  const peer = direction === 'ingress' ? flow.source : flow.destination;
  const nets = addressesOf(input, peer).cidrs;
  const peers: CalicoPeer[] =
    nets.length > 0
      ? familiesOf(nets).map((family) => ({ nets: nets.filter((cidr) => familyOf(cidr) === family) }))
      : [{ selector: roleSelector(input, peer) }];
  const ports =
    flow.fromPort === null || flow.toPort === null
      ? undefined
      : [flow.fromPort === flow.toPort ? flow.fromPort : `${flow.fromPort}:${flow.toPort}`];
  return peers.map((other) => ({
    action: 'Allow',
    protocol: CALICO_PROTOCOLS[flow.protocol],
    ...(direction === 'ingress'
      ? { source: other, ...(ports === undefined ? {} : { destination: { ports } }) }
      : { destination: { ...other, ...(ports === undefined ? {} : { ports }) } }),
    metadata: {
      annotations: {
        flow: oneLine(flow.key),
        component: oneLine(flow.component),
        section: oneLine(flow.sections.join('; ')),
      },
    },
  }));
}

/**
 * `kublr-allow-<role>` (`…-pre-dnat` for a pre-DNAT policy), with `-since-<version>` for a
 * change: valid resource names without dots (Calico reads a dot as a tier prefix), distinct
 * for distinct policies.
 */
function policyNames(input: RenderInput, policies: readonly HostPolicy[]): string[] {
  const since = input.since === null ? '' : `-since-${dnsLabel(input.since)}`;
  const names = policies.map(
    (policy) => `kublr-allow-${dnsLabel(policy.role)}${policy.preDNAT ? '-pre-dnat' : ''}${since}`,
  );
  const clash = (name: string) => names.filter((other) => other === name).length > 1;
  return names.map((name, i) => (clash(name) ? `${name}-${hash(`${policies[i].role}${policies[i].preDNAT}`)}` : name));
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

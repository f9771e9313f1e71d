import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kublrCatalog, renderFixtures, renderInputFor } from '../fixtures/render-fixtures';
import type { RenderInput } from '../render-input';
import { calicoPolicySchema } from './calico-policy.schema';
import { CalicoRenderer, hostRolesOf, reachesNodePorts, roleLabelValue, roleSelector } from './calico.renderer';

const renderer = new CalicoRenderer();
const validate = new Ajv({ allErrors: true, strict: true }).compile(calicoPolicySchema);
const fixtures = Object.fromEntries(renderFixtures().map(({ name, input }) => [name, input]));

interface Rule {
  protocol: string | number;
  source?: { nets?: string[]; selector?: string };
  destination?: { ports?: (number | string)[]; nets?: string[]; selector?: string };
  metadata: { annotations: Record<string, string> };
}
interface Policy {
  metadata: { name: string; annotations: Record<string, string> };
  spec: {
    selector: string;
    types: string[];
    applyOnForward: boolean;
    preDNAT: boolean;
    ingress?: Rule[];
    egress?: Rule[];
  };
}

const rulesOf = (policy: Policy): Rule[] => [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])];
const flowOf = (rule: Rule): string => rule.metadata.annotations.flow;

/** Every document of the output, parsed as YAML 1.2 and 1.1 alike (calicoctl reads 1.1), each schema-valid. */
function calicoPolicies(text: string): Policy[] {
  const parsed = (version: '1.1' | '1.2') =>
    parseAllDocuments(text, { version }).map((document) => {
      expect(document.errors, String(document.errors)).toEqual([]);
      return document.toJS() as unknown;
    });
  const policies = parsed('1.2');
  expect(parsed('1.1')).toEqual(policies);
  for (const policy of policies) {
    expect(validate(policy), JSON.stringify(validate.errors, null, 2)).toBe(true);
  }
  const names = policies.map((policy) => (policy as Policy).metadata.name);
  expect(new Set(names).size).toBe(names.length);
  return policies as Policy[];
}

describe('CalicoRenderer', () => {
  it.each(Object.keys(fixtures))('writes a policy per host role with every flow at its ends, for %s', (name) => {
    const input = fixtures[name];
    const policies = calicoPolicies(renderer.render(input));
    const hosts = hostRolesOf(input);
    expect([...new Set(policies.map((policy) => policy.metadata.annotations['host-role']))]).toEqual(
      hosts.filter((host) => policies.some((policy) => policy.metadata.annotations['host-role'] === host)),
    );
    const membersOf = (role: string) => input.roles.find((candidate) => candidate.key === role)?.members ?? [role];
    const of = (host: string) => policies.filter((policy) => policy.metadata.annotations['host-role'] === host);
    for (const flow of input.flows) {
      const into = hosts.filter((host) => membersOf(flow.destination).includes(host));
      const out = hosts.filter((host) => membersOf(flow.source).includes(host));
      expect(into.length + out.length, flow.key).toBeGreaterThan(0);
      for (const host of into) {
        expect(of(host).some((policy) => (policy.spec.ingress ?? []).some((rule) => flowOf(rule) === flow.key))).toBe(
          true,
        );
      }
      for (const host of out) {
        expect(of(host).some((policy) => (policy.spec.egress ?? []).some((rule) => flowOf(rule) === flow.key))).toBe(
          true,
        );
      }
    }
    for (const policy of policies) {
      for (const rule of rulesOf(policy)) {
        for (const port of rule.destination?.ports ?? []) {
          if (typeof port === 'string') {
            const [from, to] = port.split(':').map(Number);
            expect(from).toBeLessThan(to);
            expect(to).toBeLessThanOrEqual(65535);
          }
        }
      }
    }
  });

  it('states what it covers and what it does not in a leading comment, with a failsafe note and an example HostEndpoint', () => {
    const text = renderer.render(fixtures['kublr-calico-full-addresses']);
    const header = text.slice(0, text.indexOf('\napiVersion'));
    expect(header.split('\n').every((line) => line === '' || line.startsWith('#'))).toBe(true);
    expect(header).toContain('Covers: the traffic of the hosts themselves, per host role');
    expect(header).toContain('Does not cover:');
    expect(header).toContain('pod (workload) traffic');
    expect(header).toContain('Failsafe: Calico keeps its failsafe ports open');
    expect(header).toContain('SSH 22');
    expect(header).toContain('a default deny: none is added');
    expect(header).toContain('kind: HostEndpoint');
    expect(header).toContain('kublr-role: master');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('writes one policy per host role, none for load balancers, outside roles or roles that include others', () => {
    const input = fixtures['kublr-calico-full-addresses'];
    expect(hostRolesOf(input)).toEqual(['master', 'worker', 'kcp']);
    const policies = calicoPolicies(renderer.render(input));
    expect(policies.map((policy) => policy.metadata.name)).toEqual([
      'kublr-allow-master',
      'kublr-allow-worker',
      'kublr-allow-worker-pre-dnat',
      'kublr-allow-kcp',
    ]);
    expect(policies[0].spec.selector).toBe("kublr-role == 'master'");
    expect(roleSelector(input, 'node')).toBe("kublr-role in { 'node', 'master', 'worker' }");
  });

  it('puts a node flow at both ends of every node: ingress and egress of the masters and of the workers', () => {
    const input = fixtures['kublr-calico-full-addresses'];
    const policies = calicoPolicies(renderer.render(input));
    const nodes = ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'];
    for (const name of ['kublr-allow-master', 'kublr-allow-worker']) {
      const policy = policies.find((candidate) => candidate.metadata.name === name) as Policy;
      expect(policy.spec).toMatchObject({ types: ['Ingress', 'Egress'], applyOnForward: false, preDNAT: false });
      const ingress = (policy.spec.ingress ?? []).filter((rule) => flowOf(rule) === 'calico-ipip');
      const egress = (policy.spec.egress ?? []).filter((rule) => flowOf(rule) === 'calico-ipip');
      expect(ingress).toEqual([expect.objectContaining({ protocol: 4, source: { nets: nodes } })]);
      expect(egress).toEqual([expect.objectContaining({ protocol: 4, destination: { nets: nodes } })]);
    }
    // The KCP reaches the masters' API: egress on the KCP, ingress on the masters, nowhere else.
    const where = (flow: string) =>
      policies.flatMap((policy) =>
        (['ingress', 'egress'] as const)
          .filter((direction) => (policy.spec[direction] ?? []).some((rule) => flowOf(rule) === flow))
          .map((direction) => `${policy.metadata.name} ${direction}`),
      );
    expect(where('kcp-master-kubernetes-api')).toEqual(['kublr-allow-master ingress', 'kublr-allow-kcp egress']);
  });

  it('lets the nodes out to the Internet by its networks, one rule per address family', () => {
    const input = fixtures['kublr-canal-no-addresses'];
    const policies = calicoPolicies(renderer.render(input));
    for (const name of ['kublr-allow-master', 'kublr-allow-worker']) {
      const egress = (policies.find((policy) => policy.metadata.name === name)?.spec.egress ?? []).filter((rule) =>
        flowOf(rule).startsWith('node-internet-'),
      );
      expect(egress.map((rule) => [rule.protocol, rule.destination])).toEqual(
        expect.arrayContaining([
          ['TCP', { nets: ['0.0.0.0/0'], ports: [53] }],
          ['TCP', { nets: ['::/0'], ports: [53] }],
          ['UDP', { nets: ['0.0.0.0/0'], ports: [53] }],
          ['UDP', { nets: ['::/0'], ports: [53] }],
          ['TCP', { nets: ['0.0.0.0/0'], ports: [443] }],
          ['TCP', { nets: ['::/0'], ports: [443] }],
        ]),
      );
    }
    // No policy for the Internet, and no rule lets anything in from it.
    expect(policies.some((policy) => /internet|cloud-api/.test(policy.metadata.name))).toBe(false);
    const ingress = policies.flatMap((policy) => policy.spec.ingress ?? []);
    expect(ingress.every((rule) => rule.source?.nets === undefined && rule.source?.selector !== undefined)).toBe(true);
  });

  it('allows from the profile address ranges, and selects by label where a role has none', () => {
    const withAddresses = calicoPolicies(renderer.render(fixtures['kublr-calico-full-addresses']));
    const etcd = withAddresses
      .flatMap((policy) => policy.spec.ingress ?? [])
      .find((rule) => flowOf(rule) === 'etcd-client');
    expect(etcd).toMatchObject({ protocol: 'TCP', source: { nets: ['10.0.1.0/24'] } });

    const airGapped = renderInputFor(kublrCatalog(), { airGap: true });
    const intranet = calicoPolicies(renderer.render(airGapped))
      .flatMap((policy) => policy.spec.egress ?? [])
      .filter((rule) => flowOf(rule).startsWith('node-intranet-'));
    expect(intranet.length).toBeGreaterThan(0);
    // An intranet without networks: a GlobalNetworkSet labelled kublr-role: intranet.
    for (const rule of intranet) expect(rule.destination?.selector).toBe("kublr-role == 'intranet'");
  });

  it('allows NodePort flows in a pre-DNAT policy (ingress only, applyOnForward), never in the normal one', () => {
    const text = renderer.render(fixtures['kublr-calico-full-addresses']);
    const policies = calicoPolicies(text);
    const preDnat = policies.filter((policy) => policy.spec.preDNAT);
    expect(preDnat.map((policy) => policy.metadata.name)).toEqual(['kublr-allow-worker-pre-dnat']);
    expect(preDnat[0].spec).toMatchObject({ types: ['Ingress'], applyOnForward: true });
    expect(preDnat[0].spec.ingress?.map(flowOf)).toEqual([
      'ingress-lb-worker-node-ports/tcp',
      'ingress-lb-worker-node-ports/udp',
    ]);
    expect(preDnat[0].spec.ingress?.[0]).toMatchObject({ source: { nets: ['10.0.0.20/32'] } });
    const normal = policies.filter((policy) => !policy.spec.preDNAT).flatMap(rulesOf);
    expect(normal.some((rule) => flowOf(rule).startsWith('ingress-lb-worker-node-ports'))).toBe(false);
    expect(text).toContain('- "30000:32767"');
    expect(reachesNodePorts({ ...fixtures['kublr-calico-full-addresses'].flows[0], fromPort: 443, toPort: 443 })).toBe(
      false,
    );
  });

  it('writes IP-in-IP as protocol 4 without ports', () => {
    const rules = calicoPolicies(renderer.render(fixtures['kublr-calico-full-addresses'])).flatMap(rulesOf);
    const ipip = rules.filter((rule) => rule.protocol === 4);
    expect(ipip.length).toBeGreaterThan(0);
    expect(ipip.every((rule) => rule.destination?.ports === undefined)).toBe(true);
  });

  it('for a change, names the policies apart and lists the flows to remove', () => {
    const input = fixtures['kublr-upgrade-from-1.29.0'];
    const text = renderer.render(input);
    const policies = calicoPolicies(text);
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.every((policy) => policy.metadata.name.endsWith('-since-1-29-0'))).toBe(true);
    expect(policies.every((policy) => policy.metadata.annotations['flows-added-since'] === '1.29.0')).toBe(true);
    for (const flow of input.removed) expect(text).toContain(`# - ${flow.key}: ${flow.source} -> ${flow.destination}`);
  });

  it('writes only the leading comment when there are no flows', () => {
    const input: RenderInput = { ...fixtures['kublr-canal-no-addresses'], flows: [] };
    const text = renderer.render(input);
    expect(calicoPolicies(text)).toEqual([]);
    expect(text.split('\n').every((line) => line === '' || line.startsWith('#'))).toBe(true);
  });

  it('keeps role keys that are label values, and turns others into distinct label values', () => {
    expect(roleLabelValue('master-lb')).toBe('master-lb');
    const odd = ['edge-', 'x'.repeat(64), 'evil"key', 'Evil key'];
    const values = odd.map(roleLabelValue);
    for (const value of values) expect(value).toMatch(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
    expect(new Set(values).size).toBe(odd.length);
  });

  it('keeps hostile text in annotations on one line', () => {
    const base = fixtures['kublr-calico-full-addresses'];
    const flow = { ...base.flows[0], component: 'a\nkind: Secret\r\n---\u2028b', sections: ['x\'; y: "z"\u0000'] };
    const policies = calicoPolicies(renderer.render({ ...base, flows: [flow] }));
    expect(policies.length).toBeGreaterThan(0);
    for (const rule of policies.flatMap(rulesOf)) {
      expect(rule.metadata.annotations.component).toBe('a kind: Secret --- b');
    }
  });
});

describe('calicoPolicySchema', () => {
  const valid = () => ({
    apiVersion: 'projectcalico.org/v3',
    kind: 'GlobalNetworkPolicy',
    metadata: { name: 'kublr-allow-master' },
    spec: {
      selector: "kublr-role == 'master'",
      types: ['Ingress'] as string[],
      applyOnForward: false,
      preDNAT: false,
      ingress: [
        {
          action: 'Allow',
          protocol: 'TCP' as string | number,
          source: { nets: ['10.0.0.0/8'] },
          destination: { ports: [443, '2379:2380'] },
          metadata: { annotations: { flow: 'x' } },
        },
      ],
    },
  });

  it('accepts what the renderer writes and refuses what Calico would', () => {
    expect(validate(valid())).toBe(true);
    const broken: ((policy: ReturnType<typeof valid>) => void)[] = [
      (p) => (p.metadata.name = 'Kublr_Allow'),
      (p) => (p.metadata.name = 'a'.repeat(254)),
      (p) => (p.spec.selector = "kublr-role == 'x'; drop"),
      (p) => (p.spec.ingress[0].protocol = 'ICMP'),
      (p) => (p.spec.ingress[0].protocol = 4),
      (p) => (p.spec.ingress[0].destination.ports = ['2379-2380']),
      (p) => (p.spec.ingress[0].destination.ports = [70000]),
      (p) => (p.spec.ingress[0].source.nets = ['10.0.0.0/8', '2001:db8::/32']),
      (p) => (p.spec.types = ['Ingress', 'Egress']),
      (p) => (p.spec.types = []),
      (p) => (p.spec.preDNAT = true),
      (p) => Object.assign(p.spec, { preDNAT: true, applyOnForward: true, types: ['Ingress', 'Egress'], egress: [] }),
    ];
    for (const breakIt of broken) {
      const policy = valid();
      breakIt(policy);
      expect(validate(policy)).toBe(false);
    }
  });
});

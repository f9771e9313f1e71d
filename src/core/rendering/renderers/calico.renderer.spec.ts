import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderFixtures } from '../fixtures/render-fixtures';
import type { RenderInput } from '../render-input';
import { calicoPolicySchema } from './calico-policy.schema';
import { CalicoRenderer, roleLabelValue, roleSelector } from './calico.renderer';

const renderer = new CalicoRenderer();
const validate = new Ajv({ allErrors: true, strict: true }).compile(calicoPolicySchema);
const fixtures = Object.fromEntries(renderFixtures().map(({ name, input }) => [name, input]));

interface Rule {
  protocol: string | number;
  source: { nets?: string[]; selector?: string };
  destination?: { ports: (number | string)[] };
  metadata: { annotations: Record<string, string> };
}
interface Policy {
  metadata: { name: string; annotations: Record<string, string> };
  spec: { selector: string; ingress: Rule[] };
}

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
  it.each(Object.keys(fixtures))('writes schema-valid GlobalNetworkPolicies for %s', (name) => {
    const input = fixtures[name];
    const policies = calicoPolicies(renderer.render(input));
    const destinations = new Set(input.flows.map((flow) => flow.destination));
    expect(policies).toHaveLength(destinations.size);
    expect(policies.flatMap((policy) => policy.spec.ingress)).toHaveLength(input.flows.length);
    for (const policy of policies) {
      for (const rule of policy.spec.ingress) {
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

  it('states what it covers and what it does not in a leading comment, with an example HostEndpoint', () => {
    const text = renderer.render(fixtures['kublr-calico-full-addresses']);
    const header = text.slice(0, text.indexOf('\napiVersion'));
    expect(header.split('\n').every((line) => line === '' || line.startsWith('#'))).toBe(true);
    expect(header).toContain('Covers: traffic into hosts');
    expect(header).toContain('Does not cover:');
    expect(header).toContain('pod (workload) traffic');
    expect(header).toContain('failsafe ports');
    expect(header).toContain('a default deny: none is added');
    expect(header).toContain('kind: HostEndpoint');
    expect(header).toContain('kublr-role: master');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('allows from the profile address ranges, and selects by label where a role has none', () => {
    const withAddresses = calicoPolicies(renderer.render(fixtures['kublr-calico-full-addresses']));
    const etcd = withAddresses
      .flatMap((policy) => policy.spec.ingress)
      .find((rule) => rule.metadata.annotations.flow === 'etcd-client');
    expect(etcd).toMatchObject({ protocol: 'TCP', source: { nets: ['10.0.1.0/24'] } });

    const placeholders = calicoPolicies(renderer.render(fixtures['kublr-canal-no-addresses']));
    const sources = placeholders.flatMap((policy) => policy.spec.ingress.map((rule) => rule.source));
    expect(sources.every((source) => source.nets === undefined && source.selector !== undefined)).toBe(true);
  });

  it('selects every member of a role that includes others, and names one policy per destination role', () => {
    const input = fixtures['kublr-calico-full-addresses'];
    expect(roleSelector(input, 'node')).toBe("kublr-role in { 'node', 'master', 'worker' }");
    expect(roleSelector(input, 'master')).toBe("kublr-role == 'master'");
    const policies = calicoPolicies(renderer.render(input));
    expect(policies.map((policy) => policy.metadata.name)).toContain('kublr-allow-node');
    expect(policies.find((p) => p.metadata.name === 'kublr-allow-node')?.spec.selector).toBe(
      roleSelector(input, 'node'),
    );
  });

  it('writes IP-in-IP as protocol 4 without ports, and port ranges as "from:to" strings quoted for YAML 1.1', () => {
    const text = renderer.render(fixtures['kublr-calico-full-addresses']);
    const rules = calicoPolicies(text).flatMap((policy) => policy.spec.ingress);
    const ipip = rules.filter((rule) => rule.protocol === 4);
    expect(ipip.length).toBeGreaterThan(0);
    expect(ipip.every((rule) => rule.destination === undefined)).toBe(true);
    expect(rules.some((rule) => rule.destination?.ports.includes('30000:32767'))).toBe(true);
    expect(text).toContain('- "30000:32767"');
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
    expect(policies).toHaveLength(1);
    expect(policies[0].spec.ingress[0].metadata.annotations.component).toBe('a kind: Secret --- b');
  });
});

describe('calicoPolicySchema', () => {
  const valid = () => ({
    apiVersion: 'projectcalico.org/v3',
    kind: 'GlobalNetworkPolicy',
    metadata: { name: 'kublr-allow-master' },
    spec: {
      selector: "kublr-role == 'master'",
      types: ['Ingress'],
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
    ];
    for (const breakIt of broken) {
      const policy = valid();
      breakIt(policy);
      expect(validate(policy)).toBe(false);
    }
  });
});

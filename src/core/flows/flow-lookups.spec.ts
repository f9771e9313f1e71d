import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog, parseCatalogDocument } from '../catalog/catalog-document';
import { resolveParameterValues } from '../parameters/parameter-values';
import { compileCatalog } from './compiled-catalog';
import { explainFlow, flowMatrix, whoMustReach } from './flow-lookups';
import { UnknownFlowError, UnknownRoleError } from './flow-query.errors';
import { resolveFlows } from './resolve-flows';

const SEED_PATH = join(__dirname, '../../../prisma/seed/kublr-network-access.catalog.yaml');
const kublr = compileCatalog(parseCatalogDocument(readFileSync(SEED_PATH, 'utf8')));
const ROLES = ['node', 'master', 'worker', 'master-lb', 'ingress-lb', 'kcp', 'internet', 'intranet', 'cloud-api'];

const valuesOf = (overrides: Record<string, unknown> = {}) => resolveParameterValues(kublr.parameters, overrides);
const keysOf = (flows: readonly { key: string }[]): string[] => flows.map((flow) => flow.key).sort();

describe('whoMustReach', () => {
  it('master on 443 under the defaults: kcp and the workers', () => {
    const result = whoMustReach(kublr, valuesOf(), { to: 'master', port: 443 });
    expect(result.sources).toEqual(['kcp', 'worker']);
    expect(keysOf(result.flows)).toEqual(['kcp-master-kubernetes-api', 'worker-master-kubernetes-api']);
  });

  it('master on 443 with a master LB: the LB as well', () => {
    const result = whoMustReach(kublr, valuesOf({ masterLoadBalancer: true }), { to: 'master', port: 443 });
    expect(result.sources).toEqual(['kcp', 'master-lb', 'worker']);
  });

  it('master on 10250 (Kubelet API): the nodes, as written', () => {
    const result = whoMustReach(kublr, valuesOf(), { to: 'master', port: 10250 });
    expect(result.sources).toEqual(['node']);
    expect(keysOf(result.flows)).toEqual(['kubelet-api']);
  });

  it('master on 11250 (secret store) only with byoInfrastructure', () => {
    expect(whoMustReach(kublr, valuesOf(), { to: 'master', port: 11250 }).sources).toEqual([]);
    expect(whoMustReach(kublr, valuesOf({ byoInfrastructure: true }), { to: 'master', port: 11250 }).sources).toEqual([
      'kcp',
      'worker',
    ]);
  });

  it('a port inside a range matches it: worker on 31000 with an ingress LB', () => {
    const values = valuesOf({ ingressLoadBalancer: true });
    const result = whoMustReach(kublr, values, { to: 'worker', port: 31000 });
    expect(result.sources).toEqual(['ingress-lb']);
    expect(keysOf(result.flows)).toEqual(['ingress-lb-worker-node-ports/tcp', 'ingress-lb-worker-node-ports/udp']);
    expect(whoMustReach(kublr, values, { to: 'worker', port: 29999 }).sources).toEqual([]);
    expect(whoMustReach(kublr, values, { to: 'worker', port: 32767 }).sources).toEqual(['ingress-lb']);
    expect(whoMustReach(kublr, values, { to: 'worker', port: 32768 }).sources).toEqual([]);
  });

  it('filters by protocol', () => {
    const values = valuesOf({ ingressLoadBalancer: true });
    const udp = whoMustReach(kublr, values, { to: 'worker', port: 31000, protocol: 'udp' });
    expect(keysOf(udp.flows)).toEqual(['ingress-lb-worker-node-ports/udp']);
    expect(whoMustReach(kublr, valuesOf(), { to: 'master', port: 443, protocol: 'udp' }).sources).toEqual([]);
    const dns = whoMustReach(kublr, valuesOf(), { to: 'internet', port: 53, protocol: 'tcp' });
    expect(keysOf(dns.flows)).toEqual(['node-internet-dns/tcp']);
  });

  it('IP-in-IP has no ports: found by protocol, never by port', () => {
    const values = valuesOf({ cni: 'calico' });
    const result = whoMustReach(kublr, values, { to: 'worker', protocol: 'ipip' });
    expect(result.sources).toEqual(['node']);
    expect(keysOf(result.flows)).toEqual(['calico-ipip']);
    expect(whoMustReach(kublr, values, { to: 'worker', port: 4 }).flows).toEqual([]);
  });

  it('with no port and no protocol, its flows are exactly resolveFlows(to)', () => {
    const values = valuesOf({ masterLoadBalancer: true, byoInfrastructure: true });
    for (const to of ROLES) {
      expect(whoMustReach(kublr, values, { to }).flows).toEqual(resolveFlows(kublr, values, { to }));
    }
  });

  it('nothing must reach a role no flow goes to', () => {
    expect(whoMustReach(kublr, valuesOf(), { to: 'kcp' })).toEqual({ sources: [], flows: [] });
  });

  it('throws UnknownRoleError for an unknown role', () => {
    expect(() => whoMustReach(kublr, valuesOf(), { to: 'gateway', port: 443 })).toThrow(UnknownRoleError);
  });
});

describe('flowMatrix', () => {
  const values = valuesOf({ cni: 'calico', byoInfrastructure: true });
  const matrix = flowMatrix(kublr, values);

  it('lists the roles in catalog order', () => {
    expect(matrix.roles).toEqual(ROLES);
  });

  it('the (worker, master) cell is the answer to "from worker to master"', () => {
    const cell = matrix.cells.find((c) => c.source === 'worker' && c.destination === 'master');
    expect(cell?.flows).toEqual(resolveFlows(kublr, values, { from: 'worker', to: 'master' }));
    expect(keysOf(cell?.flows ?? [])).toEqual([
      'calico-bgp',
      'calico-ipip',
      'calico-typha',
      'calico-vxlan',
      'kubelet-api',
      'worker-master-kubernetes-api',
      'worker-master-secret-store',
    ]);
  });

  it('has exactly the non-empty pairs, in catalog order, each equal to its query', () => {
    const expected = ROLES.flatMap((source) =>
      ROLES.map((destination) => ({
        source,
        destination,
        flows: resolveFlows(kublr, values, { from: source, to: destination }),
      })),
    ).filter((cell) => cell.flows.length > 0);
    expect(matrix.cells).toEqual(expected);
    expect(matrix.cells.some((cell) => cell.source === 'internet')).toBe(false);
  });

  it('a catalog without flows has roles and no cells', () => {
    const empty = compileCatalog(buildCatalog({ version: '1', roles: [{ id: 'b' }, { id: 'a' }], flows: [] }));
    expect(flowMatrix(empty, {})).toEqual({ roles: ['b', 'a'], cells: [] });
  });
});

describe('explainFlow', () => {
  it('canal-vxlan under calico does not apply, and says why', () => {
    const explanation = explainFlow(kublr, valuesOf({ cni: 'calico' }), 'canal-vxlan');
    expect(explanation.applies).toBe(false);
    expect(explanation.key).toBe('canal-vxlan');
    expect(explanation.condition).toEqual({
      source: 'cni == "canal"',
      canonical: 'cni == "canal"',
      parameters: { cni: 'calico' },
      result: false,
    });
    expect(explanation.row).toEqual({
      source: 'node',
      destination: 'node',
      protocol: 'udp',
      ports: '8472',
      condition: 'cni == "canal"',
      component: 'Canal',
      notes: '',
      section: 'Table 1. Node to Node (masters and workers)',
    });
    // The flows it would stand for, even though it does not apply.
    expect(explanation.flows).toHaveLength(1);
    expect(explanation.flows[0]).toMatchObject({ key: 'canal-vxlan', protocol: 'udp', fromPort: 8472, toPort: 8472 });
  });

  it('canal-vxlan under canal applies', () => {
    const explanation = explainFlow(kublr, valuesOf(), 'canal-vxlan');
    expect(explanation.applies).toBe(true);
    expect(explanation.condition.parameters).toEqual({ cni: 'canal' });
  });

  it('a row without a condition always applies and reads no parameter', () => {
    const explanation = explainFlow(kublr, valuesOf({ cni: 'weave', airGap: true }), 'kubelet-api');
    expect(explanation.applies).toBe(true);
    expect(explanation.condition).toEqual({ source: null, canonical: '', parameters: {}, result: true });
    expect(explanation.row.condition).toBeNull();
  });

  it('accepts the suffixed key of a tcp/udp flow and explains its row', () => {
    const explanation = explainFlow(kublr, valuesOf(), 'node-internet-dns/udp');
    expect(explanation.key).toBe('node-internet-dns');
    expect(explanation.row.protocol).toBe('tcp/udp');
    expect(explanation.applies).toBe(true);
    expect(explanation.condition.parameters).toEqual({ airGap: false });
    expect(keysOf(explanation.flows)).toEqual(['node-internet-dns/tcp', 'node-internet-dns/udp']);
    expect(explainFlow(kublr, valuesOf({ airGap: true }), 'node-internet-dns/tcp').applies).toBe(false);
  });

  it('shows a port parameter as written and its flows with the value', () => {
    const explanation = explainFlow(kublr, valuesOf({ nodePortRange: '32080' }), 'ingress-lb-worker-node-ports/tcp');
    expect(explanation.row.ports).toBe('${nodePortRange}');
    expect(explanation.applies).toBe(false);
    expect(explanation.condition.parameters).toEqual({ ingressLoadBalancer: false });
    expect(explanation.flows.map((flow) => [flow.key, flow.fromPort, flow.toPort])).toEqual([
      ['ingress-lb-worker-node-ports/tcp', 32080, 32080],
      ['ingress-lb-worker-node-ports/udp', 32080, 32080],
    ]);
  });

  it('throws UnknownFlowError for an unknown key, naming it', () => {
    for (const key of ['no-such-row', 'no-such-row/udp', 'canal', 'canal-vxlan/ipip', '']) {
      let caught: unknown;
      try {
        explainFlow(kublr, valuesOf(), key);
      } catch (error) {
        caught = error;
      }
      expect(caught, key).toBeInstanceOf(UnknownFlowError);
      expect((caught as UnknownFlowError).key).toBe(key);
    }
  });

  it('applies exactly when the row has flows in the unfiltered answer', () => {
    for (const overrides of [{}, { cni: 'calico', airGap: true, masterLoadBalancer: true }]) {
      const values = valuesOf(overrides);
      const rows = new Set(resolveFlows(kublr, values).flatMap((flow) => flow.rows));
      for (const row of kublr.definition.flows) {
        expect(explainFlow(kublr, values, row.key).applies, row.key).toBe(rows.has(row.key));
      }
    }
  });
});

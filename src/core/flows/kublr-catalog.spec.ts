import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalogDocument } from '../catalog/catalog-document';
import { resolveParameterValues } from '../parameters/parameter-values';
import { compileCatalog } from './compiled-catalog';
import { UnknownRoleError } from './flow-query.errors';
import { resolveFlows } from './resolve-flows';
import type { ResolvedFlow } from './resolved-flow';

/*
 * The bundled Kublr catalog checked against answers written by hand from the Network
 * Access document (Tables 1-5). Nothing below asks the engine to compute an expectation.
 */

const SEED_PATH = join(__dirname, '../../../prisma/seed/kublr-network-access.catalog.yaml');
const catalog = compileCatalog(parseCatalogDocument(readFileSync(SEED_PATH, 'utf8')));

type Cni = 'canal' | 'calico' | 'weave' | 'flannel';
const CNIS: readonly Cni[] = ['canal', 'calico', 'weave', 'flannel'];
const BOOLEANS = ['airGap', 'byoInfrastructure', 'masterLoadBalancer', 'ingressLoadBalancer'] as const;
type Flag = (typeof BOOLEANS)[number];
const ROLES = ['node', 'master', 'worker', 'master-lb', 'ingress-lb', 'kcp', 'internet', 'intranet', 'cloud-api'];

interface Settings {
  readonly cni: Cni;
  readonly airGap: boolean;
  readonly byoInfrastructure: boolean;
  readonly masterLoadBalancer: boolean;
  readonly ingressLoadBalancer: boolean;
  readonly nodePortRange: string;
}

/** The document's defaults: Canal, nothing else enabled, the usual NodePort range. */
const DEFAULTS: Settings = {
  cni: 'canal',
  airGap: false,
  byoInfrastructure: false,
  masterLoadBalancer: false,
  ingressLoadBalancer: false,
  nodePortRange: '30000-32767',
};

function valuesOf(overrides: Partial<Settings> = {}) {
  return resolveParameterValues(catalog.parameters, overrides);
}

/** A flow reduced to what the document says about it. */
interface Expected {
  readonly key: string;
  readonly source: string;
  readonly destination: string;
  readonly protocol: 'tcp' | 'udp' | 'ipip';
  readonly ipProtocolNumber: number;
  readonly fromPort: number | null;
  readonly toPort: number | null;
}

function project(flow: ResolvedFlow): Expected {
  const { key, source, destination, protocol, ipProtocolNumber, fromPort, toPort } = flow;
  return { key, source, destination, protocol, ipProtocolNumber, fromPort, toPort };
}

function query(settings: Partial<Settings>, from?: string, to?: string): Expected[] {
  return resolveFlows(catalog, valuesOf(settings), { from, to }).map(project);
}

const byKey = (a: Expected, b: Expected): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sortedByKey = (flows: readonly Expected[]): Expected[] => [...flows].sort(byKey);

const tcp = (key: string, source: string, destination: string, from: number, to = from): Expected => ({
  key,
  source,
  destination,
  protocol: 'tcp',
  ipProtocolNumber: 6,
  fromPort: from,
  toPort: to,
});
const udp = (key: string, source: string, destination: string, from: number, to = from): Expected => ({
  key,
  source,
  destination,
  protocol: 'udp',
  ipProtocolNumber: 17,
  fromPort: from,
  toPort: to,
});
const ipip = (key: string, source: string, destination: string): Expected => ({
  key,
  source,
  destination,
  protocol: 'ipip',
  ipProtocolNumber: 4,
  fromPort: null,
  toPort: null,
});
/** A "TCP/UDP" row of the document: one flow per protocol, keyed `<row>/tcp` and `<row>/udp`. */
const both = (key: string, source: string, destination: string, from: number, to = from): Expected[] => [
  tcp(`${key}/tcp`, source, destination, from, to),
  udp(`${key}/udp`, source, destination, from, to),
];

/** Table 1 (Node to Node) under each CNI; the Kubelet API row always applies. */
const KUBELET = tcp('kubelet-api', 'node', 'node', 10250);
const TABLE_1: Readonly<Record<Cni, readonly Expected[]>> = {
  canal: [KUBELET, udp('canal-vxlan', 'node', 'node', 8472), tcp('canal-typha', 'node', 'node', 5473)],
  calico: [
    KUBELET,
    ipip('calico-ipip', 'node', 'node'),
    tcp('calico-bgp', 'node', 'node', 179),
    udp('calico-vxlan', 'node', 'node', 8472),
    tcp('calico-typha', 'node', 'node', 5473),
  ],
  weave: [KUBELET, ...both('weave-control', 'node', 'node', 6783), udp('weave-data', 'node', 'node', 6784)],
  flannel: [KUBELET, udp('flannel-udp', 'node', 'node', 8285), udp('flannel-vxlan', 'node', 'node', 8472)],
};
const WORKER_MASTER_API = tcp('worker-master-kubernetes-api', 'worker', 'master', 443);
const WORKER_MASTER_SECRETS = tcp('worker-master-secret-store', 'worker', 'master', 11250);
const ETCD = [tcp('etcd-client', 'master', 'master', 2379), tcp('etcd-peer', 'master', 'master', 2380)];
const INTERNET = [
  ...both('node-internet-dns', 'node', 'internet', 53),
  tcp('node-internet-https', 'node', 'internet', 443),
];
const INTRANET = [
  ...both('node-intranet-dns', 'node', 'intranet', 53),
  tcp('node-intranet-repository', 'node', 'intranet', 443),
];
const MASTER_LB = tcp('master-lb-master-kubernetes-api', 'master-lb', 'master', 443);
const ingressLb = (from: number, to: number) => both('ingress-lb-worker-node-ports', 'ingress-lb', 'worker', from, to);
const KCP_API = tcp('kcp-master-kubernetes-api', 'kcp', 'master', 443);
const KCP_SECRETS = tcp('kcp-master-secret-store', 'kcp', 'master', 11250);
const KCP_CLOUD = tcp('kcp-cloud-api', 'kcp', 'cloud-api', 443);

/** Every combination of the CNI and the four booleans (64 settings). */
function allSettings(): Settings[] {
  const result: Settings[] = [];
  for (const cni of CNIS) {
    for (let bits = 0; bits < 16; bits += 1) {
      const flags = Object.fromEntries(BOOLEANS.map((name, index) => [name, (bits & (1 << index)) !== 0]));
      result.push({ ...DEFAULTS, ...(flags as Record<Flag, boolean>), cni });
    }
  }
  return result;
}

const describeSettings = (s: Settings): string =>
  `${s.cni}${BOOLEANS.filter((name) => s[name])
    .map((name) => ` +${name}`)
    .join('')}`;

describe('Kublr catalog: the document as loaded', () => {
  it('has the 9 roles and the 6 parameters of the document, in document order', () => {
    expect(catalog.definition.roles.map((role) => role.key)).toEqual(ROLES);
    expect(catalog.parameters.map((parameter) => parameter.name)).toEqual(['cni', ...BOOLEANS, 'nodePortRange']);
    expect(valuesOf()).toEqual(DEFAULTS);
  });

  it('has 24 rows from the 5 tables', () => {
    const perSection = new Map<string, number>();
    for (const flow of catalog.definition.flows) {
      perSection.set(flow.section, (perSection.get(flow.section) ?? 0) + 1);
    }
    expect(catalog.definition.flows).toHaveLength(24);
    expect(Object.fromEntries(perSection)).toEqual({
      'Table 1. Node to Node (masters and workers)': 11,
      'Table 2. Workers to Masters': 2,
      'Table 3. Master to Masters': 2,
      'Table 4. Other': 6,
      'Table 5. Kublr Control Plane': 3,
    });
  });
});

describe('Kublr Table 1: node to node, under each CNI', () => {
  for (const cni of CNIS) {
    it(`${cni}: worker -> worker is exactly the ${cni} rows and the Kubelet API`, () => {
      expect(sortedByKey(query({ cni }, 'worker', 'worker'))).toEqual(sortedByKey(TABLE_1[cni]));
    });

    it(`${cni}: every answer between nodes carries the same Table 1 flows`, () => {
      const table1 = sortedByKey(TABLE_1[cni]);
      expect(sortedByKey(query({ cni }, 'master', 'worker'))).toEqual(table1);
      expect(sortedByKey(query({ cni }, 'node', 'worker'))).toEqual(table1);
      // Node-to-node rows are part of every answer between nodes.
      for (const [from, to] of [
        ['node', 'node'],
        ['master', 'master'],
        ['worker', 'master'],
        ['master', 'node'],
      ]) {
        expect(sortedByKey(query({ cni }, from, to).filter((flow) => flow.source === 'node'))).toEqual(table1);
      }
    });

    it(`${cni}: no boolean parameter changes Table 1`, () => {
      for (const name of BOOLEANS) {
        for (const value of [true, false]) {
          expect(sortedByKey(query({ cni, [name]: value }, 'worker', 'worker'))).toEqual(sortedByKey(TABLE_1[cni]));
        }
      }
    });
  }

  it('calico: worker -> worker in content order (source, destination, protocol, ports)', () => {
    expect(query({ cni: 'calico' }, 'worker', 'worker')).toEqual([
      ipip('calico-ipip', 'node', 'node'),
      tcp('calico-bgp', 'node', 'node', 179),
      tcp('calico-typha', 'node', 'node', 5473),
      KUBELET,
      udp('calico-vxlan', 'node', 'node', 8472),
    ]);
  });

  it('weave: 6783/tcp, 6783/udp, 6784/udp and the Kubelet API, in content order', () => {
    expect(query({ cni: 'weave' }, 'worker', 'worker')).toEqual([
      tcp('weave-control/tcp', 'node', 'node', 6783),
      KUBELET,
      udp('weave-control/udp', 'node', 'node', 6783),
      udp('weave-data', 'node', 'node', 6784),
    ]);
  });

  it('flows written for node keep node as their source and destination', () => {
    for (const flow of query({ cni: 'calico' }, 'master', 'worker')) {
      expect([flow.source, flow.destination]).toEqual(['node', 'node']);
    }
  });
});

describe('Kublr Table 2: workers to masters', () => {
  for (const cni of CNIS) {
    for (const byoInfrastructure of [false, true]) {
      it(`${cni}, byoInfrastructure=${byoInfrastructure}: worker -> master is Table 1 + 443${byoInfrastructure ? ' + 11250' : ''}`, () => {
        const expected = [...TABLE_1[cni], WORKER_MASTER_API, ...(byoInfrastructure ? [WORKER_MASTER_SECRETS] : [])];
        expect(sortedByKey(query({ cni, byoInfrastructure }, 'worker', 'master'))).toEqual(sortedByKey(expected));
      });
    }
  }

  it('is one way: master -> worker has no Table 2 flows', () => {
    const flows = query({ byoInfrastructure: true }, 'master', 'worker');
    expect(flows.map((flow) => flow.key)).not.toContain('worker-master-kubernetes-api');
    expect(flows.map((flow) => flow.key)).not.toContain('worker-master-secret-store');
  });

  it('the other booleans do not change it', () => {
    for (const name of ['airGap', 'masterLoadBalancer', 'ingressLoadBalancer'] as const) {
      expect(sortedByKey(query({ [name]: true }, 'worker', 'master'))).toEqual(
        sortedByKey([...TABLE_1.canal, WORKER_MASTER_API]),
      );
    }
  });
});

describe('Kublr Table 3: master to masters', () => {
  for (const cni of CNIS) {
    it(`${cni}: master -> master is Table 1 + etcd 2379, 2380`, () => {
      expect(sortedByKey(query({ cni }, 'master', 'master'))).toEqual(sortedByKey([...TABLE_1[cni], ...ETCD]));
    });
  }

  it('etcd is for masters only: worker -> worker, worker -> master and master -> worker lack it', () => {
    for (const [from, to] of [
      ['worker', 'worker'],
      ['worker', 'master'],
      ['master', 'worker'],
    ]) {
      expect(query({}, from, to).map((flow) => flow.key)).not.toContain('etcd-client');
    }
  });

  it('no boolean changes it', () => {
    for (const name of BOOLEANS) {
      for (const value of [true, false]) {
        expect(sortedByKey(query({ [name]: value }, 'master', 'master'))).toEqual(
          sortedByKey([...TABLE_1.canal, ...ETCD]),
        );
      }
    }
  });
});

describe('Kublr Table 4: other', () => {
  for (const airGap of [false, true]) {
    for (const from of ['node', 'master', 'worker']) {
      it(`airGap=${airGap}: ${from} -> internet and ${from} -> intranet`, () => {
        expect(sortedByKey(query({ airGap }, from, 'internet'))).toEqual(airGap ? [] : sortedByKey(INTERNET));
        expect(sortedByKey(query({ airGap }, from, 'intranet'))).toEqual(airGap ? sortedByKey(INTRANET) : []);
      });
    }
  }

  it('DNS to the internet is 53 over both tcp and udp', () => {
    expect(query({}, 'worker', 'internet')).toEqual([
      tcp('node-internet-dns/tcp', 'node', 'internet', 53),
      tcp('node-internet-https', 'node', 'internet', 443),
      udp('node-internet-dns/udp', 'node', 'internet', 53),
    ]);
  });

  for (const masterLoadBalancer of [false, true]) {
    it(`masterLoadBalancer=${masterLoadBalancer}: master-lb -> master 443 ${masterLoadBalancer ? 'required' : 'absent'}`, () => {
      const expected = masterLoadBalancer ? [MASTER_LB] : [];
      expect(query({ masterLoadBalancer }, 'master-lb', 'master')).toEqual(expected);
      expect(query({ masterLoadBalancer }, 'master-lb', 'node')).toEqual(expected);
      expect(query({ masterLoadBalancer }, 'master-lb')).toEqual(expected);
      expect(query({ masterLoadBalancer }, 'master-lb', 'worker')).toEqual([]);
    });
  }

  for (const ingressLoadBalancer of [false, true]) {
    it(`ingressLoadBalancer=${ingressLoadBalancer}: ingress-lb -> worker NodePorts ${ingressLoadBalancer ? 'required' : 'absent'}`, () => {
      const expected = ingressLoadBalancer ? ingressLb(30000, 32767) : [];
      expect(query({ ingressLoadBalancer }, 'ingress-lb', 'worker')).toEqual(expected);
      expect(query({ ingressLoadBalancer }, 'ingress-lb', 'node')).toEqual(expected);
      expect(query({ ingressLoadBalancer }, 'ingress-lb', 'master')).toEqual([]);
    });
  }

  it('the NodePort range comes from nodePortRange: "32080" gives 32080-32080 over tcp and udp', () => {
    expect(query({ ingressLoadBalancer: true, nodePortRange: '32080' }, 'ingress-lb', 'worker')).toEqual(
      ingressLb(32080, 32080),
    );
    expect(query({ ingressLoadBalancer: true, nodePortRange: '32080-32080' }, 'ingress-lb', 'worker')).toEqual(
      ingressLb(32080, 32080),
    );
    expect(query({ ingressLoadBalancer: true, nodePortRange: '31000-31010' }, 'ingress-lb', 'worker')).toEqual(
      ingressLb(31000, 31010),
    );
  });

  it('nodePortRange matters only when the ingress LB is used', () => {
    expect(query({ nodePortRange: '32080' })).toEqual(query({}));
  });
});

describe('Kublr Table 5: Kublr Control Plane', () => {
  for (const byoInfrastructure of [false, true]) {
    it(`byoInfrastructure=${byoInfrastructure}: kcp -> master is 443${byoInfrastructure ? ' and 11250' : ' only'}`, () => {
      const expected = [KCP_API, ...(byoInfrastructure ? [KCP_SECRETS] : [])];
      expect(query({ byoInfrastructure }, 'kcp', 'master')).toEqual(expected);
      expect(query({ byoInfrastructure }, 'kcp', 'node')).toEqual(expected);
      expect(query({ byoInfrastructure }, 'kcp', 'cloud-api')).toEqual([KCP_CLOUD]);
      expect(query({ byoInfrastructure }, 'kcp', 'worker')).toEqual([]);
    });
  }

  it('kcp -> anything is the three rows, whatever the other parameters', () => {
    for (const name of ['airGap', 'masterLoadBalancer', 'ingressLoadBalancer'] as const) {
      for (const cni of CNIS) {
        expect(query({ [name]: true, cni }, 'kcp')).toEqual([KCP_CLOUD, KCP_API]);
      }
    }
    expect(query({ byoInfrastructure: true }, 'kcp')).toEqual([KCP_CLOUD, KCP_API, KCP_SECRETS]);
  });
});

describe('Kublr: roles nothing originates from, unknown roles', () => {
  it('from=internet, from=intranet and from=cloud-api are empty under every setting', () => {
    for (const settings of allSettings()) {
      for (const from of ['internet', 'intranet', 'cloud-api']) {
        expect(query(settings, from), `${describeSettings(settings)} from ${from}`).toEqual([]);
      }
    }
  });

  it('an unknown role throws UnknownRoleError naming it (and the known roles), on either end', () => {
    const values = valuesOf();
    for (const filter of [{ from: 'gateway' }, { to: 'gateway' }, { from: 'node', to: 'gateway' }]) {
      let caught: unknown;
      try {
        resolveFlows(catalog, values, filter);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnknownRoleError);
      const error = caught as UnknownRoleError;
      expect(error.role).toBe('gateway');
      expect(error.message).toContain('"gateway"');
      expect(error.known).toEqual(ROLES);
    }
    // Role keys are case-sensitive.
    expect(() => resolveFlows(catalog, values, { from: 'Node' })).toThrow(UnknownRoleError);
  });
});

/**
 * The hand-made reading of the document: every row with the roles it was written for,
 * its protocols and ports, and when it applies.
 */
interface DocumentRow {
  readonly key: string;
  readonly source: string;
  readonly destination: string;
  readonly protocols: readonly ('tcp' | 'udp' | 'ipip')[];
  /** [from, to]; null for IP-in-IP; 'nodePortRange' for the ingress row. */
  readonly ports: readonly [number, number] | null | 'nodePortRange';
  readonly when: (s: Settings) => boolean;
}

const always = (): boolean => true;
const cniIs =
  (cni: Cni) =>
  (s: Settings): boolean =>
    s.cni === cni;
const nodeRow = (
  key: string,
  protocols: DocumentRow['protocols'],
  port: number | null,
  when: DocumentRow['when'],
): DocumentRow => ({
  key,
  source: 'node',
  destination: 'node',
  protocols,
  ports: port === null ? null : [port, port],
  when,
});
const DOCUMENT: readonly DocumentRow[] = [
  nodeRow('kubelet-api', ['tcp'], 10250, always),
  nodeRow('canal-vxlan', ['udp'], 8472, cniIs('canal')),
  nodeRow('canal-typha', ['tcp'], 5473, cniIs('canal')),
  nodeRow('calico-ipip', ['ipip'], null, cniIs('calico')),
  nodeRow('calico-bgp', ['tcp'], 179, cniIs('calico')),
  nodeRow('calico-vxlan', ['udp'], 8472, cniIs('calico')),
  nodeRow('calico-typha', ['tcp'], 5473, cniIs('calico')),
  nodeRow('weave-control', ['tcp', 'udp'], 6783, cniIs('weave')),
  nodeRow('weave-data', ['udp'], 6784, cniIs('weave')),
  nodeRow('flannel-udp', ['udp'], 8285, cniIs('flannel')),
  nodeRow('flannel-vxlan', ['udp'], 8472, cniIs('flannel')),
  {
    key: 'worker-master-kubernetes-api',
    source: 'worker',
    destination: 'master',
    protocols: ['tcp'],
    ports: [443, 443],
    when: always,
  },
  {
    key: 'worker-master-secret-store',
    source: 'worker',
    destination: 'master',
    protocols: ['tcp'],
    ports: [11250, 11250],
    when: (s) => s.byoInfrastructure,
  },
  {
    key: 'etcd-client',
    source: 'master',
    destination: 'master',
    protocols: ['tcp'],
    ports: [2379, 2379],
    when: always,
  },
  { key: 'etcd-peer', source: 'master', destination: 'master', protocols: ['tcp'], ports: [2380, 2380], when: always },
  {
    key: 'node-internet-dns',
    source: 'node',
    destination: 'internet',
    protocols: ['tcp', 'udp'],
    ports: [53, 53],
    when: (s) => !s.airGap,
  },
  {
    key: 'node-internet-https',
    source: 'node',
    destination: 'internet',
    protocols: ['tcp'],
    ports: [443, 443],
    when: (s) => !s.airGap,
  },
  {
    key: 'node-intranet-dns',
    source: 'node',
    destination: 'intranet',
    protocols: ['tcp', 'udp'],
    ports: [53, 53],
    when: (s) => s.airGap,
  },
  {
    key: 'node-intranet-repository',
    source: 'node',
    destination: 'intranet',
    protocols: ['tcp'],
    ports: [443, 443],
    when: (s) => s.airGap,
  },
  {
    key: 'master-lb-master-kubernetes-api',
    source: 'master-lb',
    destination: 'master',
    protocols: ['tcp'],
    ports: [443, 443],
    when: (s) => s.masterLoadBalancer,
  },
  {
    key: 'ingress-lb-worker-node-ports',
    source: 'ingress-lb',
    destination: 'worker',
    protocols: ['tcp', 'udp'],
    ports: 'nodePortRange',
    when: (s) => s.ingressLoadBalancer,
  },
  {
    key: 'kcp-master-kubernetes-api',
    source: 'kcp',
    destination: 'master',
    protocols: ['tcp'],
    ports: [443, 443],
    when: always,
  },
  {
    key: 'kcp-cloud-api',
    source: 'kcp',
    destination: 'cloud-api',
    protocols: ['tcp'],
    ports: [443, 443],
    when: always,
  },
  {
    key: 'kcp-master-secret-store',
    source: 'kcp',
    destination: 'master',
    protocols: ['tcp'],
    ports: [11250, 11250],
    when: (s) => s.byoInfrastructure,
  },
];

/**
 * Which written roles a query role stands for, read from the document: a node is a master
 * or a worker, so `node` covers master and worker flows, and a master or a worker is a node.
 */
const MATCHES: Readonly<Record<string, readonly string[]>> = {
  node: ['node', 'master', 'worker'],
  master: ['master', 'node'],
  worker: ['worker', 'node'],
  'master-lb': ['master-lb'],
  'ingress-lb': ['ingress-lb'],
  kcp: ['kcp'],
  internet: ['internet'],
  intranet: ['intranet'],
  'cloud-api': ['cloud-api'],
};

/** The expected answer to "from A to B" under the settings, from the reading above. */
function expectedFlows(settings: Settings, from: string, to: string): Expected[] {
  const [low, high] = settings.nodePortRange.split('-').map(Number);
  const range = (ports: DocumentRow['ports']): [number | null, number | null] =>
    ports === null ? [null, null] : ports === 'nodePortRange' ? [low, high ?? low] : [ports[0], ports[1]];
  const numbers = { tcp: 6, udp: 17, ipip: 4 } as const;
  return DOCUMENT.filter(
    (row) => row.when(settings) && MATCHES[from].includes(row.source) && MATCHES[to].includes(row.destination),
  ).flatMap((row) =>
    row.protocols.map((protocol) => {
      const [fromPort, toPort] = range(row.ports);
      return {
        key: row.protocols.length > 1 ? `${row.key}/${protocol}` : row.key,
        source: row.source,
        destination: row.destination,
        protocol,
        ipProtocolNumber: numbers[protocol],
        fromPort,
        toPort,
      };
    }),
  );
}

const expectedKeys = (...groups: (readonly string[])[]): string[] => groups.flat().sort();

describe('Kublr: every pair of roles', () => {
  const table1 = ['kubelet-api', 'canal-vxlan', 'canal-typha'];
  const workerMaster = ['worker-master-kubernetes-api'];
  const etcd = ['etcd-client', 'etcd-peer'];
  const internet = ['node-internet-dns/tcp', 'node-internet-dns/udp', 'node-internet-https'];
  const kcpMaster = ['kcp-master-kubernetes-api'];
  /** Under the defaults, the non-empty answers; every other pair of the 81 is empty. */
  const DEFAULT_CELLS: Readonly<Record<string, readonly string[]>> = {
    'node node': expectedKeys(table1, workerMaster, etcd),
    'node master': expectedKeys(table1, workerMaster, etcd),
    'node worker': expectedKeys(table1),
    'master node': expectedKeys(table1, etcd),
    'master master': expectedKeys(table1, etcd),
    'master worker': expectedKeys(table1),
    'worker node': expectedKeys(table1, workerMaster),
    'worker master': expectedKeys(table1, workerMaster),
    'worker worker': expectedKeys(table1),
    'node internet': expectedKeys(internet),
    'master internet': expectedKeys(internet),
    'worker internet': expectedKeys(internet),
    'kcp node': kcpMaster,
    'kcp master': kcpMaster,
    'kcp cloud-api': ['kcp-cloud-api'],
  };

  it('under the defaults, each of the 81 pairs gives the hand-written keys', () => {
    const values = valuesOf();
    for (const from of ROLES) {
      for (const to of ROLES) {
        const keys = resolveFlows(catalog, values, { from, to })
          .map((flow) => flow.key)
          .sort();
        expect(keys, `${from} -> ${to}`).toEqual(DEFAULT_CELLS[`${from} ${to}`] ?? []);
      }
    }
  });

  it('under all 64 settings of cni and the booleans, each pair gives the flows read from the document', () => {
    for (const settings of allSettings()) {
      const values = valuesOf(settings);
      for (const from of ROLES) {
        for (const to of ROLES) {
          const actual = resolveFlows(catalog, values, { from, to }).map(project);
          expect(sortedByKey(actual), `${describeSettings(settings)}: ${from} -> ${to}`).toEqual(
            sortedByKey(expectedFlows(settings, from, to)),
          );
        }
      }
    }
  });

  it('with no filter, the whole catalog under a setting is the rows that apply', () => {
    for (const settings of [
      DEFAULTS,
      { ...DEFAULTS, cni: 'weave' as const, ingressLoadBalancer: true, nodePortRange: '32080' },
    ]) {
      const everything = DOCUMENT.filter((row) => row.when(settings)).flatMap((row) =>
        row.protocols.map((protocol) => (row.protocols.length > 1 ? `${row.key}/${protocol}` : row.key)),
      );
      expect(
        query(settings)
          .map((flow) => flow.key)
          .sort(),
      ).toEqual(everything.sort());
    }
  });

  it('answers are ordered by content: source, destination, protocol, then ports', () => {
    const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const order = (a: Expected, b: Expected): number =>
      text(a.source, b.source) ||
      text(a.destination, b.destination) ||
      text(a.protocol, b.protocol) ||
      (a.fromPort ?? -1) - (b.fromPort ?? -1) ||
      (a.toPort ?? -1) - (b.toPort ?? -1);
    for (const settings of allSettings()) {
      const flows = query(settings);
      expect(flows).toEqual([...flows].sort(order));
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCondition } from '../src/core/conditions';
import type { CatalogDefinition, FlowDefinition } from '../src/core/catalog/catalog-definition';
import type { ParameterValues } from '../src/core/parameters/parameter.types';
import { CatalogService } from '../src/modules/catalogs/catalog.service';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The five tables of the Network Access document, cell by cell as a person reads them,
 * checked against what the service stored at first start. Conditions are compared by
 * meaning: each row's condition must hold for exactly the cluster profiles the document's
 * "Conditions" cell describes, over every combination of parameter values.
 */
type Profile = {
  cni: string;
  airGap: boolean;
  byoInfrastructure: boolean;
  masterLoadBalancer: boolean;
  ingressLoadBalancer: boolean;
};

const always = () => true;
const cni = (name: string) => (p: Profile) => p.cni === name;
const DOCUMENT: Array<{
  table: string;
  port: string;
  protocol: string;
  source: string;
  destination: string;
  appliesWhen: (p: Profile) => boolean;
  note: string;
}> = [
  // Table 1. Node to Node (masters and workers)
  {
    table: 'Table 1',
    port: '10250',
    protocol: 'TCP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: always,
    note: 'Kubelet API',
  },
  {
    table: 'Table 1',
    port: '8472',
    protocol: 'UDP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('canal'),
    note: 'Canal',
  },
  {
    table: 'Table 1',
    port: '5473',
    protocol: 'TCP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('canal'),
    note: 'Calico Typha',
  },
  {
    table: 'Table 1',
    port: '4 (IP-in-IP)',
    protocol: '',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('calico'),
    note: 'Calico IP-in-IP',
  },
  {
    table: 'Table 1',
    port: '179',
    protocol: 'TCP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('calico'),
    note: 'Calico BGP',
  },
  {
    table: 'Table 1',
    port: '8472',
    protocol: 'UDP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('calico'),
    note: 'Calico VXLAN/Flannel',
  },
  {
    table: 'Table 1',
    port: '5473',
    protocol: 'TCP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('calico'),
    note: 'Calico Typha',
  },
  {
    table: 'Table 1',
    port: '6783',
    protocol: 'TCP/UDP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('weave'),
    note: 'Weave',
  },
  {
    table: 'Table 1',
    port: '6784',
    protocol: 'UDP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('weave'),
    note: 'Weave',
  },
  {
    table: 'Table 1',
    port: '8285',
    protocol: 'UDP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('flannel'),
    note: 'Flannel',
  },
  {
    table: 'Table 1',
    port: '8472',
    protocol: 'UDP',
    source: 'Node',
    destination: 'Node',
    appliesWhen: cni('flannel'),
    note: 'Flannel',
  },
  // Table 2. Workers to Masters
  {
    table: 'Table 2',
    port: '443',
    protocol: 'TCP',
    source: 'Workers',
    destination: 'Masters',
    appliesWhen: always,
    note: 'Kubernetes API',
  },
  {
    table: 'Table 2',
    port: '11250',
    protocol: 'TCP',
    source: 'Workers',
    destination: 'Masters',
    appliesWhen: (p) => p.byoInfrastructure,
    note: 'secret store',
  },
  // Table 3. Master to Masters
  {
    table: 'Table 3',
    port: '2379',
    protocol: 'TCP',
    source: 'Master',
    destination: 'Masters',
    appliesWhen: always,
    note: 'Etcd',
  },
  {
    table: 'Table 3',
    port: '2380',
    protocol: 'TCP',
    source: 'Master',
    destination: 'Masters',
    appliesWhen: always,
    note: 'Etcd',
  },
  // Table 4. Other
  {
    table: 'Table 4',
    port: '53',
    protocol: 'TCP/UDP',
    source: 'Node',
    destination: 'Internet',
    appliesWhen: (p) => !p.airGap,
    note: 'DNS',
  },
  {
    table: 'Table 4',
    port: '443',
    protocol: 'TCP',
    source: 'Node',
    destination: 'Internet',
    appliesWhen: (p) => !p.airGap,
    note: 'HTTPS to binary repositories',
  },
  {
    table: 'Table 4',
    port: '53',
    protocol: 'TCP/UDP',
    source: 'Node',
    destination: 'Intranet',
    appliesWhen: (p) => p.airGap,
    note: 'Intra-organizational DNS',
  },
  {
    table: 'Table 4',
    port: '443',
    protocol: 'TCP',
    source: 'Node',
    destination: 'Intranet',
    appliesWhen: (p) => p.airGap,
    note: 'Intra-organizational binary repository(ies)',
  },
  {
    table: 'Table 4',
    port: '443',
    protocol: 'TCP',
    source: 'Master LB',
    destination: 'Master',
    appliesWhen: (p) => p.masterLoadBalancer,
    note: 'master LB must have access to masters',
  },
  {
    table: 'Table 4',
    port: '30000-32767',
    protocol: 'TCP/UDP',
    source: 'Ingress LB',
    destination: 'Workers',
    appliesWhen: (p) => p.ingressLoadBalancer,
    note: 'NodePort port range',
  },
  // Table 5. Kublr Control Plane
  {
    table: 'Table 5',
    port: '443',
    protocol: 'TCP',
    source: 'KCP Nodes',
    destination: 'Managed Clusters’ K8S API',
    appliesWhen: always,
    note: 'K8S clusters’ API',
  },
  {
    table: 'Table 5',
    port: '443',
    protocol: 'TCP',
    source: 'KCP Nodes',
    destination: 'Cloud/infra API',
    appliesWhen: always,
    note: 'cloud/infrastructure providers’ API',
  },
  {
    table: 'Table 5',
    port: '11250',
    protocol: 'TCP',
    source: 'KCP Nodes',
    destination: 'Managed Clusters’ Masters',
    appliesWhen: (p) => p.byoInfrastructure,
    note: 'secret store',
  },
];

/** The document's names for endpoints, and the role each one is in the catalog. */
const ROLE_OF: Record<string, string> = {
  Node: 'node',
  Workers: 'worker',
  Master: 'master',
  Masters: 'master',
  Internet: 'internet',
  Intranet: 'intranet',
  'Master LB': 'master-lb',
  'Ingress LB': 'ingress-lb',
  'KCP Nodes': 'kcp',
  'Managed Clusters’ K8S API': 'master',
  'Managed Clusters’ Masters': 'master',
  'Cloud/infra API': 'cloud-api',
};

const PROFILES: Profile[] = ['canal', 'calico', 'weave', 'flannel'].flatMap((cniName) =>
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((bits) => ({
    cni: cniName,
    airGap: (bits & 1) !== 0,
    byoInfrastructure: (bits & 2) !== 0,
    masterLoadBalancer: (bits & 4) !== 0,
    ingressLoadBalancer: (bits & 8) !== 0,
  })),
);

let t: TestApp;
let catalog: CatalogDefinition;

beforeAll(async () => {
  t = await createTestApp();
  catalog = await t.app.get(CatalogService).loadDefinition('latest');
});

afterAll(async () => {
  await t?.close();
});

function portsAndProtocol(flow: FlowDefinition, values: ParameterValues): string {
  const protocol = flow.protocol === 'ipip' ? '' : flow.protocol.toUpperCase();
  switch (flow.ports.kind) {
    case 'none':
      return `${flow.protocol === 'ipip' ? '4 (IP-in-IP)' : '?'}|${protocol}`;
    case 'range':
      return `${flow.ports.from === flow.ports.to ? flow.ports.from : `${flow.ports.from}-${flow.ports.to}`}|${protocol}`;
    case 'parameter':
      return `${String(values[flow.ports.name])}|${protocol}`;
  }
}

describe('the Kublr catalog loaded at first start', () => {
  it('has exactly one flow per row of the document, in document order', () => {
    expect(catalog.flows).toHaveLength(DOCUMENT.length);
    const defaults = Object.fromEntries(catalog.parameters.map((p) => [p.name, p.defaultValue!]));
    catalog.flows.forEach((flow, index) => {
      const row = DOCUMENT[index];
      expect(flow.section, flow.key).toContain(row.table);
      expect(portsAndProtocol(flow, defaults), flow.key).toBe(`${row.port}|${row.protocol}`);
      expect(flow.source, flow.key).toBe(ROLE_OF[row.source]);
      expect(flow.destination, flow.key).toBe(ROLE_OF[row.destination]);
      expect(`${flow.component} ${flow.notes}`, flow.key).toContain(row.note);
    });
  });

  it('applies each row under exactly the profiles its Conditions cell names', () => {
    catalog.flows.forEach((flow, index) => {
      const condition = compileCondition(flow.condition, catalog.parameters);
      for (const profile of PROFILES) {
        const values = { ...profile, nodePortRange: '30000-32767' };
        expect(condition.evaluate(values), `${flow.key} under ${JSON.stringify(profile)}`).toBe(
          DOCUMENT[index].appliesWhen(profile),
        );
      }
    });
  });

  it('declares the parameters of the contract with their defaults', () => {
    expect(
      catalog.parameters.map(({ name, type, values, defaultValue }) => ({ name, type, values, defaultValue })),
    ).toEqual([
      { name: 'cni', type: 'enum', values: ['canal', 'calico', 'weave', 'flannel'], defaultValue: 'canal' },
      { name: 'airGap', type: 'boolean', values: undefined, defaultValue: false },
      { name: 'byoInfrastructure', type: 'boolean', values: undefined, defaultValue: false },
      { name: 'masterLoadBalancer', type: 'boolean', values: undefined, defaultValue: false },
      { name: 'ingressLoadBalancer', type: 'boolean', values: undefined, defaultValue: false },
      { name: 'nodePortRange', type: 'portRange', values: undefined, defaultValue: '30000-32767' },
    ]);
  });

  it('makes node stand for master and worker, and every other role a leaf', () => {
    const includes = Object.fromEntries(catalog.roles.map((role) => [role.key, role.includes]));
    expect(includes).toEqual({
      node: ['master', 'worker'],
      master: [],
      worker: [],
      'master-lb': [],
      'ingress-lb': [],
      kcp: [],
      internet: [],
      intranet: [],
      'cloud-api': [],
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLiteral } from '../conditions';
import { ONE_LINE, TEXT } from './catalog-document.schema';
import type {
  CatalogDefinition,
  FlowDefinition,
  FlowPorts,
  FlowProtocolSpec,
  ParameterDefinition,
  RoleDefinition,
} from './catalog-definition';
import {
  buildCatalog,
  deriveFlowKey,
  formatFlowPorts,
  InvalidCatalogError,
  parseCatalogDocument,
  toCatalogDocument,
  toCatalogYaml,
  type CatalogProblem,
} from './catalog-document';

const SEED_PATH = join(__dirname, '../../../prisma/seed/kublr-network-access.catalog.yaml');
const seedText = readFileSync(SEED_PATH, 'utf8');

/** A small valid document, as plain data; tests copy and break it. */
function baseDocument(): {
  version: string;
  roles: Record<string, unknown>[];
  parameters: Record<string, unknown>[];
  flows: Record<string, unknown>[];
  [field: string]: unknown;
} {
  return {
    version: '1.0.0',
    roles: [{ id: 'node', includes: ['master', 'worker'] }, { id: 'master' }, { id: 'worker' }],
    parameters: [
      {
        name: 'cni',
        type: 'enum',
        values: ['canal', 'calico'],
        default: 'canal',
      },
      { name: 'airGap', type: 'boolean', default: false },
      { name: 'nodePortRange', type: 'portRange', default: '30000-32767' },
    ],
    flows: [
      {
        key: 'kubelet',
        source: 'node',
        destination: 'node',
        protocol: 'tcp',
        ports: '10250',
      },
    ],
  };
}

/** A document with one flow, the base flow's fields overridden by `fields`. */
function withFlow(fields: Record<string, unknown>): ReturnType<typeof baseDocument> {
  const document = baseDocument();
  document.flows = [{ ...document.flows[0], ...fields }];
  return document;
}

/** The problems parsing `input` (YAML text, or data written as JSON text) reports. */
function problemsOf(input: string | object): readonly CatalogProblem[] {
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  try {
    parseCatalogDocument(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCatalogError);
    return (error as InvalidCatalogError).problems;
  }
  throw new Error('the document was accepted');
}

function expectProblem(input: string | object, path: string, message: string): void {
  expect(problemsOf(input)).toContainEqual({
    path,
    message: expect.stringContaining(message),
  });
}

describe('parseCatalogDocument: the bundled Kublr catalog', () => {
  const catalog = parseCatalogDocument(seedText);
  const flow = (key: string): FlowDefinition | undefined => catalog.flows.find((f) => f.key === key);

  it('has the transcribed size', () => {
    expect(catalog.version).toBe('1.30.0');
    expect(catalog.flows).toHaveLength(24);
    expect(catalog.roles).toHaveLength(9);
    expect(catalog.parameters).toHaveLength(6);
    expect(new Set(catalog.flows.map((f) => f.key)).size).toBe(24);
  });

  it('reads roles with their inclusions', () => {
    expect(catalog.roles[0]).toEqual({
      key: 'node',
      name: 'Node',
      description: 'A master or a worker node of a cluster.',
      includes: ['master', 'worker'],
      kind: 'host',
      defaultCidrs: [],
    });
    expect(catalog.roles.find((r) => r.key === 'worker')?.includes).toEqual([]);
  });

  it('says which roles are hosts, load balancers and outside, and where the Internet is', () => {
    expect(Object.fromEntries(catalog.roles.map((role) => [role.key, role.kind]))).toEqual({
      node: 'host',
      master: 'host',
      worker: 'host',
      'master-lb': 'loadBalancer',
      'ingress-lb': 'loadBalancer',
      kcp: 'host',
      internet: 'external',
      intranet: 'external',
      'cloud-api': 'external',
    });
    expect(catalog.roles.find((r) => r.key === 'internet')?.defaultCidrs).toEqual(['0.0.0.0/0', '::/0']);
    expect(catalog.roles.find((r) => r.key === 'intranet')?.defaultCidrs).toEqual([]);
  });

  it('reads parameters with their types and defaults', () => {
    expect(catalog.parameters.map((p) => [p.name, p.type, p.defaultValue])).toEqual([
      ['cni', 'enum', 'canal'],
      ['airGap', 'boolean', false],
      ['byoInfrastructure', 'boolean', false],
      ['masterLoadBalancer', 'boolean', false],
      ['ingressLoadBalancer', 'boolean', false],
      ['nodePortRange', 'portRange', '30000-32767'],
    ]);
    expect(catalog.parameters[0].values).toEqual(['canal', 'calico', 'weave', 'flannel']);
  });

  it('reads IP-in-IP as a protocol without ports', () => {
    expect(flow('calico-ipip')).toMatchObject({
      protocol: 'ipip',
      ports: { kind: 'none' },
      condition: 'cni == "calico"',
    });
  });

  it('reads "${nodePortRange}" as ports taken from a parameter', () => {
    expect(flow('ingress-lb-worker-node-ports')).toMatchObject({
      protocol: 'tcp/udp',
      ports: { kind: 'parameter', name: 'nodePortRange' },
      condition: 'ingressLoadBalancer',
    });
  });

  it('reads a row without a condition as always applying', () => {
    expect(flow('kubelet-api')).toEqual({
      key: 'kubelet-api',
      source: 'node',
      destination: 'node',
      protocol: 'tcp',
      ports: { kind: 'range', from: 10250, to: 10250 },
      condition: null,
      component: 'Kubelet API',
      notes: '',
      section: 'Table 1. Node to Node (masters and workers)',
    });
  });
});

describe('toCatalogYaml / toCatalogDocument round trip', () => {
  const catalog = parseCatalogDocument(seedText);

  it('parses the exported YAML back to the same catalog', () => {
    expect(parseCatalogDocument(toCatalogYaml(catalog))).toEqual(catalog);
  });

  it('exports the same YAML again from the re-parsed catalog', () => {
    const yaml = toCatalogYaml(catalog);
    expect(toCatalogYaml(parseCatalogDocument(yaml))).toBe(yaml);
  });

  it('parses the exported document written as JSON back to the same catalog', () => {
    const json = JSON.stringify(toCatalogDocument(catalog));
    expect(JSON.parse(json)).toMatchObject({ version: '1.30.0' });
    expect(parseCatalogDocument(json)).toEqual(catalog);
    expect(buildCatalog(JSON.parse(json))).toEqual(catalog);
  });

  it('writes ports the way documents do', () => {
    const document = toCatalogDocument(catalog) as {
      flows: { key: string; ports?: unknown }[];
    };
    const flow = (key: string) => document.flows.find((f) => f.key === key);
    expect(flow('kubelet-api')?.ports).toBe('10250');
    expect(flow('ingress-lb-worker-node-ports')?.ports).toBe('${nodePortRange}');
    expect(flow('calico-ipip')).toBeDefined();
    expect(flow('calico-ipip')).not.toHaveProperty('ports');
  });
});

describe('parseCatalogDocument: documents it accepts', () => {
  it('accepts the base document of these tests', () => {
    expect(parseCatalogDocument(JSON.stringify(baseDocument())).flows).toHaveLength(1);
  });

  it('derives a key for a flow written without one', () => {
    const { key: _ignored, ...keyless } = baseDocument().flows[0];
    const document = {
      ...baseDocument(),
      flows: [{ ...keyless, protocol: 'tcp/udp', ports: '53', component: 'DNS' }],
    };
    expect(parseCatalogDocument(JSON.stringify(document)).flows[0].key).toBe('node-node-tcp-udp-53-dns');
  });

  it('accepts ports written as a number, with spaces, or as a spaced parameter reference', () => {
    const read = (ports: unknown): FlowPorts =>
      parseCatalogDocument(JSON.stringify(withFlow({ ports }))).flows[0].ports;
    expect(read(443)).toEqual({ kind: 'range', from: 443, to: 443 });
    expect(read(' 30000-32767 ')).toEqual({
      kind: 'range',
      from: 30000,
      to: 32767,
    });
    expect(read('${ nodePortRange }')).toEqual({
      kind: 'parameter',
      name: 'nodePortRange',
    });
  });

  it('trims a condition and reads a blank one as none', () => {
    const read = (condition: string): string | null =>
      parseCatalogDocument(JSON.stringify(withFlow({ condition }))).flows[0].condition;
    expect(read('  !airGap ')).toBe('!airGap');
    expect(read('   ')).toBeNull();
  });

  it('fills in defaults for optional fields', () => {
    const catalog = parseCatalogDocument(JSON.stringify(baseDocument()));
    expect(catalog).toMatchObject({ title: '', notes: '' });
    expect(catalog.roles[1]).toEqual({
      key: 'master',
      name: 'master',
      description: '',
      includes: [],
      kind: 'host',
      defaultCidrs: [],
    });
    expect(catalog.flows[0]).toMatchObject({
      component: '',
      notes: '',
      section: '',
      condition: null,
    });
  });
});

describe('parseCatalogDocument: documents it rejects', () => {
  it('rejects an unknown field, at any level', () => {
    expectProblem({ ...baseDocument(), flow: [] }, '', 'unknown field "flow"');
    const document = baseDocument();
    document.roles[1] = { id: 'master', colour: 'red' };
    expectProblem(document, '/roles/1', 'unknown field "colour"');
  });

  it('rejects an unknown role kind, mixed kinds in an inclusion, and default networks where they mean nothing', () => {
    const unknownKind = baseDocument();
    unknownKind.roles[1] = { id: 'master', kind: 'router' };
    expectProblem(unknownKind, '/roles/1/kind', 'must be one of host, loadBalancer, external');
    const mixed = baseDocument();
    mixed.roles[2] = { id: 'worker', kind: 'external' };
    expectProblem(mixed, '/roles/0/includes/1', 'role "node" (host) includes "worker" (external)');
    const hostDefaults = baseDocument();
    hostDefaults.roles[1] = { id: 'master', defaultCidrs: ['10.0.0.0/8'] };
    expectProblem(hostDefaults, '/roles/1/defaultCidrs', 'only external roles have default networks');
    const badCidr = baseDocument();
    badCidr.roles.push({ id: 'internet', kind: 'external', defaultCidrs: ['0.0.0.0/0', '300.1.1.1/8'] });
    expectProblem(badCidr, '/roles/3/defaultCidrs/1', '"300.1.1.1/8" is not an IPv4 or IPv6 network');
  });

  it('rejects a document without a version', () => {
    const { version: _ignored, ...document } = baseDocument();
    expectProblem(document, '', 'missing field "version"');
  });

  it('rejects a flow from an unknown role', () => {
    expectProblem(withFlow({ source: 'ghost' }), '/flows/0/source', 'unknown role "ghost"');
    expectProblem(withFlow({ destination: 'ghost' }), '/flows/0/destination', 'unknown role "ghost"');
  });

  it('rejects a role that includes an unknown role', () => {
    const document = baseDocument();
    document.roles[0] = { id: 'node', includes: ['master', 'ghost'] };
    expectProblem(document, '/roles/0/includes/1', 'role "node" includes unknown role "ghost"');
  });

  it('rejects roles that include each other', () => {
    const document = baseDocument();
    document.roles.push({ id: 'a', includes: ['b'] }, { id: 'b', includes: ['a'] });
    expectProblem(document, '/roles', 'cycle: a -> b -> a');
  });

  it('rejects a role declared twice', () => {
    const document = baseDocument();
    document.roles.push({ id: 'worker', name: 'Worker again' });
    expectProblem(document, '/roles/3/id', 'role "worker" is declared more than once');
  });

  it('rejects a parameter declared twice', () => {
    const document = baseDocument();
    document.parameters.push({ name: 'airGap', type: 'boolean' });
    expectProblem(document, '/parameters/3/name', 'parameter "airGap" is declared more than once');
  });

  it('rejects two flows with the same key', () => {
    const document = baseDocument();
    document.flows.push({
      key: 'kubelet',
      source: 'master',
      destination: 'master',
      protocol: 'tcp',
      ports: '2379',
    });
    expectProblem(document, '/flows/1/key', 'flow key "kubelet" is used by /flows/0 too');
  });

  it('rejects a port outside 1-65535', () => {
    expectProblem(withFlow({ ports: '70000' }), '/flows/0/ports', 'port 70000 is outside 1-65535');
    expectProblem(withFlow({ ports: 70000 }), '/flows/0/ports', 'port 70000 is outside 1-65535');
  });

  it('rejects a port range written backwards', () => {
    expectProblem(withFlow({ ports: '200-100' }), '/flows/0/ports', 'range 200-100 is written backwards');
  });

  it('rejects ports on IP-in-IP', () => {
    expectProblem(
      withFlow({ protocol: 'ipip', ports: '4' }),
      '/flows/0/ports',
      'protocol ipip (IP protocol 4) has no ports',
    );
  });

  it('rejects a TCP or UDP flow without ports', () => {
    const { ports: _ignored, ...portless } = baseDocument().flows[0];
    expectProblem({ ...baseDocument(), flows: [portless] }, '/flows/0/ports', 'protocol tcp needs ports');
    expectProblem(withFlow({ protocol: 'udp', ports: ' ' }), '/flows/0/ports', 'protocol udp needs ports');
  });

  it('rejects ports naming an unknown parameter', () => {
    expectProblem(withFlow({ ports: '${unknownParam}' }), '/flows/0/ports', 'unknown parameter "unknownParam"');
  });

  it('rejects ports naming a parameter that is not a port range', () => {
    expectProblem(withFlow({ ports: '${cni}' }), '/flows/0/ports', 'ports name parameter "cni"');
    expectProblem(withFlow({ ports: '${cni}' }), '/flows/0/ports', 'not a portRange');
  });

  it('rejects a condition on an unknown parameter', () => {
    expectProblem(
      withFlow({ condition: 'byoInfrastructure' }),
      '/flows/0/condition',
      'unknown parameter "byoInfrastructure"',
    );
  });

  it('rejects a condition comparing values of different types', () => {
    expectProblem(withFlow({ condition: 'cni == true' }), '/flows/0/condition', 'cannot be compared with true');
  });

  it('rejects a condition that calls a function', () => {
    expectProblem(withFlow({ condition: 'exec("rm")' }), '/flows/0/condition', 'function calls are not supported');
  });

  it('rejects text that is not YAML', () => {
    expectProblem('version: [1.0\nroles: {', '', 'not valid YAML or JSON');
    expectProblem('{"version": "1", "roles": [], "flows": []', '', 'not valid YAML or JSON');
  });

  it('rejects a mapping that repeats a key', () => {
    expectProblem('version: "1"\nversion: "2"\nroles: []\nflows: []\n', '', 'not valid YAML or JSON');
  });

  it('rejects an enum whose default is not among its values', () => {
    const document = baseDocument();
    document.parameters[0] = {
      name: 'cni',
      type: 'enum',
      values: ['canal', 'calico'],
      default: 'weave',
    };
    expectProblem(document, '/parameters/0', 'must be one of canal, calico');
  });

  it('rejects a document that is not a mapping, or larger than 5 MiB', () => {
    expect(problemsOf('- a\n- b\n')).toEqual([{ path: '', message: 'must be object' }]);
    expectProblem('x'.repeat(5 * 1024 * 1024 + 1), '', 'larger than 5 MiB');
  });

  it('reports every problem at once, and the first in the message', () => {
    const document = withFlow({
      source: 'ghost',
      ports: '200-100',
      condition: 'exec("rm")',
    });
    document.parameters.push({ name: 'cni', type: 'boolean' });
    const problems = problemsOf(document);
    expect(problems.map((p) => p.path)).toEqual([
      '/flows/0/ports',
      '/parameters/3/name',
      '/flows/0/source',
      '/flows/0/condition',
    ]);
    expect(() => parseCatalogDocument(JSON.stringify(document))).toThrow(
      'invalid catalog: /flows/0/ports: range 200-100 is written backwards (and 3 more)',
    );
  });
});

describe('formatFlowPorts and deriveFlowKey', () => {
  it('writes each kind of ports', () => {
    expect(formatFlowPorts({ kind: 'none' })).toBe('');
    expect(formatFlowPorts({ kind: 'range', from: 443, to: 443 })).toBe('443');
    expect(formatFlowPorts({ kind: 'range', from: 30000, to: 32767 })).toBe('30000-32767');
    expect(formatFlowPorts({ kind: 'parameter', name: 'nodePortRange' })).toBe('${nodePortRange}');
  });

  it('derives keys that documents accept', () => {
    expect(
      deriveFlowKey(
        'ingress-lb',
        'worker',
        'tcp/udp',
        { kind: 'parameter', name: 'nodePortRange' },
        'Ingress NodePorts',
      ),
    ).toBe('ingress-lb-worker-tcp-udp-nodeportrange-ingress-nodeports');
    expect(deriveFlowKey('node', 'node', 'ipip', { kind: 'none' }, undefined)).toBe('node-node-ipip');
    const long = deriveFlowKey('a', 'b', 'tcp', { kind: 'range', from: 1, to: 2 }, 'x'.repeat(500));
    expect(long).toHaveLength(128);
    expect(long).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
  });
});

// ---------------------------------------------------------------------------------------
// Property: random small valid catalogs survive export and import unchanged.

/**
 * Text with the characters that YAML treats specially, plus arbitrary Unicode; control
 * characters other than tabs and line breaks (which the schema refuses) become spaces.
 */
const text = (maxLength: number): fc.Arbitrary<string> =>
  anyText(maxLength).map((value) => value.replace(new RegExp(`[${TEXT.slice(3, -3)}]`, 'gu'), ' '));

/** Text on one line, as names, titles, components and sections must be. */
const line = (maxLength: number): fc.Arbitrary<string> =>
  anyText(maxLength).map((value) => value.replace(new RegExp(`[${ONE_LINE.slice(3, -3)}]`, 'gu'), ' '));

const anyText = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({
      unit: fc.constantFrom(...'aZ0 \n\t#:-"\'\\{[&*!|>%@`?,\u00e9\u00a0'),
      maxLength,
    }),
    fc.constantFrom('true', 'null', '~', '1e3', '0x10', '.inf', 'yes', '- a', '${x}', '', ' ', '0'),
  );

const roleId = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,8}$/);
const portRange = fc
  .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }))
  .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
const portRangeText = portRange.map(({ from, to }) => (from === to ? String(from) : `${from}-${to}`));

const roles: fc.Arbitrary<RoleDefinition[]> = fc.uniqueArray(roleId, { minLength: 1, maxLength: 5 }).chain((keys) =>
  fc.tuple(
    ...keys.map((key, index) =>
      fc.record({
        key: fc.constant(key),
        name: line(20),
        description: text(20),
        // Only earlier roles, so that inclusions never form a cycle.
        includes: fc.shuffledSubarray(keys.slice(0, index)),
        kind: fc.constant('host' as const),
        defaultCidrs: fc.constant([]),
      }),
    ),
  ),
);

/** One parameter of each type; a catalog declares a few of them. */
const parameterKinds: fc.Arbitrary<Omit<ParameterDefinition, 'description'>>[] = [
  fc
    .uniqueArray(
      line(8).filter((value) => value !== ''),
      { minLength: 1, maxLength: 4 },
    )
    .chain((values) =>
      fc.record({
        name: fc.constant('cni'),
        type: fc.constant('enum' as const),
        values: fc.constant(values),
        defaultValue: fc.option(fc.constantFrom(...values), {
          nil: undefined,
        }),
      }),
    ),
  fc.record({
    name: fc.constant('airGap'),
    type: fc.constant('boolean' as const),
    defaultValue: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc.record({
    name: fc.constant('ports'),
    type: fc.constant('portRange' as const),
    defaultValue: fc.option(portRangeText, { nil: undefined }),
  }),
  fc.record({
    name: fc.constant('count'),
    type: fc.constant('number' as const),
    // -0 is left out: JSON writes it as 0, the same number for every condition.
    defaultValue: fc.option(
      fc.oneof(
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => n + 0),
      ),
      { nil: undefined },
    ),
  }),
  fc.record({
    name: fc.constant('label'),
    type: fc.constant('string' as const),
    defaultValue: fc.option(text(10), { nil: undefined }),
  }),
];

const parameters: fc.Arbitrary<ParameterDefinition[]> = fc
  .shuffledSubarray(parameterKinds, { maxLength: 3 })
  .chain((kinds) =>
    fc.tuple(
      ...kinds.map((kind) =>
        fc
          .tuple(kind, text(20))
          .map(([spec, description]): ParameterDefinition => withoutUndefined({ ...spec, description })),
      ),
    ),
  );

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Conditions that type-check against `parameters`. */
function conditions(parameters: readonly ParameterDefinition[]): fc.Arbitrary<string>[] {
  const options: fc.Arbitrary<string>[] = [];
  for (const parameter of parameters) {
    switch (parameter.type) {
      case 'boolean':
        options.push(fc.constantFrom(parameter.name, `!${parameter.name}`, `${parameter.name} == false`));
        break;
      case 'enum': {
        const values = parameter.values ?? [];
        options.push(
          fc.constantFrom(...values).map((value) => `${parameter.name} == ${formatLiteral(value)}`),
          fc
            .shuffledSubarray([...values], { minLength: 1 })
            .map((list) => `${parameter.name} in [${list.map(formatLiteral).join(', ')}]`),
        );
        break;
      }
      case 'number':
        options.push(fc.integer({ min: -5, max: 5 }).map((n) => `${parameter.name} != ${n}`));
        break;
      case 'string':
        options.push(text(8).map((value) => `${parameter.name} == ${formatLiteral(value)}`));
        break;
      case 'portRange':
        break;
    }
  }
  return options;
}

const catalogs: fc.Arbitrary<CatalogDefinition> = fc.record({ roles, parameters }).chain(({ roles, parameters }) => {
  const keys = roles.map((role) => role.key);
  const conditionOptions = conditions(parameters);
  const portRangeParameters = parameters.filter((p) => p.type === 'portRange').map((p) => p.name);
  const protocol = fc.constantFrom<FlowProtocolSpec>('tcp', 'udp', 'tcp/udp', 'ipip');
  const portsFor = (chosen: FlowProtocolSpec): fc.Arbitrary<FlowPorts> =>
    chosen === 'ipip'
      ? fc.constant({ kind: 'none' })
      : fc.oneof(
          portRange.map((range): FlowPorts => ({ kind: 'range', ...range })),
          ...portRangeParameters.map((name) => fc.constant<FlowPorts>({ kind: 'parameter', name })),
        );
  const flow: fc.Arbitrary<FlowDefinition> = protocol.chain((chosen) =>
    fc.record({
      key: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,10}$/),
      source: fc.constantFrom(...keys),
      destination: fc.constantFrom(...keys),
      protocol: fc.constant(chosen),
      ports: portsFor(chosen),
      condition:
        conditionOptions.length === 0 ? fc.constant(null) : fc.option(fc.oneof(...conditionOptions), { nil: null }),
      component: line(15),
      notes: text(15),
      section: line(15),
    }),
  );
  return fc.record({
    version: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,12}$/),
    title: line(30),
    notes: text(30),
    roles: fc.constant(roles),
    parameters: fc.constant(parameters),
    flows: fc.uniqueArray(flow, { maxLength: 8, selector: (f) => f.key }).map((flows) => {
      // A catalog may not repeat a flow under another key; keep the first of twins.
      const seen = new Set<string>();
      return flows.filter((f) => {
        const identity = JSON.stringify([f.source, f.destination, f.protocol, f.ports, f.condition]);
        return !seen.has(identity) && !!seen.add(identity);
      });
    }),
  });
});

describe('property: export then import gives back the catalog', () => {
  it('holds for random small valid catalogs, through YAML and through JSON', () => {
    fc.assert(
      fc.property(catalogs, (catalog) => {
        const built = buildCatalog(toCatalogDocument(catalog));
        expect(built).toEqual(catalog);
        expect(parseCatalogDocument(toCatalogYaml(built))).toEqual(built);
        expect(parseCatalogDocument(JSON.stringify(toCatalogDocument(built)))).toEqual(built);
      }),
      // Each run is a whole catalog of up to 8 flows; 60 keep the suite under a second.
      { numRuns: 60 },
    );
  });
});

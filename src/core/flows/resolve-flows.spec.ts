import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog-document';
import type { FlowDefinition } from '../catalog/catalog-definition';
import { resolveParameterValues } from '../parameters/parameter-values';
import { compileCatalog, type CompiledCatalog } from './compiled-catalog';
import { UnknownRoleError } from './flow-query.errors';
import { expandRow, matchingRoles, resolveFlows } from './resolve-flows';
import { describePorts, type ResolvedFlow } from './resolved-flow';

type Row = Record<string, unknown>;

function catalogOf(flows: Row[], roles: Row[] = [{ id: 'a' }, { id: 'b' }]): CompiledCatalog {
  return compileCatalog(
    buildCatalog({
      version: '1',
      roles,
      parameters: [
        { name: 'on', type: 'boolean', default: true },
        { name: 'ports', type: 'portRange', default: '443' },
      ],
      flows,
    }),
  );
}

const resolve = (catalog: CompiledCatalog, overrides: Record<string, unknown> = {}, filter = {}): ResolvedFlow[] =>
  resolveFlows(catalog, resolveParameterValues(catalog.parameters, overrides), filter);
const summary = (flows: readonly ResolvedFlow[]): string[] =>
  flows.map((flow) => `${flow.key} ${flow.source}->${flow.destination} ${describePorts(flow)}`);

describe('resolveFlows: rows to flows', () => {
  it('splits a tcp/udp row into <key>/tcp and <key>/udp with their IP protocol numbers', () => {
    const catalog = catalogOf([{ key: 'dns', source: 'a', destination: 'b', protocol: 'tcp/udp', ports: '53' }]);
    expect(resolve(catalog).map((f) => [f.key, f.protocol, f.ipProtocolNumber, f.fromPort, f.toPort, f.rows])).toEqual([
      ['dns/tcp', 'tcp', 6, 53, 53, ['dns']],
      ['dns/udp', 'udp', 17, 53, 53, ['dns']],
    ]);
  });

  it('gives IP-in-IP protocol number 4 and no ports', () => {
    const [flow] = resolve(catalogOf([{ key: 'tunnel', source: 'a', destination: 'a', protocol: 'ipip' }]));
    expect(flow).toMatchObject({ key: 'tunnel', protocol: 'ipip', ipProtocolNumber: 4, fromPort: null, toPort: null });
  });

  it('takes a port parameter’s value, single port or range', () => {
    const catalog = catalogOf([{ key: 'np', source: 'a', destination: 'b', protocol: 'tcp', ports: '${ports}' }]);
    expect(summary(resolve(catalog))).toEqual(['np a->b tcp/443']);
    expect(summary(resolve(catalog, { ports: '30000-32767' }))).toEqual(['np a->b tcp/30000-32767']);
    expect(summary(resolve(catalog, { ports: '8080-8080' }))).toEqual(['np a->b tcp/8080']);
  });

  it('keeps a row’s section, and none when it has none', () => {
    const catalog = catalogOf([
      { key: 'x', source: 'a', destination: 'b', protocol: 'tcp', ports: '1', section: 'Table 9' },
      { key: 'y', source: 'a', destination: 'b', protocol: 'tcp', ports: '2' },
    ]);
    expect(resolve(catalog).map((flow) => flow.sections)).toEqual([['Table 9'], []]);
  });

  it('drops rows whose condition is false', () => {
    const catalog = catalogOf([
      { key: 'x', source: 'a', destination: 'b', protocol: 'tcp', ports: '1', condition: 'on' },
      { key: 'y', source: 'a', destination: 'b', protocol: 'tcp', ports: '2', condition: '!on' },
    ]);
    expect(resolve(catalog).map((flow) => flow.key)).toEqual(['x']);
    expect(resolve(catalog, { on: false }).map((flow) => flow.key)).toEqual(['y']);
  });
});

describe('resolveFlows: identical flows merge', () => {
  const rows: Row[] = [
    { key: 'y', source: 'a', destination: 'b', protocol: 'tcp/udp', ports: '443', component: 'API', section: 'T2' },
    {
      key: 'x',
      source: 'a',
      destination: 'b',
      protocol: 'tcp',
      ports: '443',
      component: 'API',
      notes: 'one',
      section: 'T1',
    },
    {
      key: 'w',
      source: 'a',
      destination: 'b',
      protocol: 'tcp',
      ports: '${ports}',
      component: 'Web',
      notes: 'two',
      condition: 'on',
    },
  ];

  it('joins keys (in key order), components and notes (unique, non-empty), sections and rows', () => {
    const flows = resolve(catalogOf(rows));
    expect(flows).toEqual([
      {
        key: 'w+x+y/tcp',
        source: 'a',
        destination: 'b',
        protocol: 'tcp',
        ipProtocolNumber: 6,
        fromPort: 443,
        toPort: 443,
        component: 'Web, API',
        notes: 'two; one',
        sections: ['T1', 'T2'],
        rows: ['w', 'x', 'y'],
      },
      {
        key: 'y/udp',
        source: 'a',
        destination: 'b',
        protocol: 'udp',
        ipProtocolNumber: 17,
        fromPort: 443,
        toPort: 443,
        component: 'API',
        notes: '',
        sections: ['T2'],
        rows: ['y'],
      },
    ]);
  });

  it('merges only the rows that apply and have the same ports', () => {
    expect(resolve(catalogOf(rows), { on: false }).map((flow) => flow.key)).toEqual(['x+y/tcp', 'y/udp']);
    expect(resolve(catalogOf(rows), { ports: '444' }).map((flow) => flow.key)).toEqual(['x+y/tcp', 'w', 'y/udp']);
  });

  it('does not merge flows of different roles or protocols', () => {
    const catalog = catalogOf([
      { key: 'p', source: 'a', destination: 'b', protocol: 'tcp', ports: '1' },
      { key: 'q', source: 'b', destination: 'a', protocol: 'tcp', ports: '1' },
      { key: 'r', source: 'a', destination: 'b', protocol: 'udp', ports: '1' },
    ]);
    expect(resolve(catalog).map((flow) => flow.key)).toEqual(['p', 'r', 'q']);
  });

  it('gives the same merged flow whatever the row order', () => {
    expect(resolve(catalogOf([...rows].reverse()))).toEqual(resolve(catalogOf(rows)));
  });
});

describe('resolveFlows: order', () => {
  it('orders by source, destination, protocol, ports, never by row order', () => {
    const catalog = catalogOf(
      [
        { key: 'k1', source: 'b', destination: 'a', protocol: 'tcp', ports: '1' },
        { key: 'k2', source: 'a', destination: 'b', protocol: 'udp', ports: '1' },
        { key: 'k3', source: 'a', destination: 'b', protocol: 'tcp', ports: '100-200' },
        { key: 'k4', source: 'a', destination: 'b', protocol: 'tcp', ports: '100' },
        { key: 'k5', source: 'a', destination: 'b', protocol: 'ipip' },
        { key: 'k6', source: 'a', destination: 'a', protocol: 'tcp', ports: '9' },
      ],
      [{ id: 'b' }, { id: 'a' }],
    );
    expect(summary(resolve(catalog))).toEqual([
      'k6 a->a tcp/9',
      'k5 a->b ipip',
      'k4 a->b tcp/100',
      'k3 a->b tcp/100-200',
      'k2 a->b udp/1',
      'k1 b->a tcp/1',
    ]);
  });
});

describe('resolveFlows: roles', () => {
  // top includes mid, mid includes leaf; side includes nothing.
  const roles = [{ id: 'top', includes: ['mid'] }, { id: 'mid', includes: ['leaf'] }, { id: 'leaf' }, { id: 'side' }];
  const catalog = catalogOf(
    [
      { key: 'from-top', source: 'top', destination: 'side', protocol: 'tcp', ports: '1' },
      { key: 'from-mid', source: 'mid', destination: 'side', protocol: 'tcp', ports: '2' },
      { key: 'from-leaf', source: 'leaf', destination: 'side', protocol: 'tcp', ports: '3' },
      { key: 'to-leaf', source: 'side', destination: 'leaf', protocol: 'tcp', ports: '4' },
    ],
    roles,
  );
  const keys = (filter: { from?: string; to?: string }): string[] =>
    resolve(catalog, {}, filter)
      .map((flow) => flow.key)
      .sort();

  it('a query role matches itself, the roles including it and the roles it includes, transitively', () => {
    expect(keys({ from: 'leaf' })).toEqual(['from-leaf', 'from-mid', 'from-top']);
    expect(keys({ from: 'mid' })).toEqual(['from-leaf', 'from-mid', 'from-top']);
    expect(keys({ from: 'top' })).toEqual(['from-leaf', 'from-mid', 'from-top']);
    expect(keys({ from: 'side' })).toEqual(['to-leaf']);
    expect(keys({ to: 'top' })).toEqual(['to-leaf']);
    expect(keys({ to: 'side' })).toEqual(['from-leaf', 'from-mid', 'from-top']);
    expect(keys({ from: 'side', to: 'side' })).toEqual([]);
  });

  it('matchingRoles lists them', () => {
    expect([...matchingRoles(catalog, 'mid')].sort()).toEqual(['leaf', 'mid', 'top']);
    expect([...matchingRoles(catalog, 'side')]).toEqual(['side']);
  });

  it('an empty filter is no filter; an unknown role throws on either end', () => {
    expect(resolve(catalog, {}, {})).toEqual(resolve(catalog));
    expect(() => resolve(catalog, {}, { from: 'nowhere' })).toThrow(UnknownRoleError);
    expect(() => resolve(catalog, {}, { to: 'nowhere' })).toThrow(/unknown role "nowhere"/);
    expect(() => matchingRoles(catalog, 'nowhere')).toThrow(UnknownRoleError);
  });
});

describe('expandRow', () => {
  const row: FlowDefinition = {
    key: 'np',
    source: 'a',
    destination: 'b',
    protocol: 'tcp/udp',
    ports: { kind: 'parameter', name: 'ports' },
    condition: 'false',
    component: 'C',
    notes: 'N',
    section: '',
  };

  it('expands a row whatever its condition, with the parameter’s value', () => {
    expect(expandRow(row, { ports: '30000-30010' })).toEqual([
      {
        key: 'np/tcp',
        source: 'a',
        destination: 'b',
        protocol: 'tcp',
        ipProtocolNumber: 6,
        fromPort: 30000,
        toPort: 30010,
        component: 'C',
        notes: 'N',
        sections: [],
        rows: ['np'],
      },
      {
        key: 'np/udp',
        source: 'a',
        destination: 'b',
        protocol: 'udp',
        ipProtocolNumber: 17,
        fromPort: 30000,
        toPort: 30010,
        component: 'C',
        notes: 'N',
        sections: [],
        rows: ['np'],
      },
    ]);
  });

  it('keeps fixed ranges and single ports', () => {
    expect(expandRow({ ...row, protocol: 'udp', ports: { kind: 'range', from: 5, to: 5 } }, {})).toMatchObject([
      { key: 'np', protocol: 'udp', fromPort: 5, toPort: 5 },
    ]);
  });
});

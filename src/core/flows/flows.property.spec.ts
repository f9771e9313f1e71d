import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogDefinition } from '../catalog/catalog-definition';
import { buildCatalog, parseCatalogDocument } from '../catalog/catalog-document';
import { checkSatisfiable, compileCondition, formatCondition, type ConditionNode } from '../conditions';
import { compare, identifier, inList, literal, logical, not } from '../conditions/condition.ast';
import { resolveParameterValues } from '../parameters/parameter-values';
import type { ParameterValues } from '../parameters/parameter.types';
import { compileCatalog, type CompiledCatalog } from './compiled-catalog';
import { applyFlowDiff, diffFlows } from './diff-flows';
import { explainFlow } from './flow-lookups';
import { resolveFlows, type FlowFilter } from './resolve-flows';
import type { ResolvedFlow } from './resolved-flow';

/*
 * Random valid catalogs (acyclic roles, enum/boolean/portRange parameters, rows with every
 * protocol, fixed or parameter ports and well-typed conditions) and random values.
 */

const ROLE_IDS = ['node', 'master', 'worker', 'lb', 'kcp', 'edge'];
const KEY_POOL = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
/** Few ports, so that rows often coincide and merge. */
const PORT_POOL = ['53', '443', '8472', '30000-32767', '1-65535'];
const ENUM_VALUES = ['red', 'green', 'blue', 'cyan'];
const RUNS = { numRuns: 50 };

interface RoleDocument {
  readonly id: string;
  readonly includes: string[];
}

interface ParameterDocument {
  readonly name: string;
  readonly type: 'enum' | 'boolean' | 'portRange';
  readonly values?: string[];
  readonly default: string | boolean;
}

interface FlowDocument {
  readonly key: string;
  readonly source: string;
  readonly destination: string;
  readonly protocol: 'tcp' | 'udp' | 'tcp/udp' | 'ipip';
  readonly ports?: string;
  readonly condition?: string;
  readonly component: string;
  readonly notes: string;
  readonly section: string;
}

interface CatalogDocument {
  readonly version: string;
  readonly roles: RoleDocument[];
  readonly parameters: ParameterDocument[];
  readonly flows: FlowDocument[];
}

interface CatalogCase {
  readonly document: CatalogDocument;
  readonly overrides: Record<string, unknown>;
}

/** 'dag': a role may be included by several; 'forest': by at most one. */
type RoleShape = 'dag' | 'forest';

const range = (n: number): number[] => Array.from({ length: n }, (_, index) => index);

/** Roles in index order; a role only includes later ones, so there is no cycle. */
function rolesArb(shape: RoleShape): fc.Arbitrary<RoleDocument[]> {
  return fc.integer({ min: 1, max: ROLE_IDS.length }).chain((n) => {
    const ids = ROLE_IDS.slice(0, n);
    if (shape === 'dag') {
      return fc
        .tuple(...range(n).map((i) => fc.subarray(ids.slice(i + 1))))
        .map((includes) => ids.map((id, i) => ({ id, includes: includes[i] })));
    }
    return fc
      .tuple(...range(n).map((j) => fc.integer({ min: -1, max: j - 1 })))
      .map((parents) => ids.map((id, i) => ({ id, includes: ids.filter((_, j) => parents[j] === i) })));
  });
}

const enumParameter = (name: string): fc.Arbitrary<ParameterDocument> =>
  fc
    .uniqueArray(fc.constantFrom(...ENUM_VALUES), { minLength: 1, maxLength: ENUM_VALUES.length })
    .chain((values) =>
      fc.constantFrom(...values).map((value) => ({ name, type: 'enum' as const, values, default: value })),
    );
const booleanParameter = (name: string): fc.Arbitrary<ParameterDocument> =>
  fc.boolean().map((value) => ({ name, type: 'boolean' as const, default: value }));
const portParameter = (name: string): fc.Arbitrary<ParameterDocument> =>
  fc.constantFrom(...PORT_POOL).map((value) => ({ name, type: 'portRange' as const, default: value }));

const parametersArb: fc.Arbitrary<ParameterDocument[]> = fc
  .tuple(fc.subarray(['cni', 'mode']), fc.subarray(['airGap', 'byo', 'lb']), fc.subarray(['nodePorts', 'hostPorts']))
  .chain(([enums, booleans, ports]) =>
    fc.tuple(...enums.map(enumParameter), ...booleans.map(booleanParameter), ...ports.map(portParameter)),
  );

/** A port range value: one of the pool (so rows coincide) or any range. */
const portValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PORT_POOL),
  fc
    .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }))
    .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
);

function valueArb(parameter: ParameterDocument): fc.Arbitrary<string | boolean> {
  switch (parameter.type) {
    case 'enum':
      return fc.constantFrom(...(parameter.values ?? []));
    case 'boolean':
      return fc.boolean();
    case 'portRange':
      return portValueArb;
  }
}

/** Values for some of the parameters (the others keep their defaults). */
function overridesArb(parameters: readonly ParameterDocument[]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(...parameters.map((parameter) => fc.option(valueArb(parameter), { nil: undefined })))
    .map((values) =>
      Object.fromEntries(
        parameters.flatMap((parameter, index) =>
          values[index] === undefined ? [] : [[parameter.name, values[index]]],
        ),
      ),
    );
}

/** A well-typed condition over the parameters, at most `depth` operators deep. */
function conditionArb(parameters: readonly ParameterDocument[], depth: number): fc.Arbitrary<ConditionNode> {
  const operator = fc.constantFrom('==' as const, '!=' as const);
  const atoms: fc.Arbitrary<ConditionNode>[] = [fc.boolean().map(literal)];
  for (const parameter of parameters) {
    const id = identifier(parameter.name);
    switch (parameter.type) {
      case 'boolean':
        atoms.push(
          fc.constant(id),
          fc.tuple(operator, fc.boolean()).map(([op, value]) => compare(op, id, literal(value))),
        );
        break;
      case 'enum': {
        const value = fc.constantFrom(...(parameter.values ?? []));
        atoms.push(
          fc.tuple(operator, value).map(([op, v]) => compare(op, id, literal(v))),
          fc.uniqueArray(value, { minLength: 1 }).map((values) => inList(id, values)),
        );
        break;
      }
      case 'portRange':
        atoms.push(fc.tuple(operator, fc.constantFrom(...PORT_POOL)).map(([op, v]) => compare(op, id, literal(v))));
        break;
    }
  }
  const atom = fc.oneof(...atoms);
  if (depth === 0) return atom;
  const inner = conditionArb(parameters, depth - 1);
  return fc.oneof(
    { arbitrary: atom, weight: 3 },
    { arbitrary: inner.map(not), weight: 1 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('&&' as const, '||' as const), inner, inner)
        .map(([op, left, right]) => logical(op, left, right)),
      weight: 2,
    },
  );
}

function flowsArb(
  roles: readonly RoleDocument[],
  parameters: readonly ParameterDocument[],
  keys: readonly string[] = KEY_POOL,
): fc.Arbitrary<FlowDocument[]> {
  const roleIds = roles.map((role) => role.id);
  const portParameters = parameters.filter((parameter) => parameter.type === 'portRange');
  const ports =
    portParameters.length === 0
      ? fc.constantFrom(...PORT_POOL)
      : fc.oneof(
          fc.constantFrom(...PORT_POOL),
          fc.constantFrom(...portParameters.map((parameter) => `\${${parameter.name}}`)),
        );
  const specs = parameters.map((parameter) => ({
    name: parameter.name,
    type: parameter.type,
    ...(parameter.values ? { values: parameter.values } : {}),
    ...(parameter.default === undefined ? {} : { defaultValue: parameter.default }),
  }));
  const row = fc.record({
    key: fc.constantFrom(...keys),
    source: fc.constantFrom(...roleIds),
    destination: fc.constantFrom(...roleIds),
    protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'tcp/udp' as const, 'ipip' as const),
    ports,
    // A valid catalog has no condition that can never be true.
    condition: fc.option(
      conditionArb(parameters, 2)
        .map(formatCondition)
        .filter((source) => checkSatisfiable(compileCondition(source, specs), specs).kind !== 'unsatisfiable'),
      { nil: undefined },
    ),
    component: fc.constantFrom('', 'DNS', 'API'),
    notes: fc.constantFrom('', 'one', 'two'),
    section: fc.constantFrom('', 'Table 1', 'Table 2'),
  });
  return fc.uniqueArray(row, { maxLength: 8, selector: (flow) => flow.key }).map((flows) => {
    // A valid catalog has no two rows with the same roles, protocol, ports and condition.
    const seen = new Set<string>();
    return flows
      .map(({ ports: written, condition, ...rest }): FlowDocument => ({
        ...rest,
        ...(rest.protocol === 'ipip' ? {} : { ports: written }),
        ...(condition === undefined ? {} : { condition }),
      }))
      .filter((flow) => {
        const identity = JSON.stringify([flow.source, flow.destination, flow.protocol, flow.ports, flow.condition]);
        if (seen.has(identity)) return false;
        seen.add(identity);
        return true;
      });
  });
}

function catalogCaseArb(shape: RoleShape = 'dag'): fc.Arbitrary<CatalogCase> {
  return fc
    .tuple(rolesArb(shape), parametersArb)
    .chain(([roles, parameters]) =>
      fc
        .tuple(flowsArb(roles, parameters), overridesArb(parameters))
        .map(([flows, overrides]) => ({ document: { version: '1.0.0', roles, parameters, flows }, overrides })),
    );
}

interface Prepared {
  readonly catalog: CompiledCatalog;
  readonly values: ParameterValues;
  readonly roles: readonly string[];
}

function prepare({ document, overrides }: CatalogCase): Prepared {
  const catalog = compileCatalog(buildCatalog(document));
  return {
    catalog,
    values: resolveParameterValues(catalog.parameters, overrides),
    roles: document.roles.map((role) => role.id),
  };
}

/** No filter, every `from`, every `to` and every pair. */
function allFilters(roles: readonly string[]): FlowFilter[] {
  return [
    {},
    ...roles.map((from) => ({ from })),
    ...roles.map((to) => ({ to })),
    ...roles.flatMap((from) => roles.map((to) => ({ from, to }))),
  ];
}

const flowText = (flow: ResolvedFlow): string => JSON.stringify(flow);

/** Whether every flow of `subset` is, field for field, a flow of `superset`. */
function includesAll(superset: readonly ResolvedFlow[], subset: readonly ResolvedFlow[]): boolean {
  const texts = new Set(superset.map(flowText));
  return subset.every((flow) => texts.has(flowText(flow)));
}

/** The roles `role` includes, directly or not, and itself (computed here, not by the engine). */
function includedBy(document: CatalogDocument, role: string): Set<string> {
  const includes = new Map(document.roles.map((r) => [r.id, r.includes]));
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of includes.get(key) ?? []) visit(next);
  };
  visit(role);
  return seen;
}

const SEED_PATH = join(__dirname, '../../../prisma/seed/kublr-network-access.catalog.yaml');
const kublrDefinition = parseCatalogDocument(readFileSync(SEED_PATH, 'utf8'));
const kublr = compileCatalog(kublrDefinition);
const KUBLR_ROLES = kublrDefinition.roles.map((role) => role.key);
const kublrOverridesArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    cni: fc.constantFrom('canal', 'calico', 'weave', 'flannel'),
    airGap: fc.boolean(),
    byoInfrastructure: fc.boolean(),
    masterLoadBalancer: fc.boolean(),
    ingressLoadBalancer: fc.boolean(),
    nodePortRange: portValueArb,
  },
  { requiredKeys: [] },
);
const kublrValues = (overrides: Record<string, unknown>): ParameterValues =>
  resolveParameterValues(kublr.parameters, overrides);

describe('the generators', () => {
  it('make valid catalogs that exercise merging, tcp/udp, ipip and port parameters', () => {
    const seen = { merged: 0, split: 0, ipip: 0, parameterPorts: 0, conditions: 0 };
    fc.assert(
      fc.property(catalogCaseArb(), (input) => {
        const { catalog, values } = prepare(input);
        const flows = resolveFlows(catalog, values);
        if (flows.some((flow) => flow.rows.length > 1)) seen.merged += 1;
        if (flows.some((flow) => flow.key.endsWith('/udp'))) seen.split += 1;
        if (flows.some((flow) => flow.protocol === 'ipip')) seen.ipip += 1;
        if (input.document.flows.some((flow) => flow.ports?.startsWith('$'))) seen.parameterPorts += 1;
        if (input.document.flows.some((flow) => flow.condition !== undefined)) seen.conditions += 1;
      }),
      { numRuns: 100, seed: 42 },
    );
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(3);
  });

  it('make pairs of catalogs whose answers share keys, some of them changed', () => {
    let changed = 0;
    let added = 0;
    let removed = 0;
    fc.assert(
      fc.property(catalogPairArb, ([a, b]) => {
        const diff = diffFlows(resolveFlows(a.catalog, a.values), resolveFlows(b.catalog, b.values));
        if (diff.changed.length > 0) changed += 1;
        if (diff.added.length > 0) added += 1;
        if (diff.removed.length > 0) removed += 1;
      }),
      { numRuns: 100, seed: 42 },
    );
    expect(Math.min(changed, added, removed)).toBeGreaterThan(3);
  });
});

describe('resolveFlows properties', () => {
  it('(a) never returns a flow from a row whose condition is false, and returns every row whose condition holds', () => {
    fc.assert(
      fc.property(catalogCaseArb(), (input) => {
        const { catalog, values, roles } = prepare(input);
        const rows = new Map(catalog.definition.flows.map((row) => [row.key, row]));
        const holds = (key: string): boolean =>
          compileCondition(rows.get(key)?.condition, catalog.parameters).evaluate(values);
        for (const filter of allFilters(roles)) {
          for (const flow of resolveFlows(catalog, values, filter)) {
            expect(flow.rows.length).toBeGreaterThan(0);
            for (const key of flow.rows) {
              expect(rows.has(key)).toBe(true);
              expect(holds(key), `row ${key} in ${JSON.stringify(filter)}`).toBe(true);
            }
          }
        }
        const returned = new Set(resolveFlows(catalog, values).flatMap((flow) => flow.rows));
        for (const key of rows.keys()) expect(returned.has(key)).toBe(holds(key));
      }),
      RUNS,
    );
  });

  it('(b) a role that includes another answers a superset, whatever the role graph', () => {
    fc.assert(
      fc.property(catalogCaseArb('dag'), (input) => {
        const { catalog, values, roles } = prepare(input);
        for (const role of input.document.roles) {
          for (const sub of includedBy(input.document, role.id)) {
            for (const other of [undefined, ...roles]) {
              const wide = resolveFlows(catalog, values, { from: role.id, to: other });
              const narrow = resolveFlows(catalog, values, { from: sub, to: other });
              expect(includesAll(wide, narrow), `from ${role.id} ⊇ from ${sub}, to ${other}`).toBe(true);
              const wideTo = resolveFlows(catalog, values, { from: other, to: role.id });
              const narrowTo = resolveFlows(catalog, values, { from: other, to: sub });
              expect(includesAll(wideTo, narrowTo), `to ${role.id} ⊇ to ${sub}, from ${other}`).toBe(true);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('(b) Kublr: node answers a superset of master and of worker, on either end, under random values', () => {
    fc.assert(
      fc.property(kublrOverridesArb, (overrides) => {
        const values = kublrValues(overrides);
        for (const sub of ['master', 'worker']) {
          for (const other of [undefined, ...KUBLR_ROLES]) {
            const fromNode = resolveFlows(kublr, values, { from: 'node', to: other });
            expect(includesAll(fromNode, resolveFlows(kublr, values, { from: sub, to: other }))).toBe(true);
            const toNode = resolveFlows(kublr, values, { from: other, to: 'node' });
            expect(includesAll(toNode, resolveFlows(kublr, values, { from: other, to: sub }))).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('(c) the answer does not depend on the order of roles, includes, parameters or rows', () => {
    const shuffled = <T>(items: readonly T[]): fc.Arbitrary<T[]> =>
      fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
    const reordered = (document: CatalogDocument): fc.Arbitrary<CatalogDocument> =>
      fc
        .tuple(
          fc.tuple(...document.roles.map((role) => shuffled(role.includes).map((includes) => ({ ...role, includes })))),
          shuffled(range(document.roles.length)),
          shuffled(document.parameters),
          shuffled(document.flows),
        )
        .map(([roles, order, parameters, flows]) => ({
          ...document,
          roles: order.map((index) => roles[index]),
          parameters,
          flows,
        }));
    fc.assert(
      fc.property(
        catalogCaseArb().chain((input) =>
          reordered(input.document).map((document) => [input, { ...input, document }] as const),
        ),
        ([original, shuffledCase]) => {
          const a = prepare(original);
          const b = prepare(shuffledCase);
          expect(b.values).toEqual(a.values);
          for (const filter of allFilters(a.roles)) {
            expect(resolveFlows(b.catalog, b.values, filter)).toEqual(resolveFlows(a.catalog, a.values, filter));
          }
        },
      ),
      RUNS,
    );
  });

  it('(e) flows are unique by (source, destination, protocol, fromPort, toPort), and by key', () => {
    fc.assert(
      fc.property(catalogCaseArb(), (input) => {
        const { catalog, values, roles } = prepare(input);
        for (const filter of allFilters(roles)) {
          const flows = resolveFlows(catalog, values, filter);
          const identities = flows.map((f) =>
            JSON.stringify([f.source, f.destination, f.protocol, f.fromPort, f.toPort]),
          );
          expect(new Set(identities).size).toBe(flows.length);
          expect(new Set(flows.map((flow) => flow.key)).size).toBe(flows.length);
        }
      }),
      RUNS,
    );
  });

  it('(e) Kublr: flows are unique under random values', () => {
    fc.assert(
      fc.property(kublrOverridesArb, (overrides) => {
        const flows = resolveFlows(kublr, kublrValues(overrides));
        const identities = flows.map((f) =>
          JSON.stringify([f.source, f.destination, f.protocol, f.fromPort, f.toPort]),
        );
        expect(new Set(identities).size).toBe(flows.length);
      }),
      { numRuns: 40 },
    );
  });

  it('(f) explainFlow(...).applies is whether the row has flows in the unfiltered answer, for its key and its suffixed keys', () => {
    fc.assert(
      fc.property(catalogCaseArb(), (input) => {
        const { catalog, values } = prepare(input);
        const rowsWithFlows = new Set(resolveFlows(catalog, values).flatMap((flow) => flow.rows));
        for (const row of catalog.definition.flows) {
          const keys = row.protocol === 'tcp/udp' ? [row.key, `${row.key}/tcp`, `${row.key}/udp`] : [row.key];
          for (const key of keys) {
            const explanation = explainFlow(catalog, values, key);
            expect(explanation.key).toBe(row.key);
            expect(explanation.applies, key).toBe(rowsWithFlows.has(row.key));
          }
        }
      }),
      RUNS,
    );
  });
});

/** Two catalogs over the same roles and parameters whose rows share some keys. */
const catalogPairArb: fc.Arbitrary<[Prepared, Prepared]> = fc
  .tuple(rolesArb('dag'), parametersArb)
  .chain(([roles, parameters]) =>
    fc
      .tuple(
        flowsArb(roles, parameters, KEY_POOL.slice(0, 6)).map(sectionsByKey),
        flowsArb(roles, parameters, KEY_POOL.slice(3)).map(sectionsByKey),
        overridesArb(parameters),
        overridesArb(parameters),
      )
      .map(([flowsA, flowsB, overridesA, overridesB]): [Prepared, Prepared] => [
        prepare({ document: { version: '1.0.0', roles, parameters, flows: flowsA }, overrides: overridesA }),
        prepare({ document: { version: '2.0.0', roles, parameters, flows: flowsB }, overrides: overridesB }),
      ]),
  );

/**
 * A row keeps its section from one version to the next: diffFlows does not compare
 * sections (see the known gap in diff-flows.spec.ts), so a section-only change would not
 * survive applyFlowDiff.
 */
function sectionsByKey(flows: FlowDocument[]): FlowDocument[] {
  return flows.map((flow) => ({ ...flow, section: `Table ${flow.key}` }));
}

describe('diffFlows / applyFlowDiff properties', () => {
  const checkDiff = (before: readonly ResolvedFlow[], after: readonly ResolvedFlow[]): void => {
    const diff = diffFlows(before, after);
    expect(applyFlowDiff(before, diff)).toEqual(after);
    const beforeKeys = new Set(before.map((flow) => flow.key));
    const afterKeys = new Set(after.map((flow) => flow.key));
    for (const flow of diff.added) expect(beforeKeys.has(flow.key)).toBe(false);
    for (const flow of diff.removed) expect(afterKeys.has(flow.key)).toBe(false);
    for (const change of diff.changed) {
      expect(change.before.key).toBe(change.after.key);
      expect(change.before).not.toEqual(change.after);
    }
    expect(diffFlows(after, after)).toEqual({ added: [], removed: [], changed: [] });
  };

  it('(d) applying diffFlows(A, B) to A gives B, for the flows of two random catalogs sharing keys', () => {
    fc.assert(
      fc.property(catalogPairArb, ([a, b]) => {
        checkDiff(resolveFlows(a.catalog, a.values), resolveFlows(b.catalog, b.values));
      }),
      RUNS,
    );
  });

  it('(d) Kublr: applying the diff between two random parameter sets gives the second answer', () => {
    fc.assert(
      fc.property(
        kublrOverridesArb,
        kublrOverridesArb,
        fc.option(fc.constantFrom(...KUBLR_ROLES), { nil: undefined }),
        (first, second, from) => {
          const before = resolveFlows(kublr, kublrValues(first), { from });
          const after = resolveFlows(kublr, kublrValues(second), { from });
          checkDiff(before, after);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('role semantics with overlapping roles', () => {
  it('a role included by two roles is answered by both includers', () => {
    // Every master is a node and a control-plane host; workers are nodes only.
    const definition: CatalogDefinition = buildCatalog({
      version: '1',
      roles: [
        { id: 'node', includes: ['master', 'worker'] },
        { id: 'control-plane', includes: ['master'] },
        { id: 'master' },
        { id: 'worker' },
      ],
      flows: [
        { key: 'cp-etcd', source: 'control-plane', destination: 'control-plane', protocol: 'tcp', ports: '2379' },
      ],
    });
    const catalog = compileCatalog(definition);
    const keys = (filter: FlowFilter): string[] => resolveFlows(catalog, {}, filter).map((flow) => flow.key);
    expect(keys({ from: 'master' })).toEqual(['cp-etcd']);
    // node and control-plane share the masters, so a control-plane flow is a flow of some nodes.
    expect(keys({ from: 'node' })).toEqual(['cp-etcd']);
    expect(keys({ from: 'worker' })).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  buildSchema,
  getIntrospectionQuery,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  parse,
  specifiedRules,
  validate,
  type GraphQLFieldConfigMap,
  type OperationDefinitionNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { describe, expect, it } from 'vitest';
import {
  complexityLowerBound,
  depthLimitRule,
  fragmentsOf,
  MAX_QUERY_DEPTH,
  MAX_QUERY_TOKENS,
  selectionDepth,
} from './query-limits';

/** The service's schema as clients see it. */
const serviceSchema = buildSchema(readFileSync(join(__dirname, '../../../schema.gql'), 'utf8'));

/**
 * A schema for the estimates: Query and Node nest without end, `heavy` declares a
 * complexity of 5 points, `priced` a function, `thing` is an interface.
 */
const thing = new GraphQLInterfaceType({ name: 'Thing', fields: { id: { type: GraphQLInt } } });
const node: GraphQLObjectType = new GraphQLObjectType({
  name: 'Node',
  interfaces: [thing],
  fields: (): GraphQLFieldConfigMap<unknown, unknown> => ({
    id: { type: GraphQLInt },
    leaf: { type: GraphQLInt },
    a: { type: node },
    b: { type: node },
    heavy: { type: node, extensions: { complexity: 5 } },
    priced: { type: node, extensions: { complexity: () => 7 } },
    thing: { type: thing },
  }),
});
const query = new GraphQLObjectType({
  name: 'Query',
  fields: () => ({ a: { type: node }, b: { type: node }, leaf: { type: GraphQLInt }, thing: { type: thing } }),
});
const testSchema = new GraphQLSchema({ query, types: [node] });

function operationOf(source: string): { operation: OperationDefinitionNode; document: ReturnType<typeof parse> } {
  const document = parse(source);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
  return { operation, document };
}

function depthOf(source: string): number {
  const { operation, document } = operationOf(source);
  return selectionDepth(fragmentsOf(document))(operation.selectionSet);
}

function lowerBound(source: string, schema = testSchema) {
  const { operation, document } = operationOf(source);
  return complexityLowerBound(schema, operation, fragmentsOf(document));
}

/** What QueryComplexityPlugin's estimate says. */
function fullEstimate(source: string, schema = testSchema, variables: Record<string, unknown> = {}): number {
  return getComplexity({
    schema,
    query: parse(source),
    variables,
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    maxQueryNodes: Number.POSITIVE_INFINITY,
  });
}

/** The depth rule as it was: every spread walked again, on every path (exponential). */
function depthWalkingEverySpread(source: string): number {
  const { operation, document } = operationOf(source);
  const fragments = fragmentsOf(document);
  const walk = (selections: OperationDefinitionNode['selectionSet'], visiting: Set<string>): number => {
    let deepest = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? walk(selection.selectionSet, visiting) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, walk(selection.selectionSet, visiting));
      } else if (!visiting.has(selection.name.value) && fragments.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value)!;
        deepest = Math.max(deepest, walk(fragment.selectionSet, new Set([...visiting, selection.name.value])));
      }
    }
    return deepest;
  };
  return walk(operation.selectionSet, new Set());
}

/** A document whose fragment N spreads fragment N+1 twice: 2^levels copies of the last one. */
function fragmentBomb(levels: number, type = 'Query', last = 'a { leaf }'): string {
  const parts = ['query { ...F0 }'];
  for (let i = 0; i < levels; i++) parts.push(`fragment F${i} on ${type} { ...F${i + 1} ...F${i + 1} }`);
  parts.push(`fragment F${levels} on ${type} { ${last} }`);
  return parts.join('\n');
}

/**
 * Random acyclic documents over the test schema: fragment i (on Node) may spread only
 * fragments after it, and fields nest a few levels.
 */
const documents = fc.integer({ min: 0, max: 5 }).chain((fragmentCount) => {
  const selectionSet = (owner: number, depth: number): fc.Arbitrary<string> => {
    const spreads = Array.from({ length: fragmentCount - owner - 1 }, (_, i) => `...F${owner + 1 + i}`);
    const leaf = fc.constantFrom('leaf', 'id', '__typename', ...spreads);
    const selection =
      depth >= 3
        ? leaf
        : fc.oneof(
            leaf,
            fc
              .tuple(fc.constantFrom('a', 'b', 'heavy', 'x: a', 'y: heavy'), selectionSet(owner, depth + 1))
              .map(([field, inner]) => `${field} ${inner}`),
            selectionSet(owner, depth + 1).map((inner) => `... on Node ${inner}`),
          );
    return fc.array(selection, { minLength: 1, maxLength: 4 }).map((items) => `{ ${items.join(' ')} }`);
  };
  return fc
    .tuple(selectionSet(-1, 0), ...Array.from({ length: fragmentCount }, (_, i) => selectionSet(i, 0)))
    .map(
      ([root, ...bodies]) =>
        `query { a ${root} }\n${bodies.map((body, i) => `fragment F${i} on Node ${body}`).join('\n')}`,
    );
});

describe('selection depth', () => {
  it('is 15 for the standard introspection query (13 with its older typeDepth 7), which the rule lets through', () => {
    expect(depthOf(getIntrospectionQuery({ typeDepth: 7 }))).toBe(13);
    const introspection = getIntrospectionQuery();
    expect(depthOf(introspection)).toBe(MAX_QUERY_DEPTH);
    expect(validate(serviceSchema, parse(introspection), [...specifiedRules, depthLimitRule])).toEqual([]);
  });

  it('counts every field, introspection included, and no level for fragments', () => {
    expect(depthOf('{ leaf }')).toBe(1);
    expect(depthOf('{ a { b { leaf } } }')).toBe(3);
    expect(depthOf('{ __schema { types { name } } }')).toBe(3);
    expect(depthOf('{ ... on Query { a { ... on Node { leaf } } } }')).toBe(2);
    expect(depthOf('{ a { ...N } } fragment N on Node { b { ...M } } fragment M on Node { leaf }')).toBe(3);
  });

  it('is what walking every spread on every path gives, for any document without cycles', () => {
    fc.assert(
      fc.property(documents, (source) => {
        expect(depthOf(source)).toBe(depthWalkingEverySpread(source));
      }),
    );
  });

  it('refuses more than MAX_QUERY_DEPTH levels, also through fragments', () => {
    const nested = (levels: number) => `{ ${'a { '.repeat(levels - 1)}leaf${' }'.repeat(levels - 1)} }`;
    const errorsOf = (source: string) =>
      validate(testSchema, parse(source), [depthLimitRule]).map((error) => error.message);
    expect(errorsOf(nested(MAX_QUERY_DEPTH))).toEqual([]);
    expect(errorsOf(nested(MAX_QUERY_DEPTH + 1))).toEqual([
      `query is nested too deep: more than ${MAX_QUERY_DEPTH} levels`,
    ]);
    const viaFragments = `{ a { ...F } } fragment F on Node { ${'a { '.repeat(MAX_QUERY_DEPTH)}leaf${' }'.repeat(MAX_QUERY_DEPTH)} }`;
    expect(errorsOf(viaFragments)).toHaveLength(1);
  });

  it('measures each fragment once: a 40-level fragment bomb takes milliseconds', () => {
    const started = performance.now();
    expect(depthOf(fragmentBomb(40))).toBe(2);
    expect(validate(testSchema, parse(fragmentBomb(40)), [...specifiedRules, depthLimitRule])).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('ends on fragment cycles, which graphql reports', () => {
    const source = '{ a { ...A } } fragment A on Node { b { ...B } } fragment B on Node { a { ...A } }';
    expect(depthOf(source)).toBe(3);
    const messages = validate(testSchema, parse(source), [...specifiedRules, depthLimitRule]).map(
      (error) => error.message,
    );
    expect(messages).toEqual(['Cannot spread fragment "A" within itself via "B".']);
  });
});

describe('complexity lower bound', () => {
  it('is the estimate exactly, for any document without @skip, @include or complexity functions', () => {
    fc.assert(
      fc.property(documents, (source) => {
        expect(lowerBound(source)).toEqual({ points: fullEstimate(source), exact: true });
      }),
    );
  });

  it('is the estimate of the standard introspection query on the service schema', () => {
    const introspection = getIntrospectionQuery();
    expect(lowerBound(introspection, serviceSchema)).toEqual({
      points: fullEstimate(introspection, serviceSchema),
      exact: true,
    });
  });

  it('reads a field complexity that is a number, as the estimate does', () => {
    expect(lowerBound('{ a { heavy { leaf } } }')).toEqual({ points: 1 + 5 + 1, exact: true });
    expect(fullEstimate('{ a { heavy { leaf } } }')).toBe(7);
  });

  it('counts nothing it cannot know, and says it is only a minimum', () => {
    const cases = [
      // A complexity function decides alone.
      ['{ a { priced { leaf } } }', 1],
      // The variables decide.
      ['query ($x: Boolean!) { a { leaf @include(if: $x) b { leaf } } }', 3],
      ['{ a { ...F @skip(if: false) } } fragment F on Node { leaf }', 1],
      // On an interface, the estimate keeps the costliest type.
      ['{ thing { id ... on Node { a { leaf } } } }', 2],
    ] as const;
    for (const [source, points] of cases) {
      expect(lowerBound(source), source).toEqual({ points, exact: false });
      expect(fullEstimate(source, testSchema, { x: true }), source).toBeGreaterThanOrEqual(points);
    }
  });

  it('costs each fragment once: 2^40 copies of a field are counted in milliseconds', () => {
    const started = performance.now();
    expect(lowerBound(fragmentBomb(40))).toEqual({ points: 2 ** 41, exact: true });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('ends on fragment cycles', () => {
    const bound = lowerBound('{ a { ...A } } fragment A on Node { leaf b { ...B } } fragment B on Node { a { ...A } }');
    expect(bound.points).toBeGreaterThan(0);
  });
});

describe('limits', () => {
  it('let the standard introspection query parse within MAX_QUERY_TOKENS', () => {
    expect(() => parse(getIntrospectionQuery(), { maxTokens: MAX_QUERY_TOKENS })).not.toThrow();
    expect(() => parse(`{ ${'leaf '.repeat(MAX_QUERY_TOKENS)} }`, { maxTokens: MAX_QUERY_TOKENS })).toThrow(
      /more that 1000 tokens/,
    );
  });
});

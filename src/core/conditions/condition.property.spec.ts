import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParameterSpec, ParameterValue, ParameterValues } from '../parameters/parameter.types';
import { normalizePortRange } from '../parameters/port-range';
import { compare, identifier, literal, logical, not, type ConditionNode, type LiteralValue } from './condition.ast';
import { checkCondition } from './condition.checker';
import { compileCondition } from './condition.compiler';
import { ConditionError } from './condition.errors';
import { formatCondition } from './condition.formatter';
import { MAX_CONDITION_LENGTH, parseCondition } from './condition.parser';

const CNI_VALUES = ['canal', 'calico', 'weave', 'flannel'];
const PARAMETERS: readonly ParameterSpec[] = [
  { name: 'cni', type: 'enum', values: CNI_VALUES, defaultValue: 'canal' },
  { name: 'fallbackCni', type: 'enum', values: [...CNI_VALUES].reverse(), defaultValue: 'weave' },
  { name: 'airGap', type: 'boolean', defaultValue: false },
  { name: 'byoInfrastructure', type: 'boolean', defaultValue: false },
  { name: 'masterLoadBalancer', type: 'boolean', defaultValue: true },
  { name: 'ingressLoadBalancer', type: 'boolean', defaultValue: true },
  { name: 'nodePortRange', type: 'portRange', defaultValue: '30000-32767' },
  { name: 'hostPortRange', type: 'portRange', defaultValue: '1-1024' },
  { name: 'clusterName', type: 'string', defaultValue: 'kublr' },
  { name: 'masterCount', type: 'number', defaultValue: 3 },
];
const PARAMS = new Map(PARAMETERS.map((spec) => [spec.name, spec]));
const BOOLEAN_NAMES = PARAMETERS.filter((spec) => spec.type === 'boolean').map((spec) => spec.name);
const ERROR_CODES = ['syntax', 'unknown-parameter', 'type-mismatch', 'unknown-value', 'too-complex'];

/** Small pools shared by literals and values, so that comparisons often hit. */
const STRING_POOL = ['', 'kublr', 'a', 'x"y', "it's", 'back\\slash', 'é\n\t', '\u0000', '\ud800'];
const NUMBER_POOL = [0, 1, -1, 3, 2.5, -1.5, 1e21, 1e-7, Number.MIN_VALUE, -Number.MAX_VALUE];
const PORT_POOL = ['80', '443', '8080', '30000-32767', '1-65535', '1-1024'];

const portRange = fc
  .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }))
  .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);

/** Other spellings of the same range: "80" → "80-80" or "080", "1-1024" → "01-1024". */
function unnormalized(range: string): fc.Arbitrary<string> {
  const [from, to = from] = range.split('-');
  return fc.constantFrom(`${from}-${to}`, `0${from}${to === from ? '' : `-${to}`}`);
}

function literalFor(spec: ParameterSpec): fc.Arbitrary<LiteralValue> {
  switch (spec.type) {
    case 'enum':
      return fc.constantFrom(...(spec.values ?? []));
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.oneof(fc.constantFrom(...STRING_POOL), fc.string({ unit: 'binary' }));
    case 'number':
      return fc.oneof(
        fc.constantFrom(...NUMBER_POOL),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (value === 0 ? 0 : value)),
      );
    case 'portRange':
      // Literals need not be normalized: "80-80" must still equal a value of "80".
      return fc.oneof(
        fc.constantFrom(...PORT_POOL),
        fc.constantFrom(...PORT_POOL).chain(unnormalized),
        portRange,
        fc.integer({ min: 1, max: 65535 }).map(String),
      );
  }
}

function valueFor(spec: ParameterSpec): fc.Arbitrary<ParameterValue> {
  switch (spec.type) {
    case 'enum':
      return fc.constantFrom(...(spec.values ?? []));
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.constantFrom(...STRING_POOL);
    case 'number':
      return fc.constantFrom(...NUMBER_POOL);
    case 'portRange':
      return fc.constantFrom(...PORT_POOL, '1024');
  }
}

const valuesArbitrary: fc.Arbitrary<ParameterValues> = fc.record(
  Object.fromEntries(PARAMETERS.map((spec) => [spec.name, valueFor(spec)])),
);

const parameterName = fc.constantFrom(...PARAMETERS.map((spec) => spec.name));
const compareOperator = fc.constantFrom('==' as const, '!=' as const);

/** `param op literal`, sometimes written `literal op param`. */
const parameterLiteralComparison: fc.Arbitrary<ConditionNode> = parameterName.chain((name) =>
  fc
    .tuple(compareOperator, literalFor(PARAMS.get(name) as ParameterSpec), fc.boolean())
    .map(([operator, value, swapped]) =>
      swapped
        ? compare(operator, literal(value), identifier(name))
        : compare(operator, identifier(name), literal(value)),
    ),
);

const comparablePairs = PARAMETERS.flatMap((left) =>
  PARAMETERS.filter(
    (right) =>
      left.type === right.type &&
      (left.type !== 'enum' || [...(left.values ?? [])].sort().join() === [...(right.values ?? [])].sort().join()),
  ).map((right): [string, string] => [left.name, right.name]),
);

const parameterParameterComparison: fc.Arbitrary<ConditionNode> = fc
  .tuple(compareOperator, fc.constantFrom(...comparablePairs))
  .map(([operator, [left, right]]) => compare(operator, identifier(left), identifier(right)));

const membership: fc.Arbitrary<ConditionNode> = parameterName.chain((name) =>
  fc
    .array(literalFor(PARAMS.get(name) as ParameterSpec), { minLength: 1, maxLength: 5 })
    .map((values): ConditionNode => ({
      kind: 'in',
      subject: identifier(name),
      values: values.map(literal),
    })),
);

const leaf: fc.Arbitrary<ConditionNode> = fc.oneof(
  fc.constantFrom(...BOOLEAN_NAMES).map(identifier),
  fc.boolean().map(literal),
  parameterLiteralComparison,
  parameterParameterComparison,
  membership,
);

/** Well-typed conditions over PARAMETERS. */
const { condition } = fc.letrec<{ condition: ConditionNode }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', maxDepth: 5, withCrossShrink: true },
    leaf,
    tie('condition').map(not),
    fc
      .tuple(fc.constantFrom('&&' as const, '||' as const), tie('condition'), tie('condition'))
      .map(([operator, left, right]) => logical(operator, left, right)),
  ),
}));

/** A deliberately naive interpreter to compare the compiled closures with. */
function reference(node: ConditionNode, values: ParameterValues): boolean {
  switch (node.kind) {
    case 'identifier':
      return values[node.name] === true;
    case 'literal':
      return node.value === true;
    case 'not':
      return !reference(node.operand, values);
    case 'logical':
      return node.operator === '&&'
        ? reference(node.left, values) && reference(node.right, values)
        : reference(node.left, values) || reference(node.right, values);
    case 'compare': {
      const isPortRange = [node.left, node.right].some(
        (side) => side.kind === 'identifier' && PARAMS.get(side.name)?.type === 'portRange',
      );
      const left = operandValue(node.left, values, isPortRange);
      const right = operandValue(node.right, values, isPortRange);
      return node.operator === '==' ? left === right : left !== right;
    }
    case 'in': {
      const isPortRange = node.subject.kind === 'identifier' && PARAMS.get(node.subject.name)?.type === 'portRange';
      const subject = operandValue(node.subject, values, isPortRange);
      return node.values.some((item) => operandValue(item, values, isPortRange) === subject);
    }
  }
}

function operandValue(node: ConditionNode, values: ParameterValues, isPortRange: boolean): unknown {
  const value = node.kind === 'identifier' ? values[node.name] : node.kind === 'literal' ? node.value : undefined;
  return isPortRange && typeof value === 'string' ? normalizePortRange(value) : value;
}

function expectConditionError(error: unknown, source: string): void {
  expect(error).toBeInstanceOf(ConditionError);
  const conditionError = error as ConditionError;
  expect(ERROR_CODES).toContain(conditionError.code);
  expect(conditionError.message).not.toMatch(/[\n\r]/);
  if (conditionError.position !== undefined) {
    expect(conditionError.position).toBeGreaterThanOrEqual(0);
    expect(conditionError.position).toBeLessThanOrEqual(source.length);
  }
}

/** Sources made of the language's own pieces reach deeper into the parser than random text. */
const tokenSoup = fc
  .array(
    fc.constantFrom(
      'cni',
      'airGap',
      'nodePortRange',
      'masterCount',
      'clusterName',
      'foo',
      ' ',
      '==',
      '!=',
      '!',
      '&&',
      '||',
      '(',
      ')',
      '[',
      ']',
      ',',
      'in',
      'true',
      'false',
      '"calico"',
      "'weave'",
      '"8080"',
      '42',
      '-1.5',
      '"',
      "'",
      '\\',
      '=',
      '&',
      '|',
      ';',
      '`',
      'foo(',
      '1e5',
      '.',
      '-',
    ),
    { maxLength: 25 },
  )
  .map((pieces) => pieces.join(''));

describe('condition properties', () => {
  it('parses any text or fails with a ConditionError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), tokenSoup), (source) => {
        try {
          parseCondition(source);
        } catch (error) {
          expectConditionError(error, source);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('compiles any text or fails with a ConditionError; what compiles evaluates and round-trips', () => {
    fc.assert(
      fc.property(tokenSoup, valuesArbitrary, (source, values) => {
        let compiled;
        try {
          compiled = compileCondition(source, PARAMETERS);
        } catch (error) {
          expectConditionError(error, source);
          return;
        }
        expect(typeof compiled.evaluate(values)).toBe('boolean');
        expect(compileCondition(compiled.canonical, PARAMETERS).canonical).toBe(compiled.canonical);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips well-typed trees through format and parse, then checks and evaluates them', () => {
    fc.assert(
      fc.property(condition, valuesArbitrary, (tree, values) => {
        const text = formatCondition(tree);
        fc.pre(text.length <= MAX_CONDITION_LENGTH);
        const parsed = parseCondition(text);
        expect(parsed).toEqual(tree);
        expect(() => checkCondition(parsed, PARAMS)).not.toThrow();
        const compiled = compileCondition(text, PARAMETERS);
        expect(compiled.canonical).toBe(text);
        expect(compiled.evaluate(values)).toBe(reference(tree, values));
      }),
      { numRuns: 300 },
    );
  });

  it('evaluates single comparisons like the reference interpreter', () => {
    fc.assert(
      fc.property(leaf, valuesArbitrary, (tree, values) => {
        expect(compileCondition(formatCondition(tree), PARAMETERS).evaluate(values)).toBe(reference(tree, values));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the reference interpreter on the Kublr conditions for every value combination', () => {
    const sources = [
      'cni == "calico"',
      '!airGap',
      'cni in ["canal", "flannel"] && !byoInfrastructure',
      'ingressLoadBalancer',
      'nodePortRange == "30000-32767" || !masterLoadBalancer',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...sources), valuesArbitrary, (source, values) => {
        expect(compileCondition(source, PARAMETERS).evaluate(values)).toBe(reference(parseCondition(source), values));
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { resolveParameterValues } from '../parameters/parameter-values';
import type { ParameterSpec, ParameterValues } from '../parameters/parameter.types';
import { compare, identifier, inList, literal, logical, not } from './condition.ast';
import { ConditionError } from './condition.errors';
import { formatCondition } from './condition.formatter';
import { compileCondition, explainCondition, formatCondition as exported, parseCondition } from './index';

const KUBLR_PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'cni',
    type: 'enum',
    values: ['canal', 'calico', 'weave', 'flannel'],
    defaultValue: 'canal',
  },
  { name: 'airGap', type: 'boolean', defaultValue: false },
  { name: 'byoInfrastructure', type: 'boolean', defaultValue: false },
  { name: 'masterLoadBalancer', type: 'boolean', defaultValue: true },
  { name: 'ingressLoadBalancer', type: 'boolean', defaultValue: true },
  { name: 'nodePortRange', type: 'portRange', defaultValue: '30000-32767' },
  { name: 'hostPortRange', type: 'portRange', defaultValue: '30000-32767' },
  { name: 'clusterName', type: 'string', defaultValue: 'kublr' },
  { name: 'masterCount', type: 'number', defaultValue: 3 },
];

function valuesWith(overrides: Record<string, unknown> = {}): ParameterValues {
  return resolveParameterValues(KUBLR_PARAMETERS, overrides);
}

function evaluate(source: string, overrides: Record<string, unknown> = {}): boolean {
  return compileCondition(source, KUBLR_PARAMETERS).evaluate(valuesWith(overrides));
}

describe('compileCondition', () => {
  it('evaluates the Kublr examples', () => {
    expect(evaluate('cni == "calico"')).toBe(false);
    expect(evaluate('cni == "calico"', { cni: 'calico' })).toBe(true);
    expect(evaluate('!airGap')).toBe(true);
    expect(evaluate('!airGap', { airGap: 'true' })).toBe(false);
    expect(evaluate('ingressLoadBalancer')).toBe(true);
    expect(evaluate('ingressLoadBalancer', { ingressLoadBalancer: false })).toBe(false);
    const source = 'cni in ["canal", "flannel"] && !byoInfrastructure';
    expect(evaluate(source)).toBe(true);
    expect(evaluate(source, { cni: 'flannel' })).toBe(true);
    expect(evaluate(source, { cni: 'weave' })).toBe(false);
    expect(evaluate(source, { byoInfrastructure: true })).toBe(false);
  });

  it('evaluates every operator', () => {
    expect(evaluate('"calico" == cni', { cni: 'calico' })).toBe(true);
    expect(evaluate('cni != "calico"', { cni: 'calico' })).toBe(false);
    expect(evaluate('airGap || masterLoadBalancer && !byoInfrastructure')).toBe(true);
    expect(evaluate('(airGap || masterLoadBalancer) && byoInfrastructure')).toBe(false);
    expect(evaluate('airGap == false')).toBe(true);
    expect(evaluate('airGap == byoInfrastructure')).toBe(true);
    expect(evaluate('airGap != masterLoadBalancer')).toBe(true);
    expect(evaluate('masterCount == 3 && masterCount in [1, 3, 5] && masterCount != 3.5')).toBe(true);
    expect(evaluate('clusterName == "kublr" && clusterName != \'other\'')).toBe(true);
    expect(evaluate('true && !false')).toBe(true);
  });

  it('compares port ranges by their normalized form', () => {
    expect(evaluate('nodePortRange == "30000-32767"')).toBe(true);
    expect(evaluate('nodePortRange == "8080"', { nodePortRange: '8080-8080' })).toBe(true);
    expect(evaluate('nodePortRange == "8080-8080"', { nodePortRange: 8080 })).toBe(true);
    expect(evaluate('nodePortRange in ["080", "443"]', { nodePortRange: '80' })).toBe(true);
    expect(evaluate('nodePortRange == hostPortRange')).toBe(true);
    expect(evaluate('nodePortRange != hostPortRange', { hostPortRange: '1-2' })).toBe(true);
    // values that did not go through resolveParameterValues are normalized too
    const compiled = compileCondition('nodePortRange == "8080"', KUBLR_PARAMETERS);
    expect(compiled.evaluate({ ...valuesWith(), nodePortRange: '08080-8080' })).toBe(true);
    expect(compiled.evaluate({ ...valuesWith(), nodePortRange: '8081' })).toBe(false);
    expect(() => compiled.evaluate({ ...valuesWith(), nodePortRange: 'x' })).toThrow(
      new ConditionError(
        'unknown-value',
        'parameter "nodePortRange" has invalid value "x": "x" is not a port or a port range',
        { parameter: 'nodePortRange' },
      ),
    );
  });

  it('describes the compiled condition', () => {
    const compiled = compileCondition(
      ' ( cni in [\'canal\',"flannel"] )&&!byoInfrastructure || airGap&&cni=="weave" ',
      new Map(KUBLR_PARAMETERS.map((spec) => [spec.name, spec])),
    );
    expect(compiled.source).toBe(' ( cni in [\'canal\',"flannel"] )&&!byoInfrastructure || airGap&&cni=="weave" ');
    expect(compiled.canonical).toBe('cni in ["canal", "flannel"] && !byoInfrastructure || airGap && cni == "weave"');
    expect(compiled.parameters).toEqual(['airGap', 'byoInfrastructure', 'cni']);
    expect(compiled.node).toEqual(parseCondition(compiled.canonical));
    expect(Object.isFrozen(compiled)).toBe(true);
  });

  it.each([undefined, null, '', '   ', '\n\t'])('treats %j as always true', (source) => {
    const compiled = compileCondition(source, KUBLR_PARAMETERS);
    expect(compiled.canonical).toBe('');
    expect(compiled.parameters).toEqual([]);
    expect(compiled.node).toBeUndefined();
    expect(compiled.evaluate({})).toBe(true);
    expect(explainCondition(compiled, {})).toEqual({ result: true, parameters: {} });
  });

  it('reports parse and check errors as ConditionError', () => {
    expect(() => compileCondition('cni ==', KUBLR_PARAMETERS)).toThrow(ConditionError);
    expect(() => compileCondition('cnii == "calico"', KUBLR_PARAMETERS)).toThrow('unknown parameter "cnii"');
    expect(() => compileCondition('cni', [])).toThrow(
      new ConditionError('unknown-parameter', 'unknown parameter "cni" at position 0', {
        parameter: 'cni',
        position: 0,
      }),
    );
  });

  it('throws ConditionError for missing or mistyped values', () => {
    const compiled = compileCondition('airGap || cni == "calico"', KUBLR_PARAMETERS);
    expect(() => compiled.evaluate({ airGap: false })).toThrow(
      new ConditionError('unknown-parameter', 'no value for parameter "cni"', { parameter: 'cni' }),
    );
    expect(() => compiled.evaluate({ cni: 'calico' })).toThrow('no value for parameter "airGap"');
    expect(() => compiled.evaluate({ airGap: 'false', cni: 'calico' })).toThrow(
      new ConditionError('type-mismatch', 'parameter "airGap" has value "false", which is not a boolean', {
        parameter: 'airGap',
      }),
    );
    expect(() => compiled.evaluate({ airGap: false, cni: 1 })).toThrow(
      'parameter "cni" has value 1, which is not a string',
    );
    // short-circuit: cni is not read when airGap is true
    expect(compiled.evaluate({ airGap: true })).toBe(true);
  });

  it('reads only own properties of the values', () => {
    const specs: ParameterSpec[] = [{ name: 'constructor', type: 'boolean' }];
    const compiled = compileCondition('constructor', specs);
    expect(() => compiled.evaluate({})).toThrow('no value for parameter "constructor"');
    expect(compiled.evaluate({ constructor: true })).toBe(true);
  });
});

describe('explainCondition', () => {
  it('returns the result with the values of the referenced parameters', () => {
    const compiled = compileCondition('cni in ["canal", "flannel"] && !byoInfrastructure', KUBLR_PARAMETERS);
    expect(explainCondition(compiled, valuesWith({ cni: 'weave' }))).toEqual({
      result: false,
      parameters: { byoInfrastructure: false, cni: 'weave' },
    });
  });
});

describe('formatCondition', () => {
  it('is exported from the index', () => {
    expect(exported).toBe(formatCondition);
  });

  it.each([
    ['cni=="calico"', 'cni == "calico"'],
    ["cni == 'cal\"ico'", 'cni == "cal\\"ico"'],
    ['!(airGap)', '!airGap'],
    ['!!airGap', '!!airGap'],
    ['!(a == b)', '!(a == b)'],
    ['!a == b', '!a == b'],
    ['((a || b)) && c', '(a || b) && c'],
    ['a || (b && c)', 'a || b && c'],
    ['(a || b) || c', 'a || b || c'],
    ['a || (b || c)', 'a || (b || c)'],
    ['a && (b && c)', 'a && (b && c)'],
    ['!(a && b)', '!(a && b)'],
    ['a in [1,-2.5,true,"x"]', 'a in [1, -2.5, true, "x"]'],
    ['a == -0', 'a == 0'],
    ['a == 007.50', 'a == 7.5'],
    ['a == 1000000000000000000000', 'a == 1000000000000000000000'],
    ['a == 0.0000001', 'a == 0.0000001'],
    ['a == "\\u00e9\\n"', 'a == "é\\n"'],
  ])('formats %s as %s', (source, canonical) => {
    expect(formatCondition(parseCondition(source))).toBe(canonical);
    expect(parseCondition(canonical)).toEqual(parseCondition(source));
  });

  it('adds the parentheses trees built in code need', () => {
    const tree = logical(
      '&&',
      not(logical('||', identifier('a'), identifier('b'))),
      compare('!=', identifier('c'), literal(1e-7)),
    );
    expect(formatCondition(tree)).toBe('!(a || b) && c != 0.0000001');
    expect(parseCondition(formatCondition(tree))).toEqual(tree);
    const membership = inList(not(identifier('a')), ['x']);
    expect(formatCondition(membership)).toBe('!a in ["x"]');
    expect(parseCondition(formatCondition(membership))).toEqual(membership);
    const nested = compare('==', compare('==', identifier('a'), identifier('b')), literal(true));
    expect(formatCondition(nested)).toBe('(a == b) == true');
    expect(parseCondition(formatCondition(nested))).toEqual(nested);
  });
});

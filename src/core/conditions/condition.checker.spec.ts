import { describe, expect, it } from 'vitest';
import type { ParameterSpec } from '../parameters/parameter.types';
import { compare, identifier, literal, not } from './condition.ast';
import { checkCondition } from './condition.checker';
import { ConditionError, type ConditionErrorCode } from './condition.errors';
import { parseCondition } from './condition.parser';

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
  { name: 'clusterName', type: 'string', defaultValue: 'kublr' },
  { name: 'masterCount', type: 'number', defaultValue: 3 },
  { name: 'overlay', type: 'enum', values: ['flannel', 'weave', 'calico', 'canal'] },
  { name: 'proxyMode', type: 'enum', values: ['iptables', 'ipvs'] },
];
const PARAMS = new Map(KUBLR_PARAMETERS.map((spec) => [spec.name, spec]));

function check(source: string): void {
  checkCondition(parseCondition(source), PARAMS);
}

function errorOf(source: string): ConditionError {
  try {
    check(source);
  } catch (error) {
    if (error instanceof ConditionError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail the check`);
}

describe('checkCondition', () => {
  it.each([
    'cni == "calico"',
    '!airGap',
    'cni in ["canal", "flannel"] && !byoInfrastructure',
    'ingressLoadBalancer',
    '"calico" == cni',
    "cni != 'weave' || masterLoadBalancer == false",
    'true',
    'airGap == byoInfrastructure',
    'cni == overlay',
    'nodePortRange == "30000-32767" || nodePortRange in ["8080", "1-1024", "80-80"]',
    'clusterName == "" || clusterName in ["a", "b"]',
    'masterCount == 3 || masterCount != -1.5 || masterCount in [1, 5]',
    '!(cni == "calico" && !(airGap || byoInfrastructure))',
  ])('accepts %s', (source) => {
    expect(() => check(source)).not.toThrow();
  });

  it.each<[string, ConditionErrorCode, string, string | undefined, number | undefined]>([
    ['cnii == "calico"', 'unknown-parameter', 'unknown parameter "cnii" at position 0; did you mean "cni"?', 'cnii', 0],
    ['airgap', 'unknown-parameter', 'unknown parameter "airgap" at position 0; did you mean "airGap"?', 'airgap', 0],
    ['!zone', 'unknown-parameter', 'unknown parameter "zone" at position 1', 'zone', 1],
    ['airGap && x in [1]', 'unknown-parameter', 'unknown parameter "x" at position 10', 'x', 10],
    [
      'cni == "cilium"',
      'unknown-value',
      '"cilium" at position 7 is not a value of parameter "cni"; allowed values: canal, calico, weave, flannel',
      'cni',
      7,
    ],
    [
      'cni in ["canal", "Calico"]',
      'unknown-value',
      '"Calico" at position 17 is not a value of parameter "cni"; allowed values: canal, calico, weave, flannel',
      'cni',
      17,
    ],
    [
      'nodePortRange == "abc"',
      'unknown-value',
      '"abc" at position 17 is not a valid value of parameter "nodePortRange": "abc" is not a port or a port range',
      'nodePortRange',
      17,
    ],
    [
      'nodePortRange in ["200-100"]',
      'unknown-value',
      '"200-100" at position 18 is not a valid value of parameter "nodePortRange": range 200-100 is written backwards',
      'nodePortRange',
      18,
    ],
    [
      'nodePortRange != "70000"',
      'unknown-value',
      '"70000" at position 17 is not a valid value of parameter "nodePortRange": port 70000 is outside 1-65535',
      'nodePortRange',
      17,
    ],
    [
      'cni',
      'type-mismatch',
      'parameter "cni" at position 0 is an enum, not a boolean; compare it with a value, e.g. cni == "canal"',
      'cni',
      0,
    ],
    [
      'airGap && !masterCount',
      'type-mismatch',
      'parameter "masterCount" at position 11 is a number, not a boolean; compare it with a value, e.g. masterCount == 1',
      'masterCount',
      11,
    ],
    [
      'cni == 1',
      'type-mismatch',
      'parameter "cni" is an enum and cannot be compared with 1 at position 7; use a string, one of canal, calico, weave, flannel',
      'cni',
      7,
    ],
    [
      'airGap == "yes"',
      'type-mismatch',
      'parameter "airGap" is a boolean and cannot be compared with "yes" at position 10; use true or false',
      'airGap',
      10,
    ],
    [
      'masterCount == "3"',
      'type-mismatch',
      'parameter "masterCount" is a number and cannot be compared with "3" at position 15; use a number',
      'masterCount',
      15,
    ],
    [
      'clusterName in ["a", 1]',
      'type-mismatch',
      'parameter "clusterName" is a string and cannot be compared with 1 at position 21; use a string',
      'clusterName',
      21,
    ],
    [
      'nodePortRange == 8080',
      'type-mismatch',
      'parameter "nodePortRange" is a portRange and cannot be compared with 8080 at position 17; use a string such as "30000-32767" or "8080"',
      'nodePortRange',
      17,
    ],
    [
      '"a" == "b"',
      'type-mismatch',
      'comparison at position 4 needs a parameter: "a" == "b" compares two literals',
      undefined,
      4,
    ],
    [
      'cni == airGap',
      'type-mismatch',
      'cannot compare parameter "cni" (enum) with parameter "airGap" (boolean) at position 4',
      'airGap',
      4,
    ],
    [
      'cni != proxyMode',
      'type-mismatch',
      'cannot compare parameters "cni" and "proxyMode" at position 4: their enum values differ',
      'proxyMode',
      4,
    ],
    [
      '!cni == "calico"',
      'type-mismatch',
      'the left side of "==" at position 5 must be a parameter or a literal, not a "!" expression; to negate a comparison put "!" before parentheses, e.g. !(x == y)',
      undefined,
      5,
    ],
    [
      'airGap == (byoInfrastructure && masterLoadBalancer)',
      'type-mismatch',
      'the right side of "==" at position 7 must be a parameter or a literal, not an "&&" expression',
      undefined,
      7,
    ],
    [
      '"calico" in ["calico"]',
      'type-mismatch',
      '"in" at position 9 needs a parameter on its left, not "calico"',
      undefined,
      9,
    ],
    [
      '(airGap || byoInfrastructure) in [true]',
      'type-mismatch',
      '"in" at position 30 needs a parameter on its left, not an "||" expression',
      undefined,
      30,
    ],
    [
      '"calico"',
      'type-mismatch',
      '"calico" at position 0 is not a condition; compare a parameter with it',
      undefined,
      0,
    ],
    ['airGap || 1', 'type-mismatch', '1 at position 10 is not a condition; compare a parameter with it', undefined, 10],
  ])('rejects %s', (source, code, message, parameter, position) => {
    const error = errorOf(source);
    expect(error.message).toBe(message);
    expect(error.code).toBe(code);
    expect(error.parameter).toBe(parameter);
    expect(error.position).toBe(position);
  });

  it('keeps messages on one line whatever the literal', () => {
    expect(errorOf('cni == "a\\nb"').message).toBe(
      '"a\\nb" at position 7 is not a value of parameter "cni"; allowed values: canal, calico, weave, flannel',
    );
  });

  it('checks trees built in code, without positions', () => {
    expect(() => checkCondition(not(compare('==', literal('calico'), identifier('cni'))), PARAMS)).not.toThrow();
    expect(() => checkCondition(identifier('nope'), PARAMS)).toThrow(
      new ConditionError('unknown-parameter', 'unknown parameter "nope"', { parameter: 'nope' }),
    );
  });

  it('does not mistake prototype properties for parameters', () => {
    expect(errorOf('constructor').code).toBe('unknown-parameter');
    expect(errorOf('__proto__ == "x"').code).toBe('unknown-parameter');
  });
});

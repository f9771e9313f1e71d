import { describe, expect, it } from 'vitest';
import type { ParameterSpec } from './parameter.types';
import {
  coerceParameterValue,
  InvalidParameterValueError,
  MissingParameterValueError,
  ParameterError,
  resolveParameterValues,
  UnknownParameterError,
  validateParameterSpec,
} from './parameter-values';

const cni: ParameterSpec = {
  name: 'cni',
  type: 'enum',
  values: ['canal', 'calico', 'weave', 'flannel'],
  defaultValue: 'canal',
};
const airGap: ParameterSpec = { name: 'airGap', type: 'boolean', defaultValue: false };
const nodePortRange: ParameterSpec = {
  name: 'nodePortRange',
  type: 'portRange',
  defaultValue: '30000-32767',
};
const replicas: ParameterSpec = { name: 'replicas', type: 'number', defaultValue: 3 };
const clusterName: ParameterSpec = { name: 'clusterName', type: 'string' };
const specs = [cni, airGap, nodePortRange, replicas, clusterName];

function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('coerceParameterValue', () => {
  it('accepts JSON-typed values', () => {
    expect(coerceParameterValue(cni, 'calico')).toBe('calico');
    expect(coerceParameterValue(airGap, true)).toBe(true);
    expect(coerceParameterValue(replicas, 2.5)).toBe(2.5);
    expect(coerceParameterValue(clusterName, '')).toBe('');
    expect(coerceParameterValue(nodePortRange, '30000-32767')).toBe('30000-32767');
    expect(coerceParameterValue(nodePortRange, 8080)).toBe('8080');
  });

  it('accepts query-string text', () => {
    expect(coerceParameterValue(airGap, 'true')).toBe(true);
    expect(coerceParameterValue(airGap, 'false')).toBe(false);
    expect(coerceParameterValue(replicas, '42')).toBe(42);
    expect(coerceParameterValue(replicas, '-1.5')).toBe(-1.5);
    expect(coerceParameterValue(replicas, '1e+21')).toBe(1e21);
    expect(coerceParameterValue(clusterName, '42')).toBe('42');
  });

  it('normalizes port ranges', () => {
    expect(coerceParameterValue(nodePortRange, '8080-8080')).toBe('8080');
    expect(coerceParameterValue(nodePortRange, ' 0443 ')).toBe('443');
  });

  it.each([
    [cni, 'cilium', 'parameter "cni" must be one of canal, calico, weave, flannel; got "cilium"'],
    [cni, 1, 'parameter "cni" must be one of canal, calico, weave, flannel; got 1'],
    [airGap, 'yes', 'parameter "airGap" must be true or false; got "yes"'],
    [airGap, 'TRUE', 'parameter "airGap" must be true or false; got "TRUE"'],
    [airGap, 1, 'parameter "airGap" must be true or false; got 1'],
    [replicas, 'abc', 'parameter "replicas" must be a number; got "abc"'],
    [replicas, '0x10', 'parameter "replicas" must be a number; got "0x10"'],
    [replicas, '', 'parameter "replicas" must be a number; got ""'],
    [replicas, '1e999', 'parameter "replicas" must be a number; got "1e999"'],
    [replicas, Number.NaN, 'parameter "replicas" must be a number; got NaN'],
    [clusterName, 42, 'parameter "clusterName" must be a string; got 42'],
    [clusterName, ['a'], 'parameter "clusterName" must be a string; got a list'],
    [clusterName, { a: 1 }, 'parameter "clusterName" must be a string; got a object'],
    [
      nodePortRange,
      '70000',
      'parameter "nodePortRange" must be a port or a port range like "30000-32767"; port 70000 is outside 1-65535',
    ],
    [
      nodePortRange,
      '200-100',
      'parameter "nodePortRange" must be a port or a port range like "30000-32767"; range 200-100 is written backwards',
    ],
    [nodePortRange, true, 'parameter "nodePortRange" must be a port or a port range like "30000-32767"; got true'],
  ])('rejects %o = %j', (spec, raw, message) => {
    const error = errorOf(() => coerceParameterValue(spec, raw));
    expect(error).toBeInstanceOf(InvalidParameterValueError);
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as InvalidParameterValueError).message).toBe(message);
    expect((error as InvalidParameterValueError).parameter).toBe(spec.name);
    expect((error as InvalidParameterValueError).value).toBe(raw);
  });
});

describe('resolveParameterValues', () => {
  const withName = (name: string) => ({ clusterName: name });

  it('takes defaults for parameters without values', () => {
    expect(resolveParameterValues(specs, withName('prod'))).toEqual({
      cni: 'canal',
      airGap: false,
      nodePortRange: '30000-32767',
      replicas: 3,
      clusterName: 'prod',
    });
  });

  it('lets later layers override earlier ones', () => {
    const values = resolveParameterValues(specs, { cni: 'weave', airGap: true, clusterName: 'a' }, undefined, {
      cni: 'calico',
      airGap: 'false',
      nodePortRange: '8000-8000',
      clusterName: 'b',
    });
    expect(values).toEqual({
      cni: 'calico',
      airGap: false,
      nodePortRange: '8000',
      replicas: 3,
      clusterName: 'b',
    });
    expect(Object.isFrozen(values)).toBe(true);
  });

  it('treats undefined and null as not given', () => {
    const values = resolveParameterValues(
      specs,
      { cni: 'weave', clusterName: 'x' },
      { cni: null, replicas: undefined },
    );
    expect(values.cni).toBe('weave');
    expect(values.replicas).toBe(3);
  });

  it('rejects unknown parameters', () => {
    const error = errorOf(() => resolveParameterValues(specs, withName('a'), { foo: 1 }));
    expect(error).toBeInstanceOf(UnknownParameterError);
    expect((error as UnknownParameterError).message).toBe('unknown parameter "foo"');
    expect((error as UnknownParameterError).parameter).toBe('foo');
  });

  it('rejects an own __proto__ key as unknown, without touching prototypes', () => {
    const layer = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(() => resolveParameterValues(specs, layer)).toThrow('unknown parameter "__proto__"');
  });

  it('rejects invalid values even when a later layer overrides them', () => {
    expect(() => resolveParameterValues(specs, { cni: 'cilium' }, { cni: 'canal' })).toThrow(
      InvalidParameterValueError,
    );
  });

  it('reports a parameter with neither value nor default', () => {
    const error = errorOf(() => resolveParameterValues(specs));
    expect(error).toBeInstanceOf(MissingParameterValueError);
    expect((error as MissingParameterValueError).message).toBe('parameter "clusterName" has no value and no default');
    expect((error as MissingParameterValueError).parameter).toBe('clusterName');
  });
});

describe('validateParameterSpec', () => {
  it('accepts good specs', () => {
    for (const spec of specs) {
      expect(validateParameterSpec(spec)).toEqual([]);
    }
  });

  it.each<[ParameterSpec, string[]]>([
    [
      { name: 'node-port', type: 'string' },
      ['parameter name "node-port" is not valid: use letters, digits and "_", not starting with a digit'],
    ],
    [
      { name: '1st', type: 'string' },
      ['parameter name "1st" is not valid: use letters, digits and "_", not starting with a digit'],
    ],
    [{ name: 'in', type: 'boolean' }, ['parameter name "in" is reserved']],
    [{ name: 'x', type: 'list' as never }, ['parameter "x" has unknown type "list"']],
    [{ name: 'cni', type: 'enum' }, ['parameter "cni" is an enum without values']],
    [{ name: 'cni', type: 'enum', values: [] }, ['parameter "cni" is an enum without values']],
    [
      { name: 'cni', type: 'enum', values: ['a', '', 'a'] },
      [
        'parameter "cni" has enum value ""; values must be non-empty strings',
        'parameter "cni" lists value "a" more than once',
      ],
    ],
    [
      { name: 'airGap', type: 'boolean', values: ['x'] },
      ['parameter "airGap" lists values but is a boolean, not an enum'],
    ],
    [
      { ...cni, defaultValue: 'cilium' },
      ['default of parameter "cni" must be one of canal, calico, weave, flannel; got "cilium"'],
    ],
    [
      { name: 'airGap', type: 'boolean', defaultValue: 'true' },
      ['default of parameter "airGap" must be true or false; got "true"'],
    ],
    [
      { name: 'p', type: 'portRange', defaultValue: '9-1' },
      ['default of parameter "p" must be a port or a port range like "30000-32767"; range 9-1 is written backwards'],
    ],
    [{ name: 'n', type: 'number', defaultValue: '3' }, ['default of parameter "n" must be a number; got "3"']],
  ])('reports problems of %o', (spec, problems) => {
    expect(validateParameterSpec(spec)).toEqual(problems);
  });
});

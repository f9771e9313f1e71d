import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParameterSpec } from '../parameters/parameter.types';
import { compileCondition } from './condition.compiler';
import { checkSatisfiable } from './condition.satisfiability';

const PARAMS: ParameterSpec[] = [
  { name: 'cni', type: 'enum', values: ['canal', 'calico', 'weave', 'flannel'], defaultValue: 'canal' },
  { name: 'airGap', type: 'boolean', defaultValue: false },
  { name: 'byo', type: 'boolean', defaultValue: false },
  { name: 'region', type: 'string', defaultValue: 'eu' },
  { name: 'otherRegion', type: 'string' },
  { name: 'replicas', type: 'number', defaultValue: 3 },
  { name: 'nodePortRange', type: 'portRange', defaultValue: '30000-32767' },
];

function verdict(source: string) {
  return checkSatisfiable(compileCondition(source, PARAMS), PARAMS).kind;
}

describe('checkSatisfiable', () => {
  it.each([
    'cni == "calico"',
    'airGap && !byo',
    'cni in ["weave", "flannel"] && cni != "weave"',
    'region != "eu" && region != "us"',
    'region == otherRegion',
    'region != otherRegion && region == "eu"',
    'replicas != 3 && replicas != 4',
    'nodePortRange != "30000-32767"',
    'nodePortRange == "80" || nodePortRange == "81"',
  ])('finds a profile for %s', (source) => {
    const result = checkSatisfiable(compileCondition(source, PARAMS), PARAMS);
    expect(result.kind).toBe('satisfiable');
    if (result.kind === 'satisfiable') {
      const values = Object.fromEntries(PARAMS.map((spec) => [spec.name, spec.defaultValue ?? '']));
      expect(compileCondition(source, PARAMS).evaluate({ ...values, ...result.witness })).toBe(true);
    }
  });

  it.each([
    'cni == "calico" && cni == "weave"',
    'airGap && !airGap',
    'cni in ["weave", "flannel"] && !(cni in ["weave", "flannel"])',
    'region == "eu" && region == "us"',
    'region == otherRegion && region == "eu" && otherRegion != "eu"',
    'replicas == 3 && replicas == 4',
    'nodePortRange == "80" && nodePortRange == "81"',
    'false',
    '!(cni == "canal" || cni != "canal")',
  ])('knows that %s can never be true', (source) => {
    expect(verdict(source)).toBe('unsatisfiable');
  });

  it('agrees with trying every enum and boolean combination', () => {
    const atom = fc.oneof(
      fc.constantFrom('airGap', 'byo', '!airGap', '!byo'),
      fc.constantFrom('canal', 'calico', 'weave', 'flannel').map((value) => `cni == "${value}"`),
      fc.constantFrom('canal', 'calico', 'weave', 'flannel').map((value) => `cni != "${value}"`),
    );
    const expression = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('node'), fc.constantFrom('&&', '||'), tie('node')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        tie('node').map((inner) => `!(${inner})`),
      ),
    })).node;
    fc.assert(
      fc.property(expression, (source) => {
        const compiled = compileCondition(source, PARAMS);
        let anyTrue = false;
        for (const cni of ['canal', 'calico', 'weave', 'flannel'])
          for (const airGap of [false, true])
            for (const byo of [false, true])
              anyTrue ||= compiled.evaluate({ cni, airGap, byo, region: 'eu', replicas: 3, nodePortRange: '1' });
        expect(verdict(source)).toBe(anyTrue ? 'satisfiable' : 'unsatisfiable');
      }),
      { numRuns: 300 },
    );
  });
});

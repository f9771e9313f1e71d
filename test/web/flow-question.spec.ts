import { describe, expect, it } from 'vitest';
import {
  questionFromQuery,
  questionToQuery,
  questionVariables,
  subjectPatch,
  subjectValue,
  withQuery,
} from '../../web/src/components/flow-question';

describe('the flow question in the URL', () => {
  it('reads version, profile and p.<name> values, ignoring empty ones and other keys', () => {
    expect(
      questionFromQuery({ catalog: '1.30.0', 'p.cni': 'calico', 'p.airGap': '', 'p.': 'x', from: 'worker' }),
    ).toEqual({ catalog: '1.30.0', profile: null, params: { cni: 'calico' } });
    expect(questionFromQuery({ profile: 'calico-prod', catalog: '' })).toEqual({
      catalog: null,
      profile: 'calico-prod',
      params: {},
    });
  });

  it('writes back what it read, parameters sorted', () => {
    const query = { profile: 'p1', 'p.nodePortRange': '30080', 'p.cni': 'weave' };
    expect(questionToQuery(questionFromQuery(query))).toEqual({
      profile: 'p1',
      'p.cni': 'weave',
      'p.nodePortRange': '30080',
    });
    expect(Object.keys(questionToQuery(questionFromQuery(query)))).toEqual(['profile', 'p.cni', 'p.nodePortRange']);
  });

  it('leaves catalog, profile and params null for the service to default', () => {
    expect(questionVariables(questionFromQuery({}))).toEqual({ catalog: null, profile: null, params: null });
    expect(questionVariables(questionFromQuery({ 'p.airGap': 'true' }))).toEqual({
      catalog: null,
      profile: null,
      params: { airGap: 'true' },
    });
  });

  it('picks a version or a profile with one value, clearing the other', () => {
    expect(subjectValue(questionFromQuery({}))).toBe('catalog:latest');
    expect(subjectValue(questionFromQuery({ catalog: '1.30.0' }))).toBe('catalog:1.30.0');
    expect(subjectValue(questionFromQuery({ catalog: '1.30.0', profile: 'p1' }))).toBe('profile:p1');
    expect(subjectPatch('catalog:latest')).toEqual({ catalog: null, profile: null });
    expect(subjectPatch('catalog:1.30.0')).toEqual({ catalog: '1.30.0', profile: null });
    expect(subjectPatch('profile:p1')).toEqual({ catalog: null, profile: 'p1' });
  });

  it('builds a link with the query, or the bare path', () => {
    expect(withQuery('/flows', {})).toBe('/flows');
    expect(withQuery('/flows', { profile: 'a b', 'p.cni': 'calico' })).toBe('/flows?profile=a+b&p.cni=calico');
  });
});

import { describe, expect, it } from 'vitest';
import type { ResolvedFlow } from '../../flows/resolved-flow';
import { renderFixtures } from '../fixtures/render-fixtures';
import { directionOf, externalOmission, splitByFamily } from './cloud-firewall';

const input = renderFixtures()[1].input; // the Kublr catalog without any address
const https = input.flows.find((flow) => flow.key === 'node-internet-https') as ResolvedFlow;
const between = (source: string, destination: string): ResolvedFlow => ({ ...https, source, destination });

describe('directionOf', () => {
  it('decides by the kinds of the roles, whatever addresses the profile gives', () => {
    expect(directionOf(input, between('worker', 'master'))).toBe('ingress');
    expect(directionOf(input, between('node', 'internet'))).toBe('egress');
    expect(directionOf(input, between('kcp', 'cloud-api'))).toBe('egress');
    expect(directionOf(input, between('node', 'intranet'))).toBe('egress');
    // From the outside: still ingress on the hosts; to a load balancer: ingress on it.
    expect(directionOf(input, between('internet', 'worker'))).toBe('ingress');
    expect(directionOf(input, between('internet', 'ingress-lb'))).toBe('ingress');
    expect(directionOf(input, between('master-lb', 'master'))).toBe('ingress');
    // Between two outside roles no firewall of ours is on the path.
    expect(directionOf(input, between('intranet', 'internet'))).toBeNull();
    expect(externalOmission(input, between('intranet', 'internet'))).toMatch(/both of its roles are outside/);
    expect(externalOmission(input, between('node', 'internet'))).toBeNull();
  });
});

describe('splitByFamily', () => {
  it('keeps a rule whole when its literal ranges are of one family', () => {
    const sides = [[{ placeholder: 'master' }], [{ items: ['0.0.0.0/0'] }]];
    expect(splitByFamily(sides)).toEqual([{ family: null, sides }]);
  });

  it('writes one rule per family, filtering placeholders to it', () => {
    expect(splitByFamily([[{ placeholder: 'master' }], [{ items: ['0.0.0.0/0', '::/0'] }]])).toEqual([
      { family: 'ipv4', sides: [[{ placeholder: 'master', family: 'ipv4' }], [{ items: ['0.0.0.0/0'] }]] },
      { family: 'ipv6', sides: [[{ placeholder: 'master', family: 'ipv6' }], [{ items: ['::/0'] }]] },
    ]);
  });

  it('drops the rule of a family one side has no range of', () => {
    expect(splitByFamily([[{ items: ['10.0.1.0/24'] }], [{ items: ['0.0.0.0/0', '::/0'] }]])).toEqual([
      { family: 'ipv4', sides: [[{ items: ['10.0.1.0/24'] }], [{ items: ['0.0.0.0/0'] }]] },
    ]);
    // A side without any range (GCP's source tags only) does not stop a rule.
    expect(splitByFamily([[{ items: ['10.0.0.0/8', '2001:db8::/32'] }], []])).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError } from '../../common/errors/domain-error';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import type { ProfileInput } from './dto/profile.input';
import { checkProfileCommand, toProfileCommand } from './profile-command';

const catalog: CatalogDefinition = {
  version: '2.0.0',
  title: 'test',
  notes: '',
  roles: [
    { key: 'master', name: 'Master', description: '', includes: [], kind: 'host', defaultCidrs: [] },
    { key: 'worker', name: 'Worker', description: '', includes: [], kind: 'host', defaultCidrs: [] },
  ],
  parameters: [
    { name: 'cni', type: 'enum', values: ['canal', 'calico'], defaultValue: 'canal', description: '' },
    { name: 'airGap', type: 'boolean', defaultValue: false, description: '' },
  ],
  flows: [],
};

const check = (input: unknown) => checkProfileCommand(toProfileCommand('p', input as ProfileInput), catalog);

function problemOf(input: unknown): string {
  try {
    check(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).message;
  }
  throw new Error('expected a validation error');
}

describe('profile commands', () => {
  it('reads the REST form and the GraphQL form to the same checked profile', () => {
    const rest = check({
      version: '2.0.0',
      params: { cni: 'calico', airGap: 'true' },
      addresses: { master: ['10.0.1.0/24'], worker: { securityGroupIds: ['sg-1'], tags: ['w'] } },
    });
    const graphql = check({
      version: '2.0.0',
      params: [
        { name: 'cni', value: 'calico' },
        { name: 'airGap', value: true },
      ],
      addresses: [
        { role: 'master', cidrs: ['10.0.1.0/24'] },
        { role: 'worker', cidrs: null, securityGroupIds: ['sg-1'], tags: ['w'] },
      ],
    });
    expect(rest).toEqual(graphql);
    expect(rest).toEqual({
      name: 'p',
      description: '',
      params: { cni: 'calico', airGap: true },
      addresses: {
        master: { cidrs: ['10.0.1.0/24'], securityGroupIds: [], tags: [] },
        worker: { cidrs: [], securityGroupIds: ['sg-1'], tags: ['w'] },
      },
      management: null,
    });
  });

  it('checks management networks and ports: canonical CIDRs, duplicates dropped, none given is null', () => {
    const checkManagement = (management: unknown) =>
      checkProfileCommand(toProfileCommand('p', { management } as ProfileInput), catalog).management;
    expect(
      checkManagement({ cidrs: ['198.51.100.5', '2001:DB8::/32', '198.51.100.5/32'], ports: [22, 22, 2222] }),
    ).toEqual({
      cidrs: ['198.51.100.5/32', '2001:db8::/32'],
      ports: [22, 2222],
    });
    expect(checkManagement({ cidrs: [], ports: [] })).toBeNull();
    expect(checkManagement(null)).toBeNull();
    expect(() => checkManagement({ cidrs: ['10.0.0.1/8'] })).toThrow(
      /management\.cidrs: "10\.0\.0\.1\/8" is not a valid CIDR/,
    );
    expect(() => checkManagement({ cidrs: ['10.0.0.0/8'], ports: [0] })).toThrow(
      /management\.ports must be a list of whole numbers/,
    );
    expect(() => checkManagement({ networks: [] })).toThrow(/management has unknown field "networks"/);
  });

  it('defaults to "latest", no description, no params, no addresses', () => {
    expect(toProfileCommand('p', {} as ProfileInput)).toEqual({
      name: 'p',
      description: '',
      version: 'latest',
      params: [],
      addresses: [],
      management: null,
    });
  });

  it.each([
    [{ params: { mtu: 1 } }, 'unknown parameter "mtu"; catalog version 2.0.0 has cni, airGap'],
    [{ params: { cni: 'cilium' } }, 'parameter "cni" must be one of canal, calico; got "cilium"'],
    [{ params: [{ name: 'cni' }] }, 'params[0] must be an object with a name and a value'],
    [{ addresses: { kcp: [] } }, 'unknown role "kcp" in addresses; catalog version 2.0.0 has master, worker'],
    [{ addresses: [{ role: 'master' }, { role: 'master' }] }, 'role "master" is given more than once in addresses'],
    [
      { addresses: { master: ['10.0.0.0/8', '::/129'] } },
      'addresses.master.cidrs: "::/129" is not a valid CIDR: the prefix length of an IPv6 network is at most 128',
    ],
    [{ addresses: { master: { cidrs: '10.0.0.0/8' } } }, 'addresses.master.cidrs must be a list of strings'],
    [
      { addresses: { master: null } },
      'addresses.master must be a list of CIDRs or an object with cidrs, securityGroupIds and tags',
    ],
    [{ addresses: { worker: { tags: ['a\nb'] } } }, 'addresses.worker.tags: "a\\nb" contains a control character'],
  ])('rejects %j: %s', (input, message) => {
    expect(problemOf(input)).toBe(message);
  });

  it('rejects a name that is not a profile name before anything else', () => {
    expect(() => toProfileCommand('a/b', {} as ProfileInput)).toThrow(/^profile name "a\/b" is not valid/);
  });
});

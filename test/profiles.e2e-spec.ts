import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authorized, createTestApp, type TestApp } from './support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

// Writes with the test admin key; test/auth.e2e-spec.ts is about who may write.
const put = (name: string, body: unknown) =>
  authorized(request(t.server).put(`/api/v1/profiles/${name}`)).send(body as object);
const del = (name: string) => authorized(request(t.server).delete(`/api/v1/profiles/${name}`));
const get = (name: string) => request(t.server).get(`/api/v1/profiles/${name}`);
const graphql = (query: string, variables?: Record<string, unknown>) =>
  authorized(request(t.server).post('/graphql')).send({ query, variables }).expect(200);

const EMPTY_SET = { cidrs: [], securityGroupIds: [], tags: [] };

describe('REST /api/v1/profiles', () => {
  it('creates a profile (201) from the contract body, following "latest"', async () => {
    const res = await put('prod-eu', {
      version: 'latest',
      params: { cni: 'calico' },
      addresses: { master: ['10.0.1.0/24'], worker: ['10.0.2.0/24'] },
    }).expect(201);
    expect(res.body).toEqual({
      name: 'prod-eu',
      description: '',
      version: 'latest',
      resolvedVersion: '1.30.0',
      params: { cni: 'calico' },
      addresses: {
        master: { ...EMPTY_SET, cidrs: ['10.0.1.0/24'] },
        worker: { ...EMPTY_SET, cidrs: ['10.0.2.0/24'] },
      },
      management: null,
      revision: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await get('prod-eu').expect(200)).body).toEqual(res.body);
  });

  it('replaces it whole (200), address sets included, and bumps the revision', async () => {
    const before = (await get('prod-eu').expect(200)).body;
    const res = await put('prod-eu', {
      version: '1.30.0',
      description: 'Production, EU',
      params: { airGap: true, nodePortRange: '8080-8080' },
      addresses: { master: { cidrs: ['10.0.9.0/24'], securityGroupIds: ['sg-0abc'], tags: ['kublr-master'] } },
    }).expect(200);
    expect(res.body).toEqual({
      ...before,
      description: 'Production, EU',
      version: '1.30.0',
      resolvedVersion: '1.30.0',
      params: { airGap: true, nodePortRange: '8080' },
      addresses: { master: { cidrs: ['10.0.9.0/24'], securityGroupIds: ['sg-0abc'], tags: ['kublr-master'] } },
      revision: 2,
      updatedAt: expect.any(String),
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    expect((await get('prod-eu').expect(200)).body).toEqual(res.body);
  });

  it('takes both address forms in one body, normalising and de-duplicating CIDRs', async () => {
    const res = await put('both-forms', {
      addresses: {
        master: ['10.0.1.5', '10.0.1.5/32', '2001:DB8:0:0::/64'],
        'ingress-lb': { securityGroupIds: ['sg-1', 'sg-1'], tags: ['edge'] },
        kcp: { cidrs: ['192.168.0.0/16'] },
        node: [],
      },
    }).expect(201);
    expect(res.body.addresses).toEqual({
      'ingress-lb': { cidrs: [], securityGroupIds: ['sg-1'], tags: ['edge'] },
      kcp: { ...EMPTY_SET, cidrs: ['192.168.0.0/16'] },
      master: { ...EMPTY_SET, cidrs: ['10.0.1.5/32', '2001:db8::/64'] },
      node: EMPTY_SET,
    });
    expect(res.body).toMatchObject({ version: 'latest', resolvedVersion: '1.30.0', params: {} });
  });

  it('lists every profile by name', async () => {
    await put('B-1', {}).expect(201);
    await put('a.2', { version: '1.30.0' }).expect(201);
    const res = await request(t.server).get('/api/v1/profiles').expect(200);
    const names = res.body.profiles.map((profile: { name: string }) => profile.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['B-1', 'a.2', 'both-forms', 'prod-eu']));
    expect(res.body.profiles.find((profile: { name: string }) => profile.name === 'B-1')).toMatchObject({
      version: 'latest',
      resolvedVersion: '1.30.0',
    });
  });

  it('deletes a profile (204); then it is 404, and so is deleting it again', async () => {
    await put('short-lived', { params: { cni: 'weave' } }).expect(201);
    const res = await del('short-lived').expect(204);
    expect(res.text).toBe('');
    expect((await get('short-lived').expect(404)).body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'profile "short-lived" not found',
      details: { kind: 'profile', key: 'short-lived' },
    });
    const again = await del('short-lived').expect(404);
    expect(again.body.code).toBe('NOT_FOUND');
  });

  it('gives 404 for a catalog version that does not exist', async () => {
    const res = await put('pinned', { version: '9.9.9' }).expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: 'catalog version "9.9.9" not found' });
    await get('pinned').expect(404);
  });

  it.each([
    ['an unknown parameter', { params: { mtu: 1500 } }, /^unknown parameter "mtu"; catalog version 1\.30\.0 has cni, /],
    [
      'an enum value that does not exist',
      { params: { cni: 'cilium' } },
      /^parameter "cni" must be one of .*got "cilium"$/,
    ],
    [
      'a boolean that is not one',
      { params: { airGap: 'yes' } },
      /^parameter "airGap" must be true or false; got "yes"$/,
    ],
    ['a bad port range', { params: { nodePortRange: '70000' } }, /^parameter "nodePortRange" must be a port/],
    ['params that are not an object', { params: 'cni=calico' }, /^params must be an object$/],
    ['an unknown role', { addresses: { gateway: ['10.0.0.0/8'] } }, /^unknown role "gateway" in addresses; /],
    [
      'a prefix too long',
      { addresses: { master: ['10.0.1.0/33'] } },
      /^addresses\.master\.cidrs: "10\.0\.1\.0\/33" is not a valid CIDR: .* at most 32$/,
    ],
    [
      'an octet out of range',
      { addresses: { worker: { cidrs: ['300.1.1.1/24'] } } },
      /^addresses\.worker\.cidrs: "300\.1\.1\.1\/24" is not a valid CIDR/,
    ],
    [
      'host bits set',
      { addresses: { master: ['10.0.1.5/24'] } },
      /"10\.0\.1\.5\/24" is not a valid CIDR: host bits are set; the network is "10\.0\.1\.0\/24"$/,
    ],
    [
      'CIDRs that are not strings',
      { addresses: { master: [10] } },
      /^addresses\.master\.cidrs must be a list of strings$/,
    ],
    [
      'an unknown field of an address set',
      { addresses: { master: { cidr: ['10.0.1.0/24'] } } },
      /^addresses\.master has unknown field "cidr"/,
    ],
    ['an address set of the wrong type', { addresses: { master: '10.0.1.0/24' } }, /^addresses\.master must be a list/],
    [
      'an empty security group id',
      { addresses: { master: { securityGroupIds: [''] } } },
      /securityGroupIds: "" must not be empty$/,
    ],
    [
      'a tag with a control character',
      { addresses: { master: { tags: ['a\u0007b'] } } },
      /^addresses\.master\.tags: "a\\u0007b" contains a control character$/,
    ],
    [
      'a tag longer than 255 characters',
      { addresses: { master: { tags: ['t'.repeat(256)] } } },
      /is longer than 255 characters$/,
    ],
    [
      'more than 100 tags',
      { addresses: { master: { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) } } },
      /^addresses\.master\.tags has 101 entries; at most 100 are allowed$/,
    ],
    ['an unknown body field', { version: 'latest', cluster: 'x' }, /^property cluster should not exist$/],
    ['a version that is not a string', { version: 1.3 }, /^version must be a string$/],
  ])('rejects %s with a 400 naming it', async (_what, body, message) => {
    const res = await put('invalid', body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(message);
    await get('invalid').expect(404);
  });

  it.each(['-leading-dash', 'has space', '.hidden', 'ünïcode'])('rejects the profile name %j', async (name) => {
    const res = await put(encodeURIComponent(name), {}).expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining(`profile name ${JSON.stringify(name)} is not valid`),
    });
    await get(encodeURIComponent(name)).expect(400);
    await del(encodeURIComponent(name)).expect(400);
  });

  // Through GraphQL: Fastify answers 414 to a path parameter over 100 characters (its
  // default maxParamLength), before any of this code runs.
  it('takes names of up to 128 characters', async () => {
    const name = `a${'.-_9Z'.repeat(25)}xy`;
    expect(name).toHaveLength(128);
    const ok = await graphql('mutation ($name: String!) { putProfile(name: $name, input: {}) { name } }', { name });
    expect(ok.body.data.putProfile.name).toBe(name);
    const tooLong = await graphql('mutation ($name: String!) { putProfile(name: $name, input: {}) { name } }', {
      name: `${name}x`,
    });
    expect(tooLong.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^profile name ".*" is not valid: use 1-128 letters/),
      extensions: { code: 'VALIDATION_FAILED' },
    });
    expect((await graphql('mutation ($name: String!) { deleteProfile(name: $name) }', { name })).body.data).toEqual({
      deleteProfile: true,
    });
  });

  it('leaves the profile as it was when a replacement fails', async () => {
    await put('stable', { params: { cni: 'flannel' }, addresses: { master: ['10.1.0.0/16'] } }).expect(201);
    const before = (await get('stable').expect(200)).body;
    await put('stable', { params: { cni: 'canal' }, addresses: { master: ['10.2.0.0/16'], worker: ['bad'] } }).expect(
      400,
    );
    await put('stable', { params: { cni: 'canal' }, addresses: { master: ['10.2.0.0/16'] }, extra: 1 }).expect(400);
    await put('stable', { version: '0.0.1', addresses: { master: ['10.2.0.0/16'] } }).expect(404);
    expect((await get('stable').expect(200)).body).toEqual(before);
  });

  it('writes conditionally with If-Match: 412 on another revision, 200 on the current one', async () => {
    await put('guarded', {}).expect(201);
    const stale = await put('guarded', { params: { cni: 'weave' } })
      .set('If-Match', '"7"')
      .expect(412);
    expect(stale.body).toEqual({
      statusCode: 412,
      code: 'PRECONDITION_FAILED',
      message: 'profile "guarded" is at revision 1, not 7',
      details: { profile: 'guarded', revision: 1 },
    });
    expect((await get('guarded').expect(200)).body).toMatchObject({ revision: 1, params: {} });

    await put('guarded', { params: { cni: 'weave' } })
      .set('If-Match', '"1"')
      .expect(200);
    await put('guarded', { params: { cni: 'calico' } })
      .set('If-Match', '2')
      .expect(200);
    await put('guarded', { params: { cni: 'canal' } })
      .set('If-Match', '*')
      .expect(200);
    expect((await get('guarded').expect(200)).body).toMatchObject({ revision: 4, params: { cni: 'canal' } });

    const missing = await put('not-there', {}).set('If-Match', '*').expect(412);
    expect(missing.body.message).toBe('profile "not-there" does not exist, so If-Match * does not hold');
    await get('not-there').expect(404);

    const bad = await put('guarded', {}).set('If-Match', 'abc').expect(400);
    expect(bad.body.message).toBe('If-Match must be a profile revision such as "3", or *; got "abc"');

    await del('guarded').set('If-Match', '3').expect(412);
    await del('guarded').set('If-Match', '4').expect(204);
  });

  // The embedded database serves its pooled connections from one PGlite session and
  // interleaves their protocol messages, so concurrent queries can fail there ("portal does
  // not exist"); this needs a PostgreSQL server.
  const onServer = inject('testDatabase').kind === 'server';
  if (!onServer) console.log('skipped: concurrent profile writes need a PostgreSQL server (set DATABASE_URL; CI does)');
  it.runIf(onServer)('serialises concurrent writes to one name: one creates it, the others replace it', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => put('busy', { addresses: { master: [`10.0.${i}.0/24`] } })),
    );
    expect(results.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(results.map((res) => res.body.revision).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const last = results.find((res) => res.body.revision === 6)!;
    expect((await get('busy').expect(200)).body.addresses).toEqual(last.body.addresses);
  });

  it('documents the operations with unique operation ids', async () => {
    const doc = (await request(t.server).get('/api/docs-json').expect(200)).body;
    expect(doc.paths['/api/v1/profiles'].get.operationId).toBe('listProfiles');
    const one = doc.paths['/api/v1/profiles/{name}'];
    expect([one.get.operationId, one.put.operationId, one.delete.operationId]).toEqual([
      'getProfile',
      'putProfile',
      'deleteProfile',
    ]);
    expect(Object.keys(one.put.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '404', '412']));
  });
});

describe('GraphQL profiles', () => {
  const PROFILE_FIELDS = `name description version resolvedVersion revision
    params { name value } addresses { role cidrs securityGroupIds tags } catalog { version status }`;

  it('puts a profile from lists of params and address sets, and answers it with its catalog', async () => {
    const res = await graphql(
      `mutation ($input: ProfileInput!) { putProfile(name: "gql-1", input: $input) { ${PROFILE_FIELDS} } }`,
      {
        input: {
          description: 'from GraphQL',
          params: [
            { name: 'cni', value: 'calico' },
            { name: 'masterLoadBalancer', value: true },
          ],
          addresses: [
            { role: 'master', cidrs: ['10.0.1.0/24'], tags: ['kublr-master'] },
            { role: 'worker', securityGroupIds: ['sg-0abc'] },
          ],
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.putProfile).toEqual({
      name: 'gql-1',
      description: 'from GraphQL',
      version: 'latest',
      resolvedVersion: '1.30.0',
      revision: 1,
      params: expect.arrayContaining([
        { name: 'cni', value: 'calico' },
        { name: 'masterLoadBalancer', value: true },
      ]),
      addresses: [
        { role: 'master', cidrs: ['10.0.1.0/24'], securityGroupIds: [], tags: ['kublr-master'] },
        { role: 'worker', cidrs: [], securityGroupIds: ['sg-0abc'], tags: [] },
      ],
      catalog: { version: '1.30.0', status: 'published' },
    });
    expect(res.body.data.putProfile.params).toHaveLength(2);

    const rest = (await get('gql-1').expect(200)).body;
    expect(rest).toMatchObject({
      params: { cni: 'calico', masterLoadBalancer: true },
      addresses: { master: { cidrs: ['10.0.1.0/24'] }, worker: { securityGroupIds: ['sg-0abc'] } },
    });
  });

  it('answers profiles and profile(name) like REST, each with its catalog version', async () => {
    await put('gql-pinned', { version: '1.30.0', params: { cni: 'weave' } }).expect(201);
    const res = await graphql(`{ profiles { name version catalog { version } } one: profile(name: "gql-pinned") {
      ${PROFILE_FIELDS} } }`);
    expect(res.body.errors).toBeUndefined();
    const rest = (await request(t.server).get('/api/v1/profiles').expect(200)).body.profiles;
    expect(res.body.data.profiles.map((profile: { name: string }) => profile.name)).toEqual(
      rest.map((profile: { name: string }) => profile.name),
    );
    for (const profile of res.body.data.profiles) expect(profile.catalog).toEqual({ version: '1.30.0' });
    expect(res.body.data.one).toMatchObject({
      version: '1.30.0',
      resolvedVersion: '1.30.0',
      params: [{ name: 'cni', value: 'weave' }],
      addresses: [],
      catalog: { version: '1.30.0', status: 'published' },
    });
  });

  it('reports an unknown profile with NOT_FOUND', async () => {
    const res = await graphql('{ profile(name: "nope") { name } }');
    expect(res.body.data).toEqual({ profile: null });
    expect(res.body.errors[0]).toMatchObject({
      message: 'profile "nope" not found',
      extensions: { code: 'NOT_FOUND', statusCode: 404 },
    });
  });

  it.each([
    ['params: [{ name: "cni", value: "cilium" }]', /^parameter "cni" must be one of/],
    ['params: [{ name: "airGap", value: "yes" }]', /^parameter "airGap" must be true or false; got "yes"$/],
    [
      'params: [{ name: "cni", value: "weave" }, { name: "cni", value: "canal" }]',
      /^parameter "cni" is given more than once$/,
    ],
    ['addresses: [{ role: "gateway", cidrs: [] }]', /^unknown role "gateway" in addresses/],
    ['addresses: [{ role: "master", cidrs: ["10.0.1.0/33"] }]', /"10\.0\.1\.0\/33" is not a valid CIDR/],
  ])('rejects %s naming the problem', async (input, message) => {
    const res = await graphql(`mutation { putProfile(name: "gql-bad", input: { ${input} }) { name } }`);
    expect(res.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(message);
    await get('gql-bad').expect(404);
  });

  it('rejects a bad name, and a stale expectedRevision with PRECONDITION_FAILED', async () => {
    const badName = await graphql('mutation { putProfile(name: "no way", input: {}) { name } }');
    expect(badName.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const stale = await graphql('mutation { putProfile(name: "gql-1", input: {}, expectedRevision: 9) { name } }');
    expect(stale.body.errors[0]).toMatchObject({
      message: 'profile "gql-1" is at revision 1, not 9',
      extensions: { code: 'PRECONDITION_FAILED', statusCode: 412 },
    });
    const fresh = await graphql(
      'mutation { putProfile(name: "gql-1", input: { version: "1.30.0" }, expectedRevision: 1) { revision version } }',
    );
    expect(fresh.body.data.putProfile).toEqual({ revision: 2, version: '1.30.0' });
  });

  it('deletes a profile, then reports it gone', async () => {
    const first = await graphql('mutation { deleteProfile(name: "gql-1") }');
    expect(first.body).toEqual({ data: { deleteProfile: true } });
    const second = await graphql('mutation { deleteProfile(name: "gql-1") }');
    expect(second.body.errors[0].extensions.code).toBe('NOT_FOUND');
    await get('gql-1').expect(404);
  });
});

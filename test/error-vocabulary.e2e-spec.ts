import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../src/core/input-limits';
import { authorized, createTestApp, TEST_ADMIN_API_KEY, type TestApp } from './support/test-app';

/**
 * One vocabulary on both transports: the same fault gives the same code, HTTP status and
 * details over REST (`{statusCode, code, message, details}`) and GraphQL
 * (`errors[].extensions`), whichever endpoint it is found on.
 */
let t: TestApp;
const DRAFT = '1.99.0';

beforeAll(async () => {
  t = await createTestApp();
  await authorized(request(t.server).post('/api/v1/catalogs'))
    .send({ version: DRAFT, cloneFrom: '1.30.0' })
    .expect(201);
});

afterAll(async () => {
  await t?.close();
});

interface Fault {
  readonly statusCode: number;
  readonly code: string;
  readonly details?: unknown;
}

async function restFault(test: request.Test): Promise<Fault> {
  const res = await test;
  expect(res.body.statusCode, res.text).toBe(res.status);
  return { statusCode: res.status, code: res.body.code, details: res.body.details };
}

async function graphqlFault(query: string, key?: string): Promise<Fault> {
  let test = request(t.server).post('/graphql');
  if (key !== undefined) test = test.set('Authorization', `Bearer ${key}`);
  const res = await test.send({ query });
  expect(res.body.errors, res.text).toHaveLength(1);
  const { code, statusCode, details } = res.body.errors[0].extensions;
  return { statusCode, code, details };
}

const BAD_KEY = 'not-a-key-0123456789abcdef';

describe.each([
  {
    fault: 'a missing catalog version',
    rest: () => request(t.server).get('/api/v1/catalogs/9.9.9'),
    graphql: '{ catalog(version: "9.9.9") { version } }',
    expected: { statusCode: 404, code: 'NOT_FOUND', details: { kind: 'catalog-version', key: '9.9.9' } },
  },
  {
    fault: 'a missing catalog version of a flow question',
    rest: () => request(t.server).get('/api/v1/catalogs/9.9.9/flows?from=worker'),
    graphql: '{ flows(catalog: "9.9.9", from: "worker") { key } }',
    expected: { statusCode: 404, code: 'NOT_FOUND', details: { kind: 'catalog-version', key: '9.9.9' } },
  },
  {
    fault: 'a missing profile',
    rest: () => request(t.server).get('/api/v1/profiles/nope'),
    graphql: '{ profile(name: "nope") { name } }',
    expected: { statusCode: 404, code: 'NOT_FOUND', details: { kind: 'profile', key: 'nope' } },
  },
  {
    fault: 'a missing profile named in a flow question',
    rest: () => request(t.server).get('/api/v1/catalogs/latest/flows?profile=nope'),
    graphql: '{ flows(profile: "nope") { key } }',
    expected: { statusCode: 404, code: 'NOT_FOUND', details: { kind: 'profile', key: 'nope' } },
  },
  {
    fault: 'a missing flow asked about',
    rest: () => request(t.server).get('/api/v1/catalogs/1.30.0/flows/nope/explanation'),
    graphql: '{ explainFlow(catalog: "1.30.0", key: "nope") { key } }',
    expected: { statusCode: 404, code: 'NOT_FOUND', details: { kind: 'flow', key: 'nope' } },
  },
  {
    fault: 'a missing flow of a draft',
    rest: () => authorized(request(t.server).delete(`/api/v1/catalogs/${DRAFT}/flows/nope`)),
    graphql: `mutation { deleteFlow(version: "${DRAFT}", key: "nope") }`,
    key: true,
    expected: { statusCode: 404, code: 'NOT_FOUND', details: { kind: 'flow', key: 'nope', version: DRAFT } },
  },
  {
    fault: 'a bad parameter value',
    rest: () => request(t.server).get('/api/v1/catalogs/1.30.0/flows?cni=cilium'),
    graphql: '{ flows(catalog: "1.30.0", params: { cni: "cilium" }) { key } }',
    expected: { statusCode: 400, code: 'VALIDATION_FAILED', details: { field: 'cni', parameter: 'cni' } },
  },
  {
    fault: 'an unknown parameter',
    rest: () => request(t.server).get('/api/v1/catalogs/1.30.0/flows?cnii=calico'),
    graphql: '{ flows(catalog: "1.30.0", params: { cnii: "calico" }) { key } }',
    expected: { statusCode: 400, code: 'VALIDATION_FAILED', details: { field: 'cnii', parameter: 'cnii' } },
  },
  {
    fault: 'an unknown role',
    rest: () => request(t.server).get('/api/v1/catalogs/1.30.0/flows?from=router'),
    graphql: '{ flows(catalog: "1.30.0", from: "router") { key } }',
    expected: { statusCode: 400, code: 'VALIDATION_FAILED', details: { field: 'from', role: 'router' } },
  },
  {
    fault: 'a write to a published version',
    rest: () => authorized(request(t.server).delete('/api/v1/catalogs/1.30.0/flows/kubelet-api')),
    graphql: 'mutation { deleteFlow(version: "1.30.0", key: "kubelet-api") }',
    key: true,
    expected: { statusCode: 409, code: 'CONFLICT', details: { version: '1.30.0', status: 'published' } },
  },
  {
    fault: 'a bad API key',
    rest: () => request(t.server).delete('/api/v1/profiles/nope').set('Authorization', `Bearer ${BAD_KEY}`),
    graphql: 'mutation { deleteProfile(name: "nope") }',
    badKey: true,
    expected: { statusCode: 401, code: 'UNAUTHENTICATED' },
  },
])('$fault', ({ rest, graphql, key, badKey, expected }) => {
  it('has one code, status and details on both transports', async () => {
    const overRest = await restFault(rest());
    const overGraphQL = await graphqlFault(graphql, badKey ? BAD_KEY : key ? TEST_ADMIN_API_KEY : undefined);
    expect(overRest).toEqual(expected);
    expect(overGraphQL).toEqual(expected);
  });
});

describe('an invalid catalog document', () => {
  it('is VALIDATION_FAILED with the same field and problems on both transports', async () => {
    const document = {
      version: 'broken-1',
      roles: [{ id: 'node', name: 'Node' }],
      flows: [{ source: 'node', destination: 'mars', protocol: 'tcp', ports: '1' }],
    };
    const overRest = await restFault(authorized(request(t.server).post('/api/v1/catalogs/import')).send(document));
    const overGraphQL = await graphqlFault(
      `mutation { importCatalog(document: ${JSON.stringify(JSON.stringify(document))}) { version } }`,
      TEST_ADMIN_API_KEY,
    );
    expect(overRest).toEqual(overGraphQL);
    expect(overRest).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { field: expect.stringMatching(/^\/flows\/0/), problems: expect.any(Array) },
    });
  });
});

describe('GraphQL documents refused before any resolver runs', () => {
  it('keep Apollo’s codes, with status 400', async () => {
    const parse = await request(t.server).post('/graphql').send({ query: '{ catalogs {' }).expect(400);
    expect(parse.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED', statusCode: 400 });
    const validation = await request(t.server).post('/graphql').send({ query: '{ catalogs { nope } }' }).expect(400);
    expect(validation.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', statusCode: 400 });
    const variable = await request(t.server)
      .post('/graphql')
      .send({
        query: 'query ($v: Int) { reverseLookup(to: "master", port: $v) { __typename } }',
        variables: { v: 'eighty' },
      })
      .expect(400);
    expect(variable.body.errors[0], variable.text).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', statusCode: 400 },
    });
  });

  it('an argument the input rules refuse is VALIDATION_FAILED naming it, as over REST', async () => {
    const res = await request(t.server)
      .post('/graphql')
      .send({ query: `{ flows(to: "${'x'.repeat(5000)}") { key } }` });
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      statusCode: 400,
      details: { field: 'to' },
    });
  });
});

describe('GraphQL lookups by name', () => {
  it('a missing item is null with its error, and the other fields still answer', async () => {
    const res = await request(t.server)
      .post('/graphql')
      .send({ query: '{ ok: catalog(version: "1.30.0") { version } bad: catalog(version: "9.9.9") { version } }' })
      .expect(200);
    expect(res.body.data).toEqual({ ok: { version: '1.30.0' }, bad: null });
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        path: ['bad'],
        message: 'catalog version "9.9.9" not found',
        extensions: { code: 'NOT_FOUND', statusCode: 404, details: { kind: 'catalog-version', key: '9.9.9' } },
      }),
    ]);
  });

  it.each([
    ['profile', '{ profile(name: "nope") { name } }'],
    ['explainFlow', '{ explainFlow(catalog: "1.30.0", key: "nope") { key } }'],
    ['flows', '{ flows(catalog: "9.9.9") { key } }'],
    ['matrix', '{ matrix(catalog: "9.9.9") { version } }'],
    ['reverseLookup', '{ reverseLookup(catalog: "9.9.9", to: "master") { version } }'],
    ['diff', '{ diff(from: "1.30.0", to: "9.9.9") { from } }'],
    ['artifact', '{ artifact(catalog: "9.9.9", format: "json") { content } }'],
  ])('%s is null beside a field that answers', async (field, query) => {
    const res = await request(t.server)
      .post('/graphql')
      .send({ query: query.replace(/^\{/, '{ catalogs { version }') })
      .expect(200);
    expect(res.body.data[field]).toBeNull();
    expect(res.body.data.catalogs.length).toBeGreaterThan(0);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ path: [field], extensions: { code: 'NOT_FOUND' } });
  });
});

describe('one set of input limits on both transports', () => {
  const over = (limit: number) => 'x'.repeat(limit + 1);

  it.each([
    {
      what: 'a role id',
      rest: `/api/v1/catalogs/1.30.0/flows?to=${over(INPUT_LIMITS.roleId)}`,
      graphql: `{ flows(catalog: "1.30.0", to: "${over(INPUT_LIMITS.roleId)}") { key } }`,
      field: 'to',
      max: INPUT_LIMITS.roleId,
    },
    {
      what: 'a profile name',
      rest: `/api/v1/catalogs/1.30.0/flows?profile=${over(INPUT_LIMITS.profileName)}`,
      graphql: `{ flows(catalog: "1.30.0", profile: "${over(INPUT_LIMITS.profileName)}") { key } }`,
      field: 'profile',
      max: INPUT_LIMITS.profileName,
    },
    {
      what: 'a parameter value',
      rest: `/api/v1/catalogs/1.30.0/flows?cni=${over(INPUT_LIMITS.parameterValue)}`,
      graphql: `{ flows(catalog: "1.30.0", params: { cni: "${over(INPUT_LIMITS.parameterValue)}" }) { key } }`,
      field: 'cni',
      max: INPUT_LIMITS.parameterValue,
    },
  ])('$what one character over the limit: the same code, field and message', async ({ rest, graphql, field, max }) => {
    const overRest = await request(t.server).get(rest).expect(400);
    const overGraphQL = await request(t.server).post('/graphql').send({ query: graphql }).expect(200);
    const error = overGraphQL.body.errors[0];
    expect(overRest.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    expect(error.extensions).toMatchObject({ code: 'VALIDATION_FAILED', statusCode: 400, details: { field } });
    expect(overRest.body.message).toBe(`"${field}" is longer than ${max} characters`);
    expect(error.message).toBe(overRest.body.message);
  });

  it('a role id at the limit passes the length check on both, and is then an unknown role', async () => {
    const atLimit = 'x'.repeat(INPUT_LIMITS.roleId);
    const overRest = await request(t.server).get(`/api/v1/catalogs/1.30.0/flows?to=${atLimit}`).expect(400);
    const overGraphQL = await request(t.server)
      .post('/graphql')
      .send({ query: `{ flows(catalog: "1.30.0", to: "${atLimit}") { key } }` });
    expect(overRest.body.details).toEqual({ field: 'to', role: atLimit });
    expect(overGraphQL.body.errors[0].extensions.details).toEqual({ field: 'to', role: atLimit });
  });
});

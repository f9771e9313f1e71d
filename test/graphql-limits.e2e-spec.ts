import { getIntrospectionQuery } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUERY_COMPLEXITY, MAX_QUERY_NODES, MAX_QUERY_TOKENS } from '../src/common/graphql/query-limits';
import { MAX_JSON_DEPTH } from '../src/common/http/json-depth';
import { MAX_YAML_DEPTH } from '../src/core/catalog/yaml-text';
import { PrismaService } from '../src/database/prisma.service';
import { authorized, createTestApp, type TestApp } from './support/test-app';

/**
 * No request can freeze the service: whatever a query, a JSON body or a YAML document
 * makes the work grow with, it is refused in milliseconds with a 400 that names the limit
 * (GraphQL: Apollo's GRAPHQL_* codes, or BAD_REQUEST for a body that cannot be read, with
 * statusCode 400 in extensions), and nothing is written.
 */
let t: TestApp;
let editor: string;

beforeAll(async () => {
  t = await createTestApp();
  const res = await authorized(request(t.server).post('/api/v1/api-keys'))
    .send({ name: 'limits-editor', scopes: ['editor'] })
    .expect(201);
  editor = res.body.key;
});

afterAll(async () => {
  await t?.close();
});

async function counts() {
  const prisma = t.app.get(PrismaService);
  const [versions, flows, profiles, events] = await Promise.all([
    prisma.catalogVersion.count(),
    prisma.flow.count(),
    prisma.profile.count(),
    prisma.auditEvent.count(),
  ]);
  return { versions, flows, profiles, events };
}

function graphql(body: object, key?: string): request.Test {
  const test = request(t.server).post('/graphql');
  if (key !== undefined) test.set('Authorization', `Bearer ${key}`);
  return test.send(body);
}

/**
 * The one error of a GraphQL answer refused as the client's fault, with its code: Apollo's
 * for a document that does not parse or validate (limits included) or a variable of the
 * wrong type, BAD_REQUEST for a request that cannot be read at all.
 */
function refusal(res: request.Response, code = 'GRAPHQL_VALIDATION_FAILED'): string {
  expect(res.status, res.text.slice(0, 300)).toBe(400);
  expect(res.body.errors, res.text.slice(0, 300)).toHaveLength(1);
  expect(res.body.errors[0].extensions).toEqual({ code, statusCode: 400 });
  return res.body.errors[0].message;
}

/** Fragment N spreads fragment N+1 twice: 2^levels copies of the last fragment's fields. */
function fragmentBomb(levels: number, directive = ''): string {
  const parts = [`query { ...F0${directive} }`];
  for (let i = 0; i < levels; i++) {
    parts.push(`fragment F${i} on Query { ...F${i + 1}${directive} ...F${i + 1}${directive} }`);
  }
  parts.push(`fragment F${levels} on Query { catalogs { version } }`);
  return parts.join('\n');
}

/** JSON arrays nested `levels` deep. */
const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('GraphQL queries that grow exponentially or quadratically', () => {
  it.each([22, 30])(
    'refuses a %i-level fragment bomb in milliseconds while /health keeps answering',
    async (levels) => {
      const query = fragmentBomb(levels);
      expect(query.length).toBeLessThan(1400);
      const started = performance.now();
      const [bomb, health] = await Promise.all([graphql({ query }), request(t.server).get('/health')]);
      const elapsed = performance.now() - started;
      expect(health.status).toBe(200);
      expect(refusal(bomb)).toBe(
        `query is too complex: ${2 ** (levels + 1)} points, at most ${MAX_QUERY_COMPLEXITY} allowed`,
      );
      // Before, 22 levels blocked the event loop 7.6 s and 30 levels would have taken hours;
      // now both take milliseconds, so the bound is generous.
      expect(elapsed).toBeLessThan(2000);
    },
  );

  it('refuses a bomb the estimate must expand (spreads under @include) once it has visited too many selections', async () => {
    const res = await graphql({ query: fragmentBomb(12, ' @include(if: true)') });
    expect(refusal(res)).toBe(
      `query is too large: more than ${MAX_QUERY_NODES} selections once fragments are expanded`,
    );
  });

  it('refuses a query of many aliased fields as too complex', async () => {
    const fields = 'key source destination protocol ipProtocolNumber fromPort toPort component notes sections rows';
    const aliases = Array.from({ length: 45 }, (_, i) => `a${i}: flows { ${fields} }`).join(' ');
    expect(refusal(await graphql({ query: `{ ${aliases} }` }))).toBe(
      `query is too complex: 540 points, at most ${MAX_QUERY_COMPLEXITY} allowed`,
    );
  });

  it(`refuses a document of more than ${MAX_QUERY_TOKENS} tokens before validating it`, async () => {
    const res = await graphql({ query: `{ catalogs { ${'version '.repeat(MAX_QUERY_TOKENS)}} }` });
    expect(refusal(res, 'GRAPHQL_PARSE_FAILED')).toMatch(/more that 1000 tokens/);
  });

  it('refuses selections and list values nested thousands of levels deep', async () => {
    const selections = `{ ${'catalogs { '.repeat(5000)}version${' }'.repeat(5000)} }`;
    expect(refusal(await graphql({ query: selections }), 'GRAPHQL_PARSE_FAILED')).toMatch(/more that 1000 tokens/);
    const list = `{ flows(params: ${nestedArrays(5000)}) { key } }`;
    expect(refusal(await graphql({ query: list }), 'GRAPHQL_PARSE_FAILED')).toMatch(/more that 1000 tokens/);
    const deep = `{ __schema { types { fields { type { ${'ofType { '.repeat(12)}name${' }'.repeat(12)} } } } } }`;
    expect(refusal(await graphql({ query: deep }))).toBe('query is nested too deep: more than 15 levels');
  });

  it('still answers the standard introspection query', async () => {
    const res = await graphql({ query: getIntrospectionQuery() }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('JSON nested deeper than the limit', () => {
  const tooDeep = `JSON nested deeper than ${MAX_JSON_DEPTH} levels`;

  it('in a REST body: 400 naming the limit, nothing written', async () => {
    const before = await counts();
    for (const [method, path] of [
      ['put', '/api/v1/profiles/deep'],
      ['post', '/api/v1/catalogs/import'],
      ['post', '/api/v1/catalogs/validate'],
    ] as const) {
      const res = await request(t.server)
        [method](path)
        .set('Authorization', `Bearer ${editor}`)
        .set('Content-Type', 'application/json')
        .send(`{"params": ${nestedArrays(10_000)}}`);
      expect(res.status, path).toBe(400);
      expect(res.body, path).toEqual({ statusCode: 400, code: 'BAD_REQUEST', message: tooDeep });
    }
    await request(t.server).get('/api/v1/profiles/deep').expect(404);
    expect(await counts()).toEqual(before);
  });

  it('accepts JSON nested up to the limit (the resolver then judges it)', async () => {
    const params = JSON.parse(nestedArrays(MAX_JSON_DEPTH - 1));
    const res = await request(t.server)
      .put('/api/v1/profiles/deep-enough')
      .set('Authorization', `Bearer ${editor}`)
      .send({ params });
    expect(res.status).toBe(400);
    expect(res.body.message).not.toBe(tooDeep);
  });

  it('in GraphQL variables, used or not: the same 400, in GraphQL shape, nothing written', async () => {
    const before = await counts();
    const queries = [
      'query ($p: ParamsInput) { flows(params: $p) { key } }',
      '{ catalogs { version } }',
      'mutation ($input: ProfileInput!) { putProfile(name: "deep", input: $input) { name } }',
    ];
    for (const query of queries) {
      const body = `{"query": ${JSON.stringify(query)}, "variables": {"p": ${nestedArrays(10_000)}, "input": {"params": ${nestedArrays(10_000)}}}}`;
      const res = await request(t.server)
        .post('/graphql')
        .set('Authorization', `Bearer ${editor}`)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(refusal(res, 'BAD_REQUEST'), query).toBe(tooDeep);
    }
    expect(await counts()).toEqual(before);
  });

  it('in the variables or extensions of a GraphQL GET request', async () => {
    const get = (params: Record<string, string>) =>
      request(t.server).get('/graphql').set('apollo-require-preflight', '1').query(params);
    const query = 'query ($p: ParamsInput) { flows(params: $p) { key } }';
    const deep = `{"p": ${nestedArrays(200)}}`;
    expect(refusal(await get({ query, variables: deep }), 'BAD_REQUEST')).toBe(`${tooDeep} in variables`);
    expect(refusal(await get({ query, extensions: deep }), 'BAD_REQUEST')).toBe(`${tooDeep} in extensions`);
    const fine = await get({ query: '{ catalogs { version } }', variables: '{"p": [[1]]}' }).expect(200);
    expect(fine.body.data.catalogs.length).toBeGreaterThan(0);
  });

  it('a GraphQL body that is not JSON, or a variable of the wrong shape, is a 400 too', async () => {
    const notJson = await request(t.server).post('/graphql').set('Content-Type', 'application/json').send('{"query": ');
    expect(refusal(notJson, 'BAD_REQUEST')).toMatch(/JSON/);
    const wrongShape = await graphql({
      query: 'query ($p: ParamsInput) { flows(params: $p) { key } }',
      variables: { p: [[1]] },
    });
    expect(refusal(wrongShape, 'BAD_USER_INPUT')).toMatch(
      /^Variable "\$p" got invalid value \[\[1\]\]; ParamsInput must be an object/,
    );
  });
});

describe('YAML documents nested deeper than the limit', () => {
  const tooDeep = `document nested deeper than ${MAX_YAML_DEPTH} levels`;
  const deepYaml = `version: deep\nroles: []\nflows: []\nnotes: ${nestedArrays(100_000)}\n`;

  it('in a REST body: 400 naming the limit, in milliseconds, nothing written', async () => {
    const before = await counts();
    const started = performance.now();
    const res = await request(t.server)
      .post('/api/v1/catalogs/import')
      .set('Authorization', `Bearer ${editor}`)
      .set('Content-Type', 'application/yaml')
      .send(deepYaml);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: `invalid catalog: /: ${tooDeep}` });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await counts()).toEqual(before);
  });

  it('in a document GraphQL carries as a string', async () => {
    const before = await counts();
    const imported = await graphql(
      { query: 'mutation ($d: String!) { importCatalog(document: $d) { version } }', variables: { d: deepYaml } },
      editor,
    );
    expect(imported.body.errors[0]).toMatchObject({
      message: `invalid catalog: /: ${tooDeep}`,
      extensions: { code: 'VALIDATION_FAILED', statusCode: 400 },
    });
    const validated = await graphql(
      {
        query: 'query ($d: String!) { validateCatalogDocument(document: $d) { valid problems { path message } } }',
        variables: { d: deepYaml },
      },
      editor,
    ).expect(200);
    expect(validated.body.data.validateCatalogDocument).toEqual({
      valid: false,
      problems: [{ path: '', message: tooDeep }],
    });
    expect(await counts()).toEqual(before);
  });
});

describe('validateCatalogDocument', () => {
  const query = 'query ($d: String!) { validateCatalogDocument(document: $d) { version valid } }';
  const variables = { d: 'version: v1\nroles: []\nflows: []\n' };

  it('needs an API key, as POST /api/v1/catalogs/validate does', async () => {
    const res = await graphql({ query, variables }).expect(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', statusCode: 401 });
  });

  it('works with an editor key', async () => {
    const res = await graphql({ query, variables }, editor).expect(200);
    expect(res.body).toEqual({ data: { validateCatalogDocument: { version: 'v1', valid: true } } });
  });
});

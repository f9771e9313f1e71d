import { createHash, randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaService } from '../src/database/prisma.service';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Who may do what: every write needs a key with enough scope, over REST and GraphQL alike
 * (the write operations are enumerated from the OpenAPI document and the GraphQL schema,
 * so a new one cannot slip past), keys are shown once and stored as hashes, and with
 * READS_REQUIRE_KEY=true reads need a key too, response caches included.
 */
const BOOTSTRAP_KEY = 'bootstrap-admin-key-for-auth-tests';
const SCOPES = ['reader', 'editor', 'publisher', 'admin'] as const;
type Scope = (typeof SCOPES)[number];

/** The scope each GraphQL mutation needs; a mutation missing here fails the test until added. */
const MUTATION_SCOPES: Record<string, Scope> = {
  putProfile: 'editor',
  deleteProfile: 'editor',
  createApiKey: 'admin',
  revokeApiKey: 'admin',
  createWebhook: 'admin',
  deleteWebhook: 'admin',
  rotateWebhookSecret: 'admin',
  redeliverWebhookDelivery: 'admin',
  createCatalogVersion: 'editor',
  // The walk sends publish: true; a draft import (publish: false) needs editor, as the REST test shows.
  importCatalog: 'publisher',
  importFlowTables: 'editor',
  deleteCatalogVersion: 'editor',
  replaceCatalogDocument: 'editor',
  createRole: 'editor',
  updateRole: 'editor',
  deleteRole: 'editor',
  createParameter: 'editor',
  updateParameter: 'editor',
  deleteParameter: 'editor',
  createFlow: 'editor',
  updateFlow: 'editor',
  deleteFlow: 'editor',
  publishCatalogVersion: 'publisher',
  deprecateCatalogVersion: 'publisher',
};

/**
 * The queries that need a scope whatever READS_REQUIRE_KEY says; every other query is a
 * public read. A query missing here that needs a key fails the test until added.
 */
const QUERY_SCOPES: Record<string, Scope> = {
  apiKeys: 'admin',
  auditEvents: 'admin',
  webhooks: 'admin',
  webhook: 'admin',
  webhookDeliveries: 'admin',
  // Reading a document costs seconds when it is large: as REST's POST /catalogs/validate.
  validateCatalogDocument: 'editor',
};

interface CreatedKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string | null;
  key: string;
}

let t: TestApp;
/** A key of each scope, created by the bootstrap key. */
const keys = {} as Record<Scope, CreatedKey>;

beforeAll(async () => {
  t = await createTestApp({ adminApiKey: BOOTSTRAP_KEY });
  for (const scope of SCOPES) keys[scope] = await createKey(t, { name: `${scope}-key`, scopes: [scope] });
});

afterAll(async () => {
  await t?.close();
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

async function createKey(app: TestApp, body: object, key = BOOTSTRAP_KEY): Promise<CreatedKey> {
  return (await request(app.server).post('/api/v1/api-keys').set(bearer(key)).send(body).expect(201)).body;
}

function graphql(app: TestApp, query: string, variables?: object, key?: string) {
  const test = request(app.server).post('/graphql');
  if (key !== undefined) test.set(bearer(key));
  return test.send({ query, variables });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The random part of a key: what must never be found anywhere but in its create answer. */
const secretOf = (key: string) => key.slice('nrk_12345678_'.length);

/** The scope just below `scope`, or undefined for reader. */
const below = (scope: Scope): Scope | undefined => SCOPES[SCOPES.indexOf(scope) - 1];

describe('API keys', () => {
  it('are created by the bootstrap key, shown once as nrk_<prefix>_<secret>', async () => {
    const created = await createKey(t, { name: 'ci-pipeline', scopes: ['editor', 'reader', 'editor'] });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'ci-pipeline',
      prefix: expect.stringMatching(/^[0-9A-Za-z]{8}$/),
      scopes: ['reader', 'editor'],
      createdAt: expect.any(String),
      expiresAt: null,
      key: expect.stringMatching(/^nrk_[0-9A-Za-z]{8}_[A-Za-z0-9_-]{43}$/),
    });
    expect(created.key.startsWith(`nrk_${created.prefix}_`)).toBe(true);
  });

  it('store only a hash, and are never returned by the list', async () => {
    const prisma = t.app.get(PrismaService);
    const rows = await prisma.apiKey.findMany();
    expect(rows).toHaveLength(Object.keys(keys).length + 1);
    for (const created of Object.values(keys)) {
      const row = rows.find((candidate) => candidate.id === created.id)!;
      expect(row.hash).toBe(sha256(created.key));
      expect(JSON.stringify(row)).not.toContain(secretOf(created.key));
    }

    for (const list of [
      (await request(t.server).get('/api/v1/api-keys').set(bearer(BOOTSTRAP_KEY)).expect(200)).body.apiKeys,
      (
        await graphql(
          t,
          '{ apiKeys { id name prefix scopes createdAt expiresAt revokedAt lastUsedAt } }',
          {},
          keys.admin.key,
        )
      ).body.data.apiKeys,
    ]) {
      expect(list).toHaveLength(rows.length);
      const text = JSON.stringify(list);
      for (const row of rows) expect(text).not.toContain(row.hash);
      for (const created of Object.values(keys)) expect(text).not.toContain(secretOf(created.key));
      expect(Object.keys(list[0]).sort()).toEqual(
        ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scopes'].sort(),
      );
    }
    const introspection = await graphql(t, '{ __type(name: "ApiKey") { fields { name } } }');
    expect(introspection.body.data.__type.fields.map((field: { name: string }) => field.name)).not.toContain('key');
  });

  it('work with their scope: editors write profiles, admins create keys, nobody above their scope', async () => {
    await request(t.server).put('/api/v1/profiles/by-editor').set(bearer(keys.editor.key)).send({}).expect(201);
    const refused = await request(t.server)
      .put('/api/v1/profiles/by-reader')
      .set(bearer(keys.reader.key))
      .send({})
      .expect(403);
    expect(refused.body).toEqual({
      statusCode: 403,
      code: 'FORBIDDEN',
      message: 'this operation needs an API key with the "editor" scope; this key has "reader"',
      details: { requiredScope: 'editor' },
    });
    await request(t.server).get('/api/v1/profiles/by-reader').expect(404);

    const byAdmin = await createKey(t, { name: 'made-by-admin', scopes: ['reader'] }, keys.admin.key);
    await request(t.server).put('/api/v1/profiles/by-reader').set(bearer(byAdmin.key)).send({}).expect(403);
    await request(t.server)
      .post('/api/v1/api-keys')
      .set(bearer(keys.publisher.key))
      .send({ name: 'escalation', scopes: ['admin'] })
      .expect(403);

    const gql = await graphql(
      t,
      'mutation { putProfile(name: "gql-by-editor", input: {}) { name } }',
      {},
      keys.editor.key,
    );
    expect(gql.body).toEqual({ data: { putProfile: { name: 'gql-by-editor' } } });
  });

  it('record their creation and revocation in the audit log, by key id, never with a secret', async () => {
    const prisma = t.app.get(PrismaService);
    const made = await createKey(t, { name: 'audited', scopes: ['reader'] }, keys.admin.key);
    await request(t.server).delete(`/api/v1/api-keys/${made.id}`).set(bearer(BOOTSTRAP_KEY)).expect(204);
    const events = await prisma.auditEvent.findMany({ where: { entityId: made.id }, orderBy: { id: 'asc' } });
    expect(events).toMatchObject([
      {
        actorKeyId: keys.admin.id,
        action: 'api-key.create',
        entityType: 'api-key',
        before: null,
        after: { id: made.id, name: 'audited', prefix: made.prefix, scopes: ['reader'], revokedAt: null },
        requestId: expect.any(String),
      },
      {
        actorKeyId: null,
        action: 'api-key.revoke:bootstrap',
        entityType: 'api-key',
        before: { revokedAt: null },
        after: { revokedAt: expect.any(String) },
      },
    ]);
    const bootstrapCreations = await prisma.auditEvent.findMany({ where: { action: 'api-key.create:bootstrap' } });
    expect(bootstrapCreations.length).toBeGreaterThanOrEqual(SCOPES.length);
    expect(bootstrapCreations.every((event) => event.actorKeyId === null)).toBe(true);

    const everything = JSON.stringify(await prisma.auditEvent.findMany(), (_key, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    );
    const rows = await prisma.apiKey.findMany();
    for (const row of rows) expect(everything).not.toContain(row.hash);
    for (const created of [...Object.values(keys), made]) expect(everything).not.toContain(secretOf(created.key));
    expect(everything).not.toContain(BOOTSTRAP_KEY);
  });

  it('record their last use at most once a minute', async () => {
    const prisma = t.app.get(PrismaService);
    const fresh = await createKey(t, { name: 'used', scopes: ['editor'] });
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt).toBeNull();
    await request(t.server).put('/api/v1/profiles/used-1').set(bearer(fresh.key)).send({}).expect(201);
    const first = (await prisma.apiKey.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await request(t.server).put('/api/v1/profiles/used-2').set(bearer(fresh.key)).send({}).expect(201);
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt).toEqual(first);
  });

  it('stop working once revoked (401), and revoking is idempotent; an unknown id is 404', async () => {
    const doomed = await createKey(t, { name: 'doomed', scopes: ['editor'] });
    await request(t.server).put('/api/v1/profiles/doomed').set(bearer(doomed.key)).send({}).expect(201);
    await request(t.server).delete(`/api/v1/api-keys/${doomed.id}`).set(bearer(keys.admin.key)).expect(204);
    const res = await request(t.server).put('/api/v1/profiles/doomed').set(bearer(doomed.key)).send({}).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'the API key "doomed" was revoked' });

    await request(t.server).delete(`/api/v1/api-keys/${doomed.id}`).set(bearer(keys.admin.key)).expect(204);
    const listed = (await request(t.server).get('/api/v1/api-keys').set(bearer(keys.admin.key)).expect(200)).body;
    expect(listed.apiKeys.find((key: { id: string }) => key.id === doomed.id).revokedAt).toEqual(expect.any(String));

    for (const id of [randomUUID(), 'not-a-uuid']) {
      const missing = await request(t.server).delete(`/api/v1/api-keys/${id}`).set(bearer(keys.admin.key)).expect(404);
      expect(missing.body).toMatchObject({ code: 'NOT_FOUND', message: `API key "${id}" not found` });
    }

    const gqlDoomed = await createKey(t, { name: 'gql-doomed', scopes: ['reader'] });
    const revoked = await graphql(
      t,
      'mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
      { id: gqlDoomed.id },
      keys.admin.key,
    );
    expect(revoked.body.data.revokeApiKey).toEqual({ id: gqlDoomed.id, revokedAt: expect.any(String) });
    const after = await graphql(t, 'mutation { deleteProfile(name: "x") }', {}, gqlDoomed.key);
    expect(after.body.errors[0]).toMatchObject({
      message: 'the API key "gql-doomed" was revoked',
      extensions: { code: 'UNAUTHENTICATED', statusCode: 401 },
    });
  });

  it('stop working once expired (401)', async () => {
    const soon = await createKey(t, { name: 'short', scopes: ['editor'], expiresAt: '2999-01-01T00:00:00Z' });
    expect(soon.expiresAt).toBe('2999-01-01T00:00:00.000Z');
    await request(t.server).put('/api/v1/profiles/short').set(bearer(soon.key)).send({}).expect(201);
    const past = new Date(Date.now() - 1000);
    await t.app.get(PrismaService).apiKey.update({ where: { id: soon.id }, data: { expiresAt: past } });
    const res = await request(t.server).put('/api/v1/profiles/short').set(bearer(soon.key)).send({}).expect(401);
    expect(res.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: `the API key "short" expired at ${past.toISOString()}`,
    });
    const gql = await graphql(t, 'mutation { deleteProfile(name: "short") }', {}, soon.key);
    expect(gql.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('are checked when created: name, scopes, an expiry in the future', async () => {
    const post = (body: object) =>
      request(t.server).post('/api/v1/api-keys').set(bearer(BOOTSTRAP_KEY)).send(body).expect(400);
    expect((await post({ name: 'x', scopes: ['root'] })).body.message).toBe(
      'each of scopes must be one of reader, editor, publisher, admin',
    );
    expect((await post({ name: 'x', scopes: [] })).body.message).toBe('scopes must name at least one scope');
    expect((await post({ scopes: ['reader'] })).body.message).toMatch(/^name must be/);
    expect((await post({ name: '  ', scopes: ['reader'] })).body.message).toMatch(/^name must be 1-128 characters/);
    expect((await post({ name: 'x', scopes: ['reader'], expiresAt: 'tomorrow' })).body.message).toBe(
      'expiresAt must be an ISO 8601 date-time, e.g. 2030-01-01T00:00:00Z',
    );
    expect((await post({ name: 'x', scopes: ['reader'], expiresAt: '2001-01-01T00:00:00Z' })).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'expiresAt must be in the future',
    });
    expect((await post({ name: 'x', scopes: ['reader'], key: 'nrk_chosen' })).body.message).toBe(
      'property key should not exist',
    );

    const gql = await graphql(
      t,
      'mutation { createApiKey(input: { name: "gql", scopes: [publisher], expiresAt: "2999-06-01T12:00:00Z" }) { name scopes expiresAt key } }',
      {},
      keys.admin.key,
    );
    expect(gql.body.data.createApiKey).toEqual({
      name: 'gql',
      scopes: ['publisher'],
      expiresAt: '2999-06-01T12:00:00.000Z',
      key: expect.stringMatching(/^nrk_/),
    });
  });
});

describe('credentials that do not identify a key', () => {
  const write = (headers: Record<string, string>) =>
    request(t.server).put('/api/v1/profiles/anyone').set(headers).send({}).expect(401);

  it('answer 401 without a key, with WWW-Authenticate: Bearer', async () => {
    const res = await write({});
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'an API key is required: send "Authorization: Bearer <api key>"',
    });
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no token', 'Bearer'],
    ['only spaces after the scheme', 'Bearer    '],
    ['no scheme', BOOTSTRAP_KEY],
    ['a scheme that is not Bearer', `Token ${BOOTSTRAP_KEY}`],
    ['a token over 1024 characters', `Bearer ${'k'.repeat(1025)}`],
  ])('answer 401 to a malformed header (%s), saying what is expected', async (_what, header) => {
    const res = await write({ Authorization: header });
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_request"');
    expect(res.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'the Authorization header is malformed: expected "Bearer <api key>"',
    });
  });

  it('answer 401 to a key that does not exist, or has the prefix of one and another secret', async () => {
    const forged = `nrk_${keys.admin.prefix}_${'A'.repeat(43)}`;
    for (const key of [
      'nrk_AAAAAAAA_' + 'A'.repeat(43),
      forged,
      'some-random-text-of-some-length',
      `${BOOTSTRAP_KEY}x`,
    ]) {
      const res = await write(bearer(key));
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'the API key is not valid' });
    }
  });

  it('accept the scheme in any case', async () => {
    await request(t.server)
      .put('/api/v1/profiles/any-case')
      .set('Authorization', `bearer ${keys.editor.key}`)
      .send({})
      .expect(201);
  });
});

describe('every write', () => {
  /** Every non-GET operation of the OpenAPI document, with a URL to call it. */
  async function restWrites(): Promise<Array<{ method: string; url: string; scope: Scope; id: string }>> {
    const doc = (await request(t.server).get('/api/docs-json').expect(200)).body;
    const operations = [];
    for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'get' || method === 'parameters') continue;
        const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => {
          const parameter = (operation.parameters as Array<{ name: string; schema?: { format?: string } }>).find(
            (candidate) => candidate.name === name,
          );
          return parameter?.schema?.format === 'uuid' ? randomUUID() : 'auth-probe';
        });
        const scope = (operation['x-required-scope'] as Scope | undefined) ?? 'admin';
        operations.push({ method, url, scope, id: `${method.toUpperCase()} ${path}` });
      }
    }
    return operations;
  }

  it('over REST is 401 without a key, 403 with a scope too small, allowed with its scope', async () => {
    const writes = await restWrites();
    expect(writes.map((write) => write.id)).toEqual(
      expect.arrayContaining([
        'PUT /api/v1/profiles/{name}',
        'DELETE /api/v1/profiles/{name}',
        'POST /api/v1/api-keys',
        'DELETE /api/v1/api-keys/{id}',
      ]),
    );
    const call = (write: { method: string; url: string }, key?: string) => {
      const test = request(t.server)[write.method as 'post'](write.url);
      if (key !== undefined) test.set(bearer(key));
      return test.send({});
    };
    for (const write of writes) {
      const anonymous = await call(write);
      expect(anonymous.status, write.id).toBe(401);
      expect(anonymous.body.code, write.id).toBe('UNAUTHENTICATED');
      expect(anonymous.headers['www-authenticate'], write.id).toBe('Bearer');
      const weaker = below(write.scope);
      if (weaker !== undefined) {
        const refused = await call(write, keys[weaker].key);
        expect(refused.status, `${write.id} with ${weaker}`).toBe(403);
        expect(refused.body.code, write.id).toBe('FORBIDDEN');
      }
      const allowed = await call(write, keys[write.scope].key);
      expect([401, 403], `${write.id} with ${write.scope}: ${allowed.text}`).not.toContain(allowed.status);
    }
  });

  it('over REST is documented with bearer auth and its scope', async () => {
    const doc = (await request(t.server).get('/api/docs-json').expect(200)).body;
    for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'get') continue;
        expect(operation.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
        expect(operation['x-required-scope'], `${method} ${path}`).toBeDefined();
        expect(Object.keys(operation.responses as object), `${method} ${path}`).toEqual(
          expect.arrayContaining(['401', '403']),
        );
      }
    }
  });

  it('over GraphQL (every mutation) is UNAUTHENTICATED without a key, FORBIDDEN with a scope too small', async () => {
    const mutations = t.app.get(GraphQLSchemaHost).schema.getMutationType()!.getFields();
    expect(Object.keys(mutations).sort()).toEqual(Object.keys(MUTATION_SCOPES).sort());
    for (const [name, field] of Object.entries(mutations)) {
      const required = MUTATION_SCOPES[name];
      const query = operationOf('mutation', name, field);
      const variables = Object.fromEntries(field.args.map((arg) => [arg.name, sampleOf(arg.type)]));

      const anonymous = await graphql(t, query, variables).expect(200);
      expect(anonymous.body.errors?.[0]?.extensions?.code, `${name}: ${anonymous.text}`).toBe('UNAUTHENTICATED');
      const weaker = below(required);
      if (weaker !== undefined) {
        const refused = await graphql(t, query, variables, keys[weaker].key).expect(200);
        expect(refused.body.errors?.[0]?.extensions?.code, `${name} with ${weaker}`).toBe('FORBIDDEN');
      }
      const allowed = await graphql(t, query, variables, keys[required].key).expect(200);
      const code = allowed.body.errors?.[0]?.extensions?.code;
      expect(['UNAUTHENTICATED', 'FORBIDDEN'], `${name} with ${required}: ${allowed.text}`).not.toContain(code);
    }
  });

  it('over GraphQL queries needs the scope a query declares; the other queries are public', async () => {
    const queries = t.app.get(GraphQLSchemaHost).schema.getQueryType()!.getFields();
    expect(Object.keys(queries)).toEqual(expect.arrayContaining(Object.keys(QUERY_SCOPES)));
    for (const [name, field] of Object.entries(queries)) {
      const required = QUERY_SCOPES[name];
      const query = operationOf('query', name, field);
      const variables = Object.fromEntries(field.args.map((arg) => [arg.name, sampleOf(arg.type)]));
      const anonymous = await graphql(t, query, variables);
      const code = anonymous.body.errors?.[0]?.extensions?.code;
      if (required === undefined) {
        expect(['UNAUTHENTICATED', 'FORBIDDEN'], `${name}: ${anonymous.text}`).not.toContain(code);
        continue;
      }
      expect(code, `${name}: ${anonymous.text}`).toBe('UNAUTHENTICATED');
      const weaker = below(required);
      if (weaker !== undefined) {
        const refused = await graphql(t, query, variables, keys[weaker].key);
        expect(refused.body.errors?.[0]?.extensions?.code, `${name} with ${weaker}`).toBe('FORBIDDEN');
      }
      const allowed = await graphql(t, query, variables, keys[required].key);
      const allowedCode = allowed.body.errors?.[0]?.extensions?.code;
      expect(['UNAUTHENTICATED', 'FORBIDDEN'], `${name} with ${required}: ${allowed.text}`).not.toContain(allowedCode);
    }
  });

  it('of keys needs admin, and so does listing them, though reads are public', async () => {
    await request(t.server).get('/api/v1/api-keys').expect(401);
    await request(t.server).get('/api/v1/api-keys').set(bearer(keys.publisher.key)).expect(403);
    const gql = await graphql(t, '{ apiKeys { id } }', {}, keys.publisher.key);
    expect(gql.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', statusCode: 403 } });
    expect((await graphql(t, '{ apiKeys { id } }')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // Public reads need no key, and a key does not change them.
    await request(t.server).get('/api/v1/catalogs').expect(200);
    expect((await graphql(t, '{ catalogs { version } }')).body.errors).toBeUndefined();
  });
});

describe('public reads and caches', () => {
  it('mark REST answers to requests with a key private, so shared caches do not keep them', async () => {
    const url = '/api/v1/catalogs/1.30.0/flows?from=kcp';
    const anonymous = await request(t.server).get(url).expect(200);
    expect(anonymous.headers['cache-control']).toMatch(/^public, /);
    const withKey = await request(t.server).get(url).set(bearer(keys.reader.key)).expect(200);
    expect(withKey.headers['cache-control']).toMatch(/^private, /);
  });

  it('keep GraphQL answers only when asked without a key', async () => {
    const query = '{ flows(catalog: "1.30.0", from: "worker", to: "master") { key } }';
    await graphql(t, query, {}, keys.reader.key).expect(200);
    expect((await graphql(t, query, {}, keys.reader.key).expect(200)).headers.etag).toBeUndefined();
    await graphql(t, query).expect(200);
    expect((await graphql(t, query).expect(200)).headers.etag).toBeDefined();
  });
});

describe('with READS_REQUIRE_KEY=true', () => {
  let locked: TestApp;
  let reader: CreatedKey;

  beforeAll(async () => {
    locked = await createTestApp({ adminApiKey: BOOTSTRAP_KEY, readsRequireKey: true });
    reader = await createKey(locked, { name: 'reader', scopes: ['reader'] });
  });

  afterAll(async () => {
    await locked?.close();
  });

  it('every REST GET needs a reader key, except /health, /ready and the API docs', async () => {
    const doc = (await request(locked.server).get('/api/docs-json').expect(200)).body;
    const reads = Object.entries<Record<string, unknown>>(doc.paths)
      .filter(([, item]) => 'get' in item)
      .map(([path]) => path);
    expect(reads).toEqual(expect.arrayContaining(['/api/v1/catalogs', '/api/v1/profiles', '/health', '/ready']));
    for (const path of reads) {
      const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => (name === 'version' ? '1.30.0' : 'x'));
      const res = await request(locked.server).get(url);
      if (path === '/health' || path === '/ready') {
        expect(res.status, path).toBe(200);
        continue;
      }
      expect(res.status, path).toBe(401);
      expect(res.body.code, path).toBe('UNAUTHENTICATED');
      expect(res.headers['www-authenticate'], path).toBe('Bearer');
    }
    await request(locked.server).get('/api/v1/catalogs').set(bearer(reader.key)).expect(200);
    const flows = await request(locked.server)
      .get('/api/v1/catalogs/1.30.0/flows?from=kcp')
      .set(bearer(reader.key))
      .expect(200);
    expect(flows.headers['cache-control']).toMatch(/^private, max-age=\d+, immutable$/);
    expect((await request(locked.server).get('/api/docs').redirects(1)).status).toBe(200);
  });

  it('GraphQL queries need a reader key, even one whose answer would have been cached', async () => {
    const query = '{ flows(catalog: "1.30.0", from: "kcp", params: { byoInfrastructure: true }) { key } }';
    const first = await graphql(locked, query, {}, reader.key).expect(200);
    expect(first.body.errors).toBeUndefined();
    const second = await graphql(locked, query, {}, reader.key).expect(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.etag).toBeUndefined();

    for (const key of [undefined, 'nrk_AAAAAAAA_' + 'A'.repeat(43)]) {
      const refused = await graphql(locked, query, {}, key).expect(200);
      expect(refused.body.data).toEqual({ flows: null });
      expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const another = await graphql(locked, '{ catalogs { version } profiles { name } }').expect(200);
    expect(another.body.data).toBeNull();
    for (const error of another.body.errors) expect(error.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('writes still need their own scope', async () => {
    await request(locked.server).put('/api/v1/profiles/p').set(bearer(reader.key)).send({}).expect(403);
    await request(locked.server).put('/api/v1/profiles/p').set(bearer(BOOTSTRAP_KEY)).send({}).expect(201);
    await request(locked.server).get('/api/v1/profiles/p').set(bearer(reader.key)).expect(200);
  });
});

/** An operation calling one root field with a variable for each argument. */
function operationOf(kind: 'query' | 'mutation', name: string, field: GraphQLField<unknown, unknown>): string {
  const declarations = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const argumentList = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind}${declarations ? ` (${declarations})` : ''} { ${name}${argumentList ? `(${argumentList})` : ''}${selection} }`;
}

/** A value of an input type that GraphQL accepts (the resolver may still refuse it). */
function sampleOf(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleOf(type.ofType);
  if (isListType(type)) return [sampleOf(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, sampleOf(field.type)]),
    );
  }
  switch (type.name) {
    case 'ID':
      return randomUUID();
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return '2999-01-01T00:00:00Z';
    default:
      return 'auth-probe';
  }
}

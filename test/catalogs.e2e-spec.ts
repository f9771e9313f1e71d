import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogDocument } from '../src/core/catalog/catalog-document';
import { KUBLR_CATALOG_PATH } from '../src/modules/catalogs/catalog-seed.service';
import { createTestApp, TEST_ADMIN_API_KEY, type TestApp } from './support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

const graphql = (query: string, variables?: Record<string, unknown>) =>
  request(t.server).post('/graphql').send({ query, variables }).expect(200);

describe('REST /api/v1/catalogs', () => {
  it('lists the seeded Kublr catalog as the one published version', async () => {
    const res = await request(t.server).get('/api/v1/catalogs').expect(200);
    expect(res.body.catalogs).toHaveLength(1);
    expect(res.body.catalogs[0]).toMatchObject({
      version: '1.30.0',
      status: 'published',
      roleCount: 9,
      parameterCount: 6,
      flowCount: 24,
      parent: null,
    });
    expect(res.body.catalogs[0]).not.toHaveProperty('id');
  });

  it('answers "latest" with the newest published version, with roles and parameters', async () => {
    const res = await request(t.server).get('/api/v1/catalogs/latest').expect(200);
    expect(res.body.version).toBe('1.30.0');
    expect(res.body.roles.find((role: { id: string }) => role.id === 'node')).toMatchObject({
      includes: ['master', 'worker'],
    });
    expect(res.body.parameters).toContainEqual(
      expect.objectContaining({
        name: 'cni',
        type: 'enum',
        values: ['canal', 'calico', 'weave', 'flannel'],
        default: 'canal',
      }),
    );
    expect(res.body.parameters).toContainEqual(
      expect.objectContaining({ name: 'nodePortRange', type: 'portRange', default: '30000-32767' }),
    );
  });

  it('gives 404 with a message naming an unknown version', async () => {
    const res = await request(t.server).get('/api/v1/catalogs/9.9.9').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'catalog version "9.9.9" not found',
      details: { kind: 'catalog-version', key: '9.9.9' },
    });
  });

  it('exports the catalog document, which parses back to the bundled one', async () => {
    const bundled = parseCatalogDocument(readFileSync(KUBLR_CATALOG_PATH, 'utf8'));
    const yaml = await request(t.server).get('/api/v1/catalogs/latest/export').expect(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(yaml.headers['content-disposition']).toBe('attachment; filename="catalog-1.30.0.yaml"');
    expect(parseCatalogDocument(yaml.text)).toEqual(bundled);

    const json = await request(t.server).get('/api/v1/catalogs/1.30.0/export?format=json').expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(parseCatalogDocument(json.text)).toEqual(bundled);
  });

  it('rejects an unknown export format with a 400 naming it', async () => {
    const res = await request(t.server).get('/api/v1/catalogs/latest/export?format=xml').expect(400);
    expect(res.body.message).toBe('format must be yaml or json');
  });

  it('gives 404 for a route that does not exist, in the same error shape', async () => {
    const res = await request(t.server).get('/api/v1/nope').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});

describe('GraphQL catalogs and catalog(version:)', () => {
  it('lists versions with nested roles and parameters', async () => {
    const res = await graphql(
      '{ catalogs { version status flowCount roles { key includes } parameters { name type default } } }',
    );
    expect(res.body.errors).toBeUndefined();
    const [catalog] = res.body.data.catalogs;
    expect(catalog).toMatchObject({ version: '1.30.0', status: 'published', flowCount: 24 });
    expect(catalog.roles.map((role: { key: string }) => role.key)).toEqual([
      'node',
      'master',
      'worker',
      'master-lb',
      'ingress-lb',
      'kcp',
      'internet',
      'intranet',
      'cloud-api',
    ]);
    expect(catalog.parameters).toContainEqual({ name: 'airGap', type: 'boolean', default: false });
  });

  it('gives roles GraphQL ids unique across versions, so client caches keep versions apart', async () => {
    await request(t.server)
      .post('/api/v1/catalogs')
      .set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`)
      .send({ version: 'ids-draft', cloneFrom: '1.30.0' })
      .expect(201);
    const res = await graphql(`
      {
        a: catalog(version: "1.30.0") {
          roles {
            id
            key
          }
        }
        b: catalog(version: "ids-draft") {
          roles {
            id
            key
          }
        }
        flows(catalog: "ids-draft", from: "kcp") {
          sourceRole {
            id
            key
          }
        }
      }
    `);
    expect(res.body.errors).toBeUndefined();
    const { a, b, flows } = res.body.data;
    const worker = (roles: Array<{ id: string; key: string }>) => roles.find((role) => role.key === 'worker')!;
    expect(worker(a.roles).id).not.toBe(worker(b.roles).id);
    expect(new Set([...a.roles, ...b.roles].map((role: { id: string }) => role.id)).size).toBe(
      a.roles.length + b.roles.length,
    );
    // The same role of the same version has the same id wherever it appears.
    expect(flows[0].sourceRole).toEqual(b.roles.find((role: { key: string }) => role.key === 'kcp'));
    // REST keeps the catalog's id and shows no GraphQL id.
    const rest = await request(t.server).get('/api/v1/catalogs/ids-draft').expect(200);
    expect(rest.body.roles.find((role: { id: string }) => role.id === 'worker')).toEqual({
      id: 'worker',
      name: expect.any(String),
      description: expect.any(String),
      includes: [],
      kind: 'host',
      defaultCidrs: [],
      revision: 1,
    });
    expect(rest.body.roles.find((role: { id: string }) => role.id === 'internet')).toMatchObject({
      kind: 'external',
      defaultCidrs: ['0.0.0.0/0', '::/0'],
    });
  });

  it('answers catalog(version: "latest") and the same by label', async () => {
    const latest = await graphql('{ catalog(version: "latest") { version title } }');
    const byLabel = await graphql('query ($v: String!) { catalog(version: $v) { version title } }', { v: '1.30.0' });
    expect(latest.body.data.catalog).toEqual({ version: '1.30.0', title: 'Kublr network requirements' });
    expect(byLabel.body.data).toEqual(latest.body.data);
  });

  it('reports an unknown version with the REST code and no stack trace', async () => {
    const res = await graphql('{ catalog(version: "0.0.1") { version } }');
    expect(res.body.data).toEqual({ catalog: null });
    expect(res.body.errors[0].message).toBe('catalog version "0.0.1" not found');
    expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|\.ts:\d+/);
  });

  it('answers a malformed query with a client error', async () => {
    const res = await request(t.server).post('/graphql').send({ query: '{ catalogs { nope } }' }).expect(400);
    expect(res.body.errors[0].message).toContain('nope');
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('health, readiness and API documents', () => {
  it('answers /health and /ready', async () => {
    expect((await request(t.server).get('/health').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(t.server).get('/ready').expect(200)).body).toEqual({ status: 'ok', database: 'up' });
  });

  it('serves the OpenAPI document and the interactive docs', async () => {
    const doc = await request(t.server).get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/catalogs', '/api/v1/catalogs/{version}', '/health', '/ready']),
    );
    expect(doc.body.paths['/api/v1/catalogs'].get.operationId).toBe('listCatalogs');
    const html = await request(t.server).get('/api/docs').expect(200);
    expect(html.text).toContain('swagger-ui');
  });
});

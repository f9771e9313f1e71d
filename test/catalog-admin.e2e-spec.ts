import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaService } from '../src/database/prisma.service';
import { authorized, createTestApp, type TestApp } from './support/test-app';

/** A catalog of another vendor: its own roles, parameters and conditions, no code change. */
const ACME = `
version: acme-2024.1
title: ACME shop network requirements
roles:
  - { id: web, name: Web tier }
  - { id: db, name: Database }
  - { id: app, name: Application servers, includes: [web] }
parameters:
  - { name: tier, type: enum, values: [small, large], default: small }
  - { name: replicas, type: boolean, default: false }
flows:
  - { key: web-db, source: web, destination: db, protocol: tcp, ports: "5432", component: PostgreSQL }
  - { key: db-replication, source: db, destination: db, protocol: tcp, ports: "5433", condition: 'replicas && tier == "large"', component: Replication }
`;

let t: TestApp;
let editorKey: string;
let publisherKey: string;

async function createKey(scopes: string[]): Promise<string> {
  const res = await authorized(request(t.server).post('/api/v1/api-keys'))
    .send({ name: scopes.join('-'), scopes })
    .expect(201);
  return res.body.key;
}

beforeAll(async () => {
  t = await createTestApp();
  editorKey = await createKey(['editor']);
  publisherKey = await createKey(['publisher']);
});

afterAll(async () => {
  await t?.close();
});

const importYaml = (key: string | undefined, query = '') => {
  const req = request(t.server).post(`/api/v1/catalogs/import${query}`).set('Content-Type', 'application/yaml');
  return (key ? req.set('Authorization', `Bearer ${key}`) : req).send(ACME);
};

describe('a catalog of another vendor, imported, queried and published', () => {
  it('imports as a draft with an editor key, answers questions about it, and publishes once', async () => {
    await importYaml(undefined).expect(401);
    const draft = await importYaml(editorKey).expect(201);
    expect(draft.body).toMatchObject({ version: 'acme-2024.1', status: 'draft', roleCount: 3, flowCount: 2 });

    const flows = await request(t.server)
      .get('/api/v1/catalogs/acme-2024.1/flows?from=app&replicas=true&tier=large')
      .expect(200);
    expect(flows.body.flows.map((flow: { key: string }) => flow.key)).toEqual(['web-db']);
    const replication = await request(t.server)
      .get('/api/v1/catalogs/acme-2024.1/flows?from=db&replicas=true&tier=large')
      .expect(200);
    expect(replication.body.flows.map((flow: { key: string }) => flow.key)).toEqual(['db-replication']);
    await request(t.server).get('/api/v1/catalogs/acme-2024.1/flows?cni=calico').expect(400);

    await request(t.server)
      .post('/api/v1/catalogs/acme-2024.1/publish')
      .set('Authorization', `Bearer ${editorKey}`)
      .expect(403);
    // Publishers racing on one draft: exactly one wins, the others are told it is published.
    const racing = await Promise.all(
      [1, 2, 3, 4].map(() =>
        request(t.server).post('/api/v1/catalogs/acme-2024.1/publish').set('Authorization', `Bearer ${publisherKey}`),
      ),
    );
    expect(racing.map((res) => res.status).sort(), JSON.stringify(racing.map((res) => res.body))).toEqual([
      200, 409, 409, 409,
    ]);
    expect(racing.find((res) => res.status === 409)!.body.message).toBe(
      'catalog version "acme-2024.1" is published; only a draft version can be published',
    );
    // A non-semantic label ranks below semantic ones: latest stays the Kublr catalog.
    expect((await request(t.server).get('/api/v1/catalogs/latest').expect(200)).body.version).toBe('1.30.0');

    const deprecated = await request(t.server)
      .post('/api/v1/catalogs/acme-2024.1/deprecate')
      .set('Authorization', `Bearer ${publisherKey}`)
      .expect(200);
    expect(deprecated.body.status).toBe('deprecated');

    const events = await t.app
      .get(PrismaService)
      .auditEvent.findMany({ where: { entityType: 'catalog-version' }, orderBy: { id: 'asc' } });
    expect(events.map((event) => event.action)).toEqual([
      'catalog-version.import',
      'catalog-version.publish',
      'catalog-version.deprecate',
    ]);
    expect(events.every((event) => event.actorKeyId !== null)).toBe(true);
  });

  it('refuses a document that does not hold, naming the problem, and writes nothing', async () => {
    const prisma = t.app.get(PrismaService);
    const before = await prisma.catalogVersion.count();
    const broken = ACME.replace('acme-2024.1', 'acme-broken').replace('tier == "large"', 'tier == "huge"');
    const res = await request(t.server)
      .post('/api/v1/catalogs/import')
      .set('Authorization', `Bearer ${editorKey}`)
      .set('Content-Type', 'application/yaml')
      .send(broken)
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(/^invalid catalog: \/flows\/1\/condition: .*huge/);
    const json = await request(t.server)
      .post('/api/v1/catalogs/import')
      .set('Authorization', `Bearer ${editorKey}`)
      .send({ version: 'x', roles: [], flows: [{ source: 'a', destination: 'b', protocol: 'tcp', ports: '70000' }] })
      .expect(400);
    expect(json.body.message).toMatch(/70000/);
    expect(await prisma.catalogVersion.count()).toBe(before);
  });

  it('refuses a version that exists already (409) and publishing in the same step without the publisher scope (403)', async () => {
    await importYaml(editorKey).expect(409);
    const again = await importYaml(editorKey, '?publish=true').expect(403);
    expect(again.body.message).toBe('publishing needs an API key with the publisher scope');
  });
});

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaService } from '../src/database/prisma.service';
import { authorized, createTestApp, type TestApp } from './support/test-app';

/**
 * Nested GraphQL fields cost a fixed number of queries, however many items they nest
 * under (no N+1): the count for 2 profiles and for 8 is the same.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

async function queriesFor(query: string): Promise<number> {
  const prisma = t.app.get(PrismaService);
  const before = prisma.queryCount;
  const res = await request(t.server).post('/graphql').send({ query }).expect(200);
  expect(res.body.errors).toBeUndefined();
  return prisma.queryCount - before;
}

async function addProfiles(names: string[]): Promise<void> {
  for (const name of names) {
    await authorized(request(t.server).put(`/api/v1/profiles/${name}`))
      .send({ version: name.endsWith('0') ? 'latest' : '1.30.0', params: { cni: 'weave' } })
      .expect(201);
  }
}

describe('nested GraphQL fields', () => {
  it('load profiles with their catalog versions in a fixed number of queries', async () => {
    const query = '{ profiles { name catalog { version roles { id includes } parameters { name } } } }';
    await addProfiles(['p0', 'p1']);
    const few = await queriesFor(query);
    await addProfiles(['p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    const many = await queriesFor(query);
    expect(many).toBe(few);
  });

  it('resolve the roles of every flow without a query per flow', async () => {
    await queriesFor('{ flows(catalog: "1.30.0") { key } }');
    const nested = await queriesFor(
      '{ flows(catalog: "1.30.0", params: { cni: "flannel" }) { key sourceRole { id includes } destinationRole { id } } }',
    );
    expect(nested).toBe(0);
  });

  it('load the flow rows of every catalog version in one query', async () => {
    const query = '{ catalogs { version flowDefinitions { key revision } roles { id } } }';
    const one = await queriesFor(query);
    for (const version of ['b-1', 'b-2', 'b-3']) {
      await authorized(request(t.server).post('/api/v1/catalogs')).send({ version, cloneFrom: '1.30.0' }).expect(201);
    }
    const res = await request(t.server).post('/graphql').send({ query }).expect(200);
    expect(res.body.data.catalogs).toHaveLength(4);
    expect(res.body.data.catalogs.every((c: { flowDefinitions: unknown[] }) => c.flowDefinitions.length === 24)).toBe(
      true,
    );
    expect(await queriesFor(query)).toBe(one);
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Client, type QueryResult } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardedClient } from '../src/database/database-pool';
import {
  collectConcurrentQueryWarnings,
  CONCURRENT_QUERY_WARNING,
  recordOverlappingQueries,
} from './support/driver-queries';
import { authorized, createTestApp, type TestApp } from './support/test-app';

/**
 * Inside a Prisma transaction every statement goes to one pg client. Prisma reads the
 * relations of a nested select (a version's roles, parameters and flows; a profile's
 * version and address sets) with concurrent calls, which pg 8 queues with a
 * DeprecationWarning and pg 9 refuses. The service's client sends them one at a time.
 */
const V = '/api/v1/catalogs';
let t: TestApp;
const overlapping = recordOverlappingQueries();
const warnings = collectConcurrentQueryWarnings();

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  overlapping.restore();
  warnings.stop();
  await t?.close();
});

describe('the service never sends a query on a connection that is still running one', () => {
  it('while drafts are edited and published, and profiles written', async () => {
    const server = t.server;
    await authorized(request(server).post(V)).send({ version: '2.0.0', cloneFrom: 'latest' }).expect(201);
    await authorized(request(server).post(`${V}/2.0.0/flows`))
      .send({ key: 'extra', source: 'node', destination: 'node', protocol: 'tcp', ports: '4240' })
      .expect(201);
    await authorized(request(server).put(`${V}/2.0.0/flows/extra`))
      .send({ key: 'extra', source: 'node', destination: 'node', protocol: 'tcp', ports: '4241' })
      .expect(200);
    await authorized(request(server).put(`${V}/2.0.0/roles/worker`))
      .send({ id: 'compute', name: 'Compute node' })
      .expect(200);
    await authorized(request(server).delete(`${V}/2.0.0/flows/extra`)).expect(204);
    await authorized(request(server).put('/api/v1/profiles/pinned'))
      .send({ version: '1.30.0', params: { cni: 'calico' }, addresses: { master: ['10.0.0.0/24'] } })
      .expect(201);
    await authorized(request(server).put('/api/v1/profiles/following'))
      .send({ params: { cni: 'calico' }, addresses: { master: ['10.1.0.0/24'] } })
      .expect(201);
    await authorized(request(server).put('/api/v1/profiles/following'))
      .send({ params: { cni: 'canal' }, addresses: { master: ['10.2.0.0/24', '10.3.0.0/24'] } })
      .expect(200);
    // Publishing checks the profiles that follow "latest" against the draft, in its transaction.
    await authorized(request(server).post(`${V}/2.0.0/publish`)).expect(200);
    await authorized(request(server).delete('/api/v1/profiles/pinned')).expect(204);

    expect(overlapping.overlaps).toEqual([]);
    // pg's warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.warnings).toEqual([]);
  });

  it("sends one client's concurrent queries one after the other, each with its own answer", async () => {
    overlapping.clear();
    const client = new GuardedClient({ connectionString: t.database.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const answers: QueryResult<{ n: number }>[] = await Promise.all(
        [1, 2, 3].map((n) => client.query('SELECT $1::int AS n, pg_sleep(0.02)', [n])),
      );
      const viaCallback = await new Promise<number>((resolve, reject) =>
        client.query('SELECT 4 AS n', (error: Error | undefined, result: QueryResult<{ n: number }>) =>
          error ? reject(error) : resolve(result.rows[0].n),
        ),
      );
      await client.query('COMMIT');
      expect([...answers.map((answer) => answer.rows[0].n), viaCallback]).toEqual([1, 2, 3, 4]);
      expect(overlapping.overlaps).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('would notice a second query sent while the first runs (a plain pg client does that)', async () => {
    overlapping.clear();
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    try {
      // Two at once: one overlap, below the three pg 8 needs before it warns.
      await Promise.all([client.query('SELECT pg_sleep(0.02)'), client.query('SELECT 1')]);
      expect(overlapping.overlaps).toEqual([expect.stringContaining('SELECT 1')]);
    } finally {
      overlapping.clear();
      await client.end();
    }
  });

  it("listens for the words pg's warning really uses", () => {
    const source = readFileSync(createRequire(__filename).resolve('pg/lib/client.js'), 'utf8');
    expect(source).toContain(CONCURRENT_QUERY_WARNING);
  });
});

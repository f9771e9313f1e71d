import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorized, createPeerApp, createTestApp, type TestApp } from './support/test-app';

const PORTAL = 'http://portal.example';
const STRANGER = 'http://evil.example';

let t: TestApp;
let withoutCors: TestApp;

beforeAll(async () => {
  t = await createTestApp({ corsOrigins: [PORTAL, 'https://other-portal.example'] });
  withoutCors = await createPeerApp(t);
});

afterAll(async () => {
  await withoutCors?.close();
  await t?.close();
});

const preflight = (server: TestApp['server'], path: string, origin: string, method = 'GET') =>
  request(server)
    .options(path)
    .set('Origin', origin)
    .set('Access-Control-Request-Method', method)
    .set('Access-Control-Request-Headers', 'authorization,if-match,content-type');

describe('CORS for the origins in CORS_ORIGINS', () => {
  it.each(['/api/v1/catalogs', '/api/v1/catalogs/1.30.0/publish', '/graphql'])(
    'answers a preflight for %s from an allowed origin with 204 and what the page may send and read',
    async (path) => {
      const res = await preflight(t.server, path, PORTAL, 'POST').expect(204);
      expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
      expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, PUT, PATCH, DELETE');
      expect(res.headers['access-control-allow-headers']).toBe(
        'Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id',
      );
      expect(res.headers['access-control-max-age']).toBe('600');
      expect(res.headers.vary).toMatch(/\bOrigin\b/);
      expect(res.text).toBe('');
    },
  );

  it('exposes ETag, Retry-After, the rate-limit headers, X-Request-Id and Link on an actual REST request', async () => {
    const res = await request(t.server).get('/api/v1/catalogs/1.30.0').set('Origin', PORTAL).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['access-control-expose-headers']?.split(', ')).toEqual(
      expect.arrayContaining([
        'ETag',
        'Retry-After',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'X-Request-Id',
        'Link',
      ]),
    );
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
    expect(res.body.version).toBe('1.30.0');
  });

  it('names each allowed origin alone, never the list', async () => {
    const res = await request(t.server)
      .get('/api/v1/catalogs')
      .set('Origin', 'https://other-portal.example')
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://other-portal.example');
  });

  it('keeps the headers on errors and on answers the response cache serves', async () => {
    const missing = await request(t.server).get('/api/v1/catalogs/9.9.9').set('Origin', PORTAL).expect(404);
    expect(missing.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(missing.body.code).toBe('NOT_FOUND');
    // The second answer comes from the response cache, before Nest.
    for (let i = 0; i < 2; i++) {
      const res = await request(t.server)
        .get('/api/v1/catalogs/1.30.0/flows?from=worker')
        .set('Origin', PORTAL)
        .expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
      expect(res.headers.vary).toMatch(/\bOrigin\b/);
    }
    const unauthenticated = await request(t.server)
      .post('/api/v1/catalogs/1.30.0/deprecate')
      .set('Origin', PORTAL)
      .expect(401);
    expect(unauthenticated.headers['access-control-allow-origin']).toBe(PORTAL);
  });

  it('answers an actual GraphQL request from an allowed origin with the header', async () => {
    const res = await request(t.server)
      .post('/graphql')
      .set('Origin', PORTAL)
      .send({ query: '{ catalogs { version } }' })
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.body.data.catalogs[0].version).toBe('1.30.0');
  });

  it('gives a refused origin no CORS header: its preflight gets none, its requests are not shared', async () => {
    // Answered as a plain OPTIONS (204 with Allow), with nothing that lets a browser go on.
    const rest = await preflight(t.server, '/api/v1/catalogs', STRANGER).expect(204);
    expect(rest.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(Object.keys(rest.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    expect(rest.headers.vary).toMatch(/\bOrigin\b/);
    const graphql = await preflight(t.server, '/graphql', STRANGER, 'POST').expect(204);
    expect(graphql.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(Object.keys(graphql.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);

    const get = await request(t.server).get('/api/v1/catalogs').set('Origin', STRANGER).expect(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    expect(get.headers['access-control-expose-headers']).toBeUndefined();
    expect(get.headers.vary).toMatch(/\bOrigin\b/);
    const post = await request(t.server)
      .post('/graphql')
      .set('Origin', STRANGER)
      .send({ query: '{ catalogs { version } }' })
      .expect(200);
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("keeps Apollo's CSRF prevention for a simple cross-site POST to /graphql, whatever the origin", async () => {
    for (const origin of [STRANGER, PORTAL]) {
      const res = await request(t.server)
        .post('/graphql')
        .set('Origin', origin)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify({ query: 'mutation { deprecateCatalogVersion(version: "1.30.0") { version } }' }));
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/CSRF|preflight/i);
    }
    // Nothing was deprecated.
    const catalog = await request(t.server).get('/api/v1/catalogs/1.30.0').expect(200);
    expect(catalog.body.status).toBe('published');
  });

  it('does not let a preflight through to the guards: a write still needs its key', async () => {
    await preflight(t.server, '/api/v1/catalogs/1.30.0/deprecate', PORTAL, 'POST').expect(204);
    const res = await authorized(request(t.server).get('/api/v1/catalogs/1.30.0')).set('Origin', PORTAL).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
  });
});

describe('without CORS_ORIGINS', () => {
  it('sends no CORS header at all, not even to a preflight', async () => {
    const get = await request(withoutCors.server).get('/api/v1/catalogs').set('Origin', PORTAL).expect(200);
    expect(Object.keys(get.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    const options = await preflight(withoutCors.server, '/api/v1/catalogs', PORTAL).expect(204);
    expect(options.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(Object.keys(options.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

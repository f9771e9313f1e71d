import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorized, createTestApp, type TestApp } from './support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await authorized(request(t.server).post('/api/v1/catalogs'))
    .send({ version: '1.31.0', cloneFrom: '1.30.0' })
    .expect(201);
});

afterAll(async () => {
  await t?.close();
});

describe('an empty body with a JSON content type', () => {
  it('is an empty object on publish and deprecate, as generated clients send them', async () => {
    const published = await authorized(request(t.server).post('/api/v1/catalogs/1.31.0/publish'))
      .set('Content-Type', 'application/json')
      .expect(200);
    expect(published.body).toMatchObject({ version: '1.31.0', status: 'published' });
    const deprecated = await authorized(request(t.server).post('/api/v1/catalogs/1.31.0/deprecate'))
      .set('Content-Type', 'application/json; charset=utf-8')
      .send('  \n')
      .expect(200);
    expect(deprecated.body).toMatchObject({ version: '1.31.0', status: 'deprecated' });
  });

  it('is an empty object where the body is optional (a profile with every default)', async () => {
    const res = await authorized(request(t.server).put('/api/v1/profiles/defaults'))
      .set('Content-Type', 'application/json')
      .expect(201);
    expect(res.body).toMatchObject({ name: 'defaults', version: 'latest', params: {} });
  });

  it.each([
    ['POST', '/api/v1/catalogs', '{"version": "...", "cloneFrom": "..."} or a catalog document'],
    ['POST', '/api/v1/catalogs/import', 'a catalog document (YAML or JSON)'],
    ['POST', '/api/v1/catalogs/validate', 'a catalog document (YAML or JSON)'],
    ['PUT', '/api/v1/catalogs/1.32.0', 'a catalog document (YAML or JSON)'],
    ['POST', '/api/v1/catalogs/1.30.0/roles', 'a role such as {"id": "bastion", "name": "Bastion host"}'],
    ['PUT', '/api/v1/catalogs/1.30.0/parameters/cni', 'a parameter such as'],
    ['POST', '/api/v1/catalogs/1.30.0/flows', 'a flow such as'],
  ])('is still a 400 saying what to send where a body is required: %s %s', async (method, path, needed) => {
    for (const body of [undefined, '', '{}']) {
      let test = authorized(method === 'POST' ? request(t.server).post(path) : request(t.server).put(path));
      if (body !== undefined) test = test.set('Content-Type', 'application/json').send(body);
      const res = await test.expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'BAD_REQUEST',
        message: expect.stringContaining(`the request body is empty; this operation needs ${needed}`),
      });
    }
  });

  it('still refuses JSON that is not JSON', async () => {
    const res = await authorized(request(t.server).post('/api/v1/catalogs/1.30.0/deprecate'))
      .set('Content-Type', 'application/json')
      .send('{"force":')
      .expect(400);
    expect(res.body.code).toBe('BAD_REQUEST');
  });
});

describe('a known path with a method it does not answer', () => {
  it.each([
    ['patch', '/api/v1/catalogs', 'GET, HEAD, POST, OPTIONS'],
    ['delete', '/api/v1/catalogs/1.30.0/flows', 'GET, HEAD, POST, OPTIONS'],
    ['get', '/api/v1/catalogs/1.30.0/publish', 'POST, OPTIONS'],
    ['post', '/api/v1/profiles/edge', 'GET, HEAD, PUT, DELETE, OPTIONS'],
    ['put', '/api/v1/catalogs/1.30.0/export', 'GET, HEAD, OPTIONS'],
  ] as const)('is a 405 with Allow: %s %s', async (method, path, allow) => {
    const res = await authorized(request(t.server)[method](path)).expect(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.body).toEqual({
      statusCode: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: `${method.toUpperCase()} is not allowed on ${path}; allowed: ${allow}`,
      details: { allowed: allow.split(', ') },
    });
  });

  it('is a 405 in the GraphQL error shape on /graphql', async () => {
    const res = await request(t.server).put('/graphql').expect(405);
    expect(res.headers.allow).toMatch(/^GET, HEAD, POST\b.*OPTIONS$/);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'METHOD_NOT_ALLOWED', statusCode: 405 });
  });

  it("answers OPTIONS on /graphql with 204 and Allow, not with Apollo's CSRF refusal", async () => {
    const res = await request(t.server).options('/graphql').expect(204);
    expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(res.text).toBe('');
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const res = await request(t.server).options('/api/v1/catalogs/1.30.0').expect(204);
    expect(res.headers.allow).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
    expect(res.text).toBe('');
  });

  it('leaves unknown paths a 404, whatever the method', async () => {
    for (const method of ['get', 'delete', 'options'] as const) {
      const res = await request(t.server)[method]('/api/v1/nothing-here').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(res.headers.allow).toBeUndefined();
    }
  });
});

describe('Accept on export and artifacts', () => {
  const EXPORT = '/api/v1/catalogs/1.30.0/export';

  it.each([
    [undefined, 'application/yaml'],
    ['*/*', 'application/yaml'],
    ['application/json', 'application/json'],
    ['application/json, application/yaml;q=0.5', 'application/json'],
    ['application/json;q=0.5, text/yaml', 'application/yaml'],
    ['application/x-yaml', 'application/yaml'],
    ['text/html, application/*;q=0.9', 'application/yaml'],
  ])('exports as the Accept header prefers: %s gives %s', async (accept, type) => {
    let test = request(t.server).get(EXPORT);
    if (accept !== undefined) test = test.set('Accept', accept);
    const res = await test.buffer(true).parse((response, callback) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => callback(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
    expect(res.headers.vary).toMatch(/\bAccept\b/);
    const text = res.body as string;
    if (type === 'application/json') expect(JSON.parse(text)).toMatchObject({ version: '1.30.0' });
    else expect(text).toMatch(/^version: 1\.30\.0$/m);
  });

  it('lets ?format= win over Accept', async () => {
    const res = await request(t.server).get(`${EXPORT}?format=json`).set('Accept', 'application/yaml').expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const xml = await request(t.server).get(`${EXPORT}?format=yaml`).set('Accept', 'application/xml').expect(200);
    expect(xml.headers['content-type']).toBe('application/yaml; charset=utf-8');
  });

  it('answers an export Accept it cannot meet with 406 naming what is available', async () => {
    const res = await request(t.server).get(EXPORT).set('Accept', 'application/xml').expect(406);
    expect(res.body).toEqual({
      statusCode: 406,
      code: 'NOT_ACCEPTABLE',
      message:
        'none of the types in Accept ("application/xml") can be sent here; available: application/yaml, application/json',
      details: { available: ['application/yaml', 'application/json'] },
    });
  });

  it.each([
    ['csv', 'text/csv'],
    ['csv', '*/*'],
    ['csv', 'text/*'],
    ['json', 'application/json'],
    ['svg', 'image/svg+xml'],
  ])('renders the %s artifact for Accept: %s', async (format, accept) => {
    await request(t.server).get(`/api/v1/catalogs/1.30.0/artifacts/${format}`).set('Accept', accept).expect(200);
  });

  it('answers an artifact Accept it cannot meet with 406 naming its type, also once the answer is cached', async () => {
    const path = '/api/v1/catalogs/1.30.0/artifacts/csv?from=worker';
    const first = await request(t.server).get(path).expect(200);
    expect(first.headers['content-type']).toMatch(/^text\/csv/);
    // The answer is in the response cache now; an Accept it does not meet must not get it.
    for (const accept of ['application/xml', 'text/csv;q=0, application/json']) {
      const res = await request(t.server).get(path).set('Accept', accept).expect(406);
      expect(res.body).toMatchObject({
        statusCode: 406,
        code: 'NOT_ACCEPTABLE',
        details: { available: ['text/csv'] },
      });
      expect(res.body.message).toContain('available: text/csv');
    }
    const profile = await request(t.server)
      .get('/api/v1/profiles/defaults/artifacts/iptables')
      .set('Accept', 'application/json')
      .expect(406);
    expect(profile.body.code).toBe('NOT_ACCEPTABLE');
    await request(t.server).get(path).set('Accept', 'text/csv').expect(200);
  });

  it('keeps an unknown format a 404, whatever the Accept', async () => {
    const res = await request(t.server)
      .get('/api/v1/catalogs/1.30.0/artifacts/nope')
      .set('Accept', 'application/xml')
      .expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

describe('ETag on everything with a revision', () => {
  const DRAFT = '/api/v1/catalogs/2.0.0';

  beforeAll(async () => {
    await authorized(request(t.server).post('/api/v1/catalogs'))
      .send({ version: '2.0.0', cloneFrom: '1.30.0' })
      .expect(201);
  });

  it.each([
    ['a catalog version', '/api/v1/catalogs/1.30.0'],
    ['a draft', DRAFT],
    ['a role', `${DRAFT}/roles/master`],
    ['a parameter', `${DRAFT}/parameters/cni`],
    ['a flow', `${DRAFT}/flows/kubelet-api`],
    ['a profile', '/api/v1/profiles/defaults'],
  ])('sends one on %s, with 304 to If-None-Match, and If-Match takes it', async (_what, path) => {
    const first = await request(t.server).get(path).expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(new RegExp(`^"${first.body.revision}-[\\w-]+"$`));
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await request(t.server).get(path).set('If-None-Match', etag).expect(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    await request(t.server).get(path).set('If-None-Match', `"x", W/${etag}`).expect(304);
    await request(t.server).get(path).set('If-None-Match', `"${first.body.revision}"`).expect(200);
  });

  it('gives a new ETag after a write, and a write may send back the ETag it read', async () => {
    const path = `${DRAFT}/flows/kubelet-api`;
    const read = await request(t.server).get(path).expect(200);
    const { key, revision, ...flow } = read.body as Record<string, unknown>;
    expect(key).toBe('kubelet-api');
    const written = await authorized(request(t.server).put(path))
      .set('If-Match', read.headers.etag)
      .send({ ...flow, notes: 'changed' })
      .expect(200);
    expect(written.body.revision).toBe((revision as number) + 1);
    const stale = await request(t.server).get(path).set('If-None-Match', read.headers.etag).expect(200);
    expect(stale.body.notes).toBe('changed');
    expect(stale.headers.etag).toBe(written.headers.etag);
    await request(t.server).get(path).set('If-None-Match', written.headers.etag).expect(304);
    // The ETag read before the write no longer holds for a write.
    const refused = await authorized(request(t.server).put(path))
      .set('If-Match', read.headers.etag)
      .send({ ...flow, notes: 'again' })
      .expect(412);
    expect(refused.body.code).toBe('PRECONDITION_FAILED');
  });

  it('tells a row created again under the same key from the one it replaced, though both are revision 1', async () => {
    const path = `${DRAFT}/roles/bastion`;
    await authorized(request(t.server).post(`${DRAFT}/roles`))
      .send({ id: 'bastion', name: 'Bastion' })
      .expect(201);
    const first = await request(t.server).get(path).expect(200);
    await authorized(request(t.server).delete(path)).expect(204);
    await authorized(request(t.server).post(`${DRAFT}/roles`))
      .send({ id: 'bastion', name: 'Jump host' })
      .expect(201);
    const second = await request(t.server).get(path).set('If-None-Match', first.headers.etag).expect(200);
    expect(second.body).toMatchObject({ revision: 1, name: 'Jump host' });
  });

  it('changes the ETag of "latest" when another version becomes latest', async () => {
    const before = await request(t.server).get('/api/v1/catalogs/latest').expect(200);
    await authorized(request(t.server).post(`${DRAFT}/publish`)).expect(200);
    const after = await request(t.server)
      .get('/api/v1/catalogs/latest')
      .set('If-None-Match', before.headers.etag)
      .expect(200);
    expect(after.body.version).toBe('2.0.0');
  });
});

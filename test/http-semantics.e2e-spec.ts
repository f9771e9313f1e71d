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

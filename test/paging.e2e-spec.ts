import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorized, createTestApp, type TestApp } from './support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  for (const name of ['edge-a', 'edge-b', 'edge-c', 'edge-d', 'edge-e']) {
    await authorized(request(t.server).put(`/api/v1/profiles/${name}`))
      .send({ version: '1.30.0' })
      .expect(201);
  }
  for (const version of ['1.31.0', '1.32.0', 'nightly']) {
    await authorized(request(t.server).post('/api/v1/catalogs')).send({ version, cloneFrom: '1.30.0' }).expect(201);
  }
  for (const name of ['ci-1', 'ci-2', 'ci-3']) {
    await authorized(request(t.server).post('/api/v1/api-keys'))
      .send({ name, scopes: ['reader'] })
      .expect(201);
  }
});

afterAll(async () => {
  await t?.close();
});

/** Follows Link rel="next" from `path` and returns every page's body. */
async function walk(path: string): Promise<Record<string, unknown>[]> {
  const pages: Record<string, unknown>[] = [];
  let next: string | undefined = path;
  while (next !== undefined && pages.length < 20) {
    const res = await authorized(request(t.server).get(next)).expect(200);
    pages.push(res.body as Record<string, unknown>);
    const link = res.headers.link as string | undefined;
    if (res.body.nextCursor === null) {
      expect(link).toBeUndefined();
      next = undefined;
    } else {
      expect(link).toBe(
        `<${next.split('?')[0]}?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(next.split('?')[1])), cursor: res.body.nextCursor }).toString()}>; rel="next"`,
      );
      next = /^<([^>]+)>; rel="next"$/.exec(link!)![1];
    }
  }
  return pages;
}

describe.each([
  ['catalogs', '/api/v1/catalogs', (item: Record<string, unknown>) => item.version],
  ['profiles', '/api/v1/profiles', (item: Record<string, unknown>) => item.name],
  ['apiKeys', '/api/v1/api-keys', (item: Record<string, unknown>) => item.id],
  ['flows', '/api/v1/catalogs/1.31.0/flow-definitions', (item: Record<string, unknown>) => item.key],
])('paging %s', (field, path, idOf) => {
  it('gives the whole list, with nextCursor null and no Link, without limit', async () => {
    const res = await authorized(request(t.server).get(path)).expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.headers.link).toBeUndefined();
    expect((res.body[field] as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  it('walks the same list page by page through Link rel="next", each item once', async () => {
    const whole = (await authorized(request(t.server).get(path)).expect(200)).body[field] as Record<string, unknown>[];
    const pages = await walk(`${path}?limit=2`);
    expect(pages.length).toBe(Math.ceil(whole.length / 2));
    for (const page of pages.slice(0, -1)) expect(page[field]).toHaveLength(2);
    expect(pages.flatMap((page) => (page[field] as Record<string, unknown>[]).map(idOf))).toEqual(whole.map(idOf));
  });

  it.each([
    ['limit=0', 'limit must be a whole number from 1 to 200'],
    ['limit=201', 'limit must be a whole number from 1 to 200'],
    ['limit=two', 'limit must be a whole number from 1 to 200'],
    ['cursor=not%20a%20cursor', 'cursor must be the nextCursor of a previous page of this list'],
    [
      `cursor=${Buffer.from('{"x":1}').toString('base64url')}`,
      'cursor must be the nextCursor of a previous page of this list',
    ],
  ])('refuses %s with a 400 naming it', async (query, message) => {
    const res = await authorized(request(t.server).get(`${path}?${query}`)).expect(400);
    const field = query.split('=', 1)[0];
    expect(res.body).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', message, details: { field } });
  });
});

describe('paging while the list changes', () => {
  it('continues after the last item shown even when that item is gone', async () => {
    const first = await request(t.server).get('/api/v1/profiles?limit=2').expect(200);
    expect(first.body.profiles.map((p: { name: string }) => p.name)).toEqual(['edge-a', 'edge-b']);
    await authorized(request(t.server).delete('/api/v1/profiles/edge-b')).expect(204);
    const second = await request(t.server).get(`/api/v1/profiles?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.profiles.map((p: { name: string }) => p.name)).toEqual(['edge-c', 'edge-d']);
  });
});

describe('flow definitions', () => {
  it('page in catalog order, a flow added meanwhile coming last', async () => {
    const first = await request(t.server).get('/api/v1/catalogs/1.31.0/flow-definitions?limit=20').expect(200);
    expect(first.body.flows).toHaveLength(20);
    await authorized(request(t.server).post('/api/v1/catalogs/1.31.0/flows'))
      .send({
        key: 'aaa-added',
        source: 'node',
        destination: 'master',
        protocol: 'tcp',
        ports: '9999',
        component: 'Added',
      })
      .expect(201);
    const rest = await request(t.server)
      .get(`/api/v1/catalogs/1.31.0/flow-definitions?limit=20&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(rest.body.flows.map((flow: { key: string }) => flow.key)).toEqual(expect.arrayContaining(['aaa-added']));
    expect(rest.body.flows.at(-1).key).toBe('aaa-added');
    expect(rest.body.flows).toHaveLength(5);
    expect(rest.body.nextCursor).toBeNull();
  });
});

describe('audit events', () => {
  it('send Link rel="next" with their nextCursor, keeping the filters', async () => {
    const res = await authorized(request(t.server).get('/api/v1/audit-events?entityType=profile&limit=2')).expect(200);
    expect(res.body.events).toHaveLength(2);
    expect(res.headers.link).toBe(
      `</api/v1/audit-events?entityType=profile&limit=2&cursor=${res.body.nextCursor}>; rel="next"`,
    );
    const last = await authorized(request(t.server).get('/api/v1/audit-events?entityType=profile&limit=200')).expect(
      200,
    );
    expect(last.body.nextCursor).toBeNull();
    expect(last.headers.link).toBeUndefined();
  });
});

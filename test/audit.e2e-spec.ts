import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorized, createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
let editor: { id: string; key: string };

beforeAll(async () => {
  t = await createTestApp();
  const res = await authorized(request(t.server).post('/api/v1/api-keys'))
    .send({ name: 'release-bot', scopes: ['editor'] })
    .expect(201);
  editor = res.body;
  const as = (req: request.Test) => req.set('Authorization', `Bearer ${editor.key}`);
  await as(request(t.server).post('/api/v1/catalogs')).send({ version: 'a-1', cloneFrom: 'latest' }).expect(201);
  const flow = { source: 'node', destination: 'node', protocol: 'tcp' };
  for (const port of [5001, 5002, 5003]) {
    await as(request(t.server).post('/api/v1/catalogs/a-1/flows'))
      .send({ ...flow, key: `p-${port}`, ports: String(port) })
      .expect(201);
  }
  await as(request(t.server).put('/api/v1/catalogs/a-1/flows/p-5001'))
    .send({ ...flow, ports: '5011', notes: 'moved' })
    .expect(200);
});

afterAll(async () => {
  await t?.close();
});

const audit = (query = '', key?: string) => authorized(request(t.server).get(`/api/v1/audit-events${query}`), key);

describe('the audit trail', () => {
  it('lists changes newest first: who, what, when, before and after', async () => {
    const res = await audit('?entityType=flow').expect(200);
    expect(
      res.body.events.map((event: { action: string; entityId: string }) => [event.action, event.entityId]),
    ).toEqual([
      ['flow.update', 'a-1/p-5001'],
      ['flow.create', 'a-1/p-5003'],
      ['flow.create', 'a-1/p-5002'],
      ['flow.create', 'a-1/p-5001'],
    ]);
    expect(res.body.events[0]).toMatchObject({
      actorKeyId: editor.id,
      actorName: 'release-bot',
      before: { key: 'p-5001', ports: '5001' },
      after: { key: 'p-5001', ports: '5011', notes: 'moved' },
    });
    expect(new Date(res.body.events[0].occurredAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(res.text).not.toContain(editor.key);
  });

  it('filters by action prefix, entity, actor and time, and pages with a cursor', async () => {
    const clone = await audit('?action=catalog-version.clone').expect(200);
    expect(clone.body.events).toHaveLength(1);
    expect(clone.body.events[0]).toMatchObject({ entityId: 'a-1', actorKeyId: editor.id });
    expect((await audit(`?actor=${editor.id}&action=flow.*`).expect(200)).body.events).toHaveLength(4);
    expect((await audit('?entityId=a-1/p-5001').expect(200)).body.events).toHaveLength(2);
    expect((await audit('?entityId=a-1/*&action=flow.create').expect(200)).body.events).toHaveLength(3);
    expect((await audit(`?since=${new Date(Date.now() + 60_000).toISOString()}`).expect(200)).body.events).toEqual([]);

    const first = await audit('?action=flow.*&limit=3').expect(200);
    expect(first.body.events).toHaveLength(3);
    const second = await audit(`?action=flow.*&limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.events.map((event: { entityId: string }) => event.entityId)).toEqual(['a-1/p-5001']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses bad filters with a message naming them', async () => {
    for (const [query, message] of [
      ['?limit=0', /limit must be a whole number from 1 to 200/],
      ['?limit=1000', /limit must be a whole number from 1 to 200/],
      ['?since=yesterday', /since must be an ISO 8601 date-time/],
      ['?actor=1%20OR%201%3D1', /actor must be an API key id/],
      ['?cursor=abc', /cursor must be the nextCursor/],
      ['?sort=id', /property sort should not exist/],
    ] as const) {
      const res = await audit(query).expect(400);
      expect(res.body.message, query).toMatch(message);
    }
  });

  it('records profile changes too, with the profile before and after', async () => {
    const put = (body: object) =>
      request(t.server).put('/api/v1/profiles/audited').set('Authorization', `Bearer ${editor.key}`).send(body);
    await put({ params: { cni: 'calico' } }).expect(201);
    await put({
      params: { cni: 'weave' },
      addresses: { master: ['10.0.0.0/24'] },
      management: { cidrs: ['198.51.100.0/24'] },
    }).expect(200);
    await request(t.server).delete('/api/v1/profiles/audited').set('Authorization', `Bearer ${editor.key}`).expect(204);
    const res = await audit('?entityType=profile&entityId=audited').expect(200);
    const events = res.body.events.reverse();
    expect(events.map((event: { action: string }) => event.action)).toEqual([
      'profile.create',
      'profile.update',
      'profile.delete',
    ]);
    expect(events[0]).toMatchObject({ before: null, after: { params: { cni: 'calico' }, revision: 1 } });
    expect(events[1]).toMatchObject({
      before: { params: { cni: 'calico' } },
      after: {
        params: { cni: 'weave' },
        addresses: { master: { cidrs: ['10.0.0.0/24'] } },
        management: { cidrs: ['198.51.100.0/24'], ports: [] },
        revision: 2,
      },
      actorKeyId: editor.id,
    });
    expect(events[2]).toMatchObject({ before: { revision: 2 }, after: null });
  });

  it('is for admins only, over REST and GraphQL', async () => {
    await request(t.server).get('/api/v1/audit-events').expect(401);
    await audit('', editor.key).expect(403);
    const query = '{ auditEvents(action: "flow.update") { events { action actorName before after } nextCursor } }';
    const denied = await request(t.server)
      .post('/graphql')
      .set('Authorization', `Bearer ${editor.key}`)
      .send({ query })
      .expect(200);
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const res = await authorized(request(t.server).post('/graphql')).send({ query }).expect(200);
    expect(res.body.data.auditEvents).toEqual({
      events: [
        {
          action: 'flow.update',
          actorName: 'release-bot',
          before: expect.objectContaining({ ports: '5001' }),
          after: expect.objectContaining({ ports: '5011' }),
        },
      ],
      nextCursor: null,
    });
  });
});

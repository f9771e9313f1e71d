import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FlowQueryService } from '../src/modules/flows/flow-query.service';
import { testLogs, type LogRecord } from './support/log-capture';
import { findSecret } from './support/log-secrets.setup';
import { authorized, createTestApp, TEST_ADMIN_API_KEY, type TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

/** The lines logged while `send` ran. */
async function logged(send: () => Promise<unknown>): Promise<LogRecord[]> {
  const mark = testLogs.size;
  await send();
  // The request's line is written when its response has been sent, just after supertest has it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return testLogs.records(mark);
}

const requestLines = (records: LogRecord[]) => records.filter((record) => record.route !== undefined);

describe('logs', () => {
  it('write one JSON line per request: method, route pattern, status, duration, request id', async () => {
    let res: request.Response | undefined;
    const lines = await logged(async () => {
      res = await request(t.server)
        .get('/api/v1/catalogs/1.30.0/flows?from=master&to=node')
        .set('X-Request-Id', 'pipeline-run-42.step:7')
        .expect(200);
    });
    expect(res!.headers['x-request-id']).toBe('pipeline-run-42.step:7');
    expect(requestLines(lines)).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'request completed',
        requestId: 'pipeline-run-42.step:7',
        method: 'GET',
        route: '/api/v1/catalogs/:version/flows',
        status: 200,
        durationMs: expect.any(Number),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
    // The pattern, never the URL with its parameters.
    expect(JSON.stringify(lines)).not.toContain('from=master');
  });

  it('generate a request id when none or an unusable one is sent, and return it', async () => {
    const none = await request(t.server).get('/health').expect(200);
    const again = await request(t.server).get('/health').expect(200);
    expect(none.headers['x-request-id']).toMatch(UUID);
    expect(again.headers['x-request-id']).not.toBe(none.headers['x-request-id']);
    for (const unusable of ['has spaces in it', 'x'.repeat(129), 'quote"d', 'new\\nline']) {
      const res = await request(t.server).get('/health').set('X-Request-Id', unusable).expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('give refusals and unknown routes their line and request id too', async () => {
    let res: request.Response | undefined;
    const lines = await logged(async () => {
      res = await request(t.server).get('/no/such/path?secret=1').set('X-Request-Id', 'lost-1').expect(404);
    });
    expect(res!.headers['x-request-id']).toBe('lost-1');
    expect(requestLines(lines)).toEqual([
      expect.objectContaining({ requestId: 'lost-1', route: 'unmatched', status: 404, method: 'GET' }),
    ]);
  });

  it('name the key a write was made with by its id, and the audit event carries the request id', async () => {
    const created = await authorized(request(t.server).post('/api/v1/api-keys'))
      .set('X-Request-Id', 'create-key-1')
      .send({ name: 'logged-editor', scopes: ['editor'] })
      .expect(201);
    const editorKey: string = created.body.key;
    const lines = await logged(() =>
      request(t.server)
        .put('/api/v1/profiles/logged-profile')
        .set('Authorization', `Bearer ${editorKey}`)
        .set('X-Request-Id', 'profile-write-1')
        .send({ description: 'written while logging' })
        .expect(201),
    );
    expect(requestLines(lines)).toEqual([
      expect.objectContaining({
        requestId: 'profile-write-1',
        route: '/api/v1/profiles/:name',
        method: 'PUT',
        status: 201,
        keyId: created.body.id,
      }),
    ]);
    const bootstrapLine = testLogs.records().find((record) => record.requestId === 'create-key-1' && record.route);
    expect(bootstrapLine).toMatchObject({ keyId: 'ADMIN_API_KEY', status: 201 });

    const events = await authorized(request(t.server).get('/api/v1/audit-events?entityId=logged-profile')).expect(200);
    expect(events.body.events).toEqual([
      expect.objectContaining({ action: 'profile.create', requestId: 'profile-write-1' }),
    ]);
    const keyEvents = await authorized(
      request(t.server).get(`/api/v1/audit-events?entityId=${created.body.id}`),
    ).expect(200);
    expect(keyEvents.body.events[0]).toMatchObject({ action: 'api-key.create:bootstrap', requestId: 'create-key-1' });

    // Neither key is in any line, though both were sent in Authorization.
    expect(testLogs.text.filter((line) => line.includes(editorKey) || line.includes(TEST_ADMIN_API_KEY))).toEqual([]);
  });

  it('name the GraphQL operation on its request line', async () => {
    const lines = await logged(() =>
      request(t.server)
        .post('/graphql')
        .set('X-Request-Id', 'gql-1')
        .send({ query: 'query ListCatalogs { catalogs { version } }', operationName: 'ListCatalogs' })
        .expect(200),
    );
    expect(requestLines(lines)).toEqual([
      expect.objectContaining({ requestId: 'gql-1', route: '/graphql', operation: 'ListCatalogs', status: 200 }),
    ]);
  });

  it('log an unexpected REST failure with its request id, and tell the client nothing of it', async () => {
    const flows = t.app.get(FlowQueryService);
    const spy = vi.spyOn(flows, 'flows').mockRejectedValueOnce(new Error('something unexpected'));
    try {
      const lines = await logged(async () => {
        const res = await request(t.server)
          .get('/api/v1/catalogs/1.30.0/flows?to=node')
          .set('X-Request-Id', 'fails-1')
          .expect(500);
        expect(res.text).not.toContain('something unexpected');
      });
      const failureLine = lines.find((record) => record.context === 'HttpExceptionFilter');
      expect(failureLine).toMatchObject({
        level: 'error',
        requestId: 'fails-1',
        msg: 'GET /api/v1/catalogs/:version/flows failed unexpectedly',
        stack: expect.stringContaining('something unexpected'),
      });
      expect(requestLines(lines)).toEqual([
        expect.objectContaining({ requestId: 'fails-1', level: 'error', msg: 'request failed', status: 500 }),
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('GraphQL errors', () => {
  it('log an unexpected resolver failure with its request id; the client gets "internal error"', async () => {
    const flows = t.app.get(FlowQueryService);
    const spy = vi.spyOn(flows, 'flows').mockRejectedValueOnce(new Error('resolver exploded'));
    try {
      const lines = await logged(async () => {
        const res = await request(t.server)
          .post('/graphql')
          .set('X-Request-Id', 'gql-fails-1')
          .send({ query: '{ flows(catalog: "1.30.0", from: "node") { key } }' })
          .expect(200);
        expect(res.body.errors).toEqual([expect.objectContaining({ message: 'internal error' })]);
        expect(res.text).not.toContain('resolver exploded');
      });
      expect(lines.find((record) => record.context === 'GraphQL')).toMatchObject({
        level: 'error',
        requestId: 'gql-fails-1',
        msg: 'resolver at flows failed',
        stack: expect.stringContaining('resolver exploded'),
      });
    } finally {
      spy.mockRestore();
    }
  });

  it('log nothing for a client mistake', async () => {
    const lines = await logged(() =>
      request(t.server).post('/graphql').set('X-Request-Id', 'gql-typo').send({ query: '{ catalogz { version } }' }),
    );
    expect(lines.filter((record) => record.context === 'GraphQL')).toEqual([]);
  });
});

describe('the check that no log line carries a secret', () => {
  it('finds the test key, generated keys and bearer tokens, and passes clean lines', () => {
    expect(findSecret(`{"msg":"x","authorization":"Bearer abc.def"}`)).toBe('Bearer abc.def');
    expect(findSecret(`{"msg":"${TEST_ADMIN_API_KEY}"}`)).toBe(TEST_ADMIN_API_KEY);
    const generated = `nrk_AbCd1234_${'x'.repeat(43)}`;
    expect(findSecret(`{"msg":"key ${generated}"}`)).toBe(generated);
    expect(findSecret('{"msg":"request completed","route":"/graphql","keyId":"42"}')).toBeUndefined();
  });

  it('has the lines of this file to look at', () => {
    expect(requestLines(testLogs.records()).length).toBeGreaterThan(5);
  });
});

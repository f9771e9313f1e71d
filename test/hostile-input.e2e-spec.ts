import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaService } from '../src/database/prisma.service';
import { authorized, createTestApp, type TestApp } from './support/test-app';

/**
 * Hostile input: every case gets a 4xx whose message names the problem, and nothing is
 * written (the counts of every table stay the same). Unexpected errors never show a
 * stack trace or SQL.
 */
let t: TestApp;
let editor: string;
const V = '/api/v1/catalogs';

async function counts() {
  const prisma = t.app.get(PrismaService);
  const [versions, roles, parameters, flows, profiles, events] = await Promise.all([
    prisma.catalogVersion.count(),
    prisma.role.count(),
    prisma.parameter.count(),
    prisma.flow.count(),
    prisma.profile.count(),
    prisma.auditEvent.count(),
  ]);
  return { versions, roles, parameters, flows, profiles, events };
}

beforeAll(async () => {
  t = await createTestApp();
  const res = await authorized(request(t.server).post('/api/v1/api-keys'))
    .send({ name: 'hostile-editor', scopes: ['editor'] })
    .expect(201);
  editor = res.body.key;
  await request(t.server)
    .post(V)
    .set('Authorization', `Bearer ${editor}`)
    .send({ version: 'draft-h', cloneFrom: 'latest' })
    .expect(201);
});

afterAll(async () => {
  await t?.close();
});

const post = (path: string) => request(t.server).post(path).set('Authorization', `Bearer ${editor}`);
const flow = (extra: Record<string, unknown>) => ({
  source: 'node',
  destination: 'node',
  protocol: 'tcp',
  ports: '1',
  ...extra,
});

/** Every message of an error answer, REST or GraphQL, with the paths of its problems. */
function messagesOf(body: {
  message?: string;
  details?: { problems?: { path: string; message: string }[] };
  errors?: { message: string }[];
}): string {
  return [
    body.message,
    ...(body.details?.problems ?? []).map((problem) => `${problem.path}: ${problem.message}`),
    ...(body.errors ?? []).map((error) => error.message),
  ]
    .filter(Boolean)
    .join(' | ');
}

interface Case {
  readonly name: string;
  readonly send: () => request.Test;
  readonly status: number;
  readonly message: RegExp;
}

const CASES: Case[] = [
  {
    name: 'a 3 MB JSON document',
    send: () => post(`${V}/import`).send({ version: 'big', roles: [], flows: [], title: 'x'.repeat(3 * 1024 * 1024) }),
    status: 413,
    message: /too large|body/i,
  },
  {
    name: 'a 6 MB YAML document',
    send: () =>
      post(`${V}/import`)
        .set('Content-Type', 'application/yaml')
        .send(`version: big\nroles: []\nflows: []\nnotes: "${'y'.repeat(6 * 1024 * 1024)}"\n`),
    status: 413,
    message: /too large|body/i,
  },
  {
    name: 'a 3 MB GraphQL query',
    send: () =>
      request(t.server)
        .post('/graphql')
        .send({ query: `{ catalogs { version } }${' '.repeat(3 << 20)}` }),
    status: 413,
    message: /too large|body/i,
  },
  {
    name: 'port 70000',
    send: () => post(`${V}/draft-h/flows`).send(flow({ ports: '70000' })),
    status: 400,
    message: /70000/,
  },
  {
    name: 'a port range written backwards',
    send: () => post(`${V}/draft-h/flows`).send(flow({ ports: '32767-30000' })),
    status: 400,
    message: /32767-30000/,
  },
  {
    name: 'port 70000 in an imported document',
    send: () =>
      post(`${V}/import`)
        .set('Content-Type', 'application/yaml')
        .send('version: p\nroles: [{id: a}]\nflows: [{source: a, destination: a, protocol: tcp, ports: "70000"}]\n'),
    status: 400,
    message: /\/flows\/0\/ports/,
  },
  {
    name: 'SQL in a flow key',
    send: () => post(`${V}/draft-h/flows`).send(flow({ key: "x'; DROP TABLE flows; --" })),
    status: 400,
    message: /key.*letters, digits/,
  },
  {
    name: 'SQL in a version label',
    send: () => post(V).send({ version: "1.0'; DELETE FROM catalog_versions; --", cloneFrom: 'latest' }),
    status: 400,
    message: /version must be/,
  },
  {
    name: 'SQL in a role id',
    send: () => post(`${V}/draft-h/roles`).send({ id: 'r OR 1=1' }),
    status: 400,
    message: /\/id: must be an id/,
  },
  {
    name: 'SQL in a query parameter',
    send: () => request(t.server).get(`${V}/latest/flows?from=${encodeURIComponent("master' OR '1'='1")}`),
    status: 400,
    message: /unknown role/,
  },
  {
    name: 'a control character in a component',
    send: () => post(`${V}/draft-h/flows`).send(flow({ component: 'ok\u0000\u001b[31mred' })),
    status: 400,
    message: /\/component: must be text on one line, without control characters/,
  },
  {
    name: 'a control character in a role name',
    send: () => post(`${V}/draft-h/roles`).send({ id: 'ctl', name: 'bell\u0007' }),
    status: 400,
    message: /control characters/,
  },
  {
    name: 'a control character in a profile name',
    send: () => request(t.server).put('/api/v1/profiles/a%07b').set('Authorization', `Bearer ${editor}`).send({}),
    status: 400,
    message: /name/,
  },
  {
    name: 'invalid UTF-8 in a JSON body',
    send: () =>
      post(`${V}/draft-h/flows`)
        .set('Content-Type', 'application/json')
        .serialize((bytes: unknown) => bytes as string)
        .send(Buffer.from([0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])),
    status: 400,
    message: /not valid UTF-8/,
  },
  {
    name: 'invalid UTF-8 in a YAML document',
    send: () =>
      post(`${V}/import`)
        .set('Content-Type', 'application/yaml')
        .send(
          Buffer.concat([
            Buffer.from('version: "u'),
            Buffer.from([0xff, 0xfe]),
            Buffer.from('"\nroles: []\nflows: []\n'),
          ]),
        ),
    status: 400,
    message: /not valid UTF-8/,
  },
  {
    name: 'JSON that is not JSON',
    send: () => post(`${V}/draft-h/flows`).set('Content-Type', 'application/json').send('{"source": '),
    status: 400,
    message: /JSON/i,
  },
  {
    name: 'a __proto__ key',
    send: () =>
      post(`${V}/draft-h/flows`).set('Content-Type', 'application/json').send('{"__proto__": {"admin": true}}'),
    status: 400,
    message: /must not contain "__proto__"/,
  },
  {
    name: 'a condition that calls a function',
    send: () => post(`${V}/draft-h/flows`).send(flow({ condition: 'process.exit(1)' })),
    status: 400,
    message: /condition "process\.exit\(1\)"/,
  },
  {
    name: 'a condition that calls require',
    send: () => post(`${V}/draft-h/flows`).send(flow({ condition: "require('child_process').execSync('id')" })),
    status: 400,
    message: /condition/,
  },
  {
    name: 'a condition that calls a function, in a query',
    send: () => request(t.server).get(`${V}/latest/flows?cni=${encodeURIComponent('calico"); process.exit(1); ("')}`),
    status: 400,
    message: /cni/,
  },
  {
    name: 'a YAML alias bomb',
    send: () =>
      post(`${V}/import`)
        .set('Content-Type', 'application/yaml')
        .send(
          [
            'a: &a ["x","x","x","x","x","x","x","x","x"]',
            ...Array.from({ length: 8 }, (_, i) => {
              const prev = String.fromCharCode(97 + i);
              const next = String.fromCharCode(98 + i);
              return `${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`;
            }),
            'version: bomb',
            'roles: []',
            'flows: []',
          ].join('\n'),
        ),
    status: 400,
    message: /alias|YAML/i,
  },
  {
    name: 'a flow table with 70000 as a port',
    send: () =>
      post(`${V}/draft-h/flows/import`)
        .set('Content-Type', 'text/csv')
        .send('Port,Protocol,Source,Destination,Conditions,Notes\n70000,TCP,Node,Internet,,x\n'),
    status: 400,
    message: /row 1, column Port/,
  },
];

describe('hostile input', () => {
  it.each(CASES.map((item) => [item.name, item] as const))('%s: a clear 4xx, nothing written', async (_name, item) => {
    const before = await counts();
    const res = await item.send();
    expect(res.status, res.text.slice(0, 500)).toBe(item.status);
    const body = JSON.stringify(res.body);
    expect(messagesOf(res.body), body).toMatch(item.message);
    expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|prisma|SELECT |INSERT |UPDATE /i);
    expect(await counts()).toEqual(before);
  });

  it('keeps SQL-looking free text as text: stored verbatim, and the tables are intact', async () => {
    const notes = '\'); DROP TABLE flows; -- " OR 1=1; SELECT pg_sleep(10);';
    const res = await post(`${V}/draft-h/flows`)
      .send(flow({ key: 'sql-notes', ports: '4444', notes }))
      .expect(201);
    expect(res.body.notes).toBe(notes);
    const back = await request(t.server).get(`${V}/draft-h/flows/sql-notes`).expect(200);
    expect(back.body.notes).toBe(notes);
    expect((await counts()).flows).toBeGreaterThan(24);
  });

  it('refuses a GraphQL query nested 50 deep before running it', async () => {
    const query = `{ ${'catalogs { '.repeat(50)}version${' }'.repeat(50)} }`;
    const res = await request(t.server).post('/graphql').send({ query });
    expect(res.status).toBe(400);
    const messages = res.body.errors.map((error: { message: string }) => error.message);
    expect(messages).toContain('query is nested too deep: more than 15 levels');
    expect(JSON.stringify(res.body)).not.toMatch(/node_modules|\bat [\w.<>]+ \(/);
  });

  it('never shows a stack trace or SQL for a request that breaks something unexpectedly', async () => {
    const res = await request(t.server).get(`${V}/${'v'.repeat(300)}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|prisma/i);
  });
});

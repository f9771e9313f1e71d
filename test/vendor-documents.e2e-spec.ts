import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorized, createTestApp, type TestApp } from './support/test-app';

/**
 * Vendor documents as written (issue 12): a page that lists one port under two components,
 * each in its own row, imports; the flow query answers one flow naming both components and
 * both rows; validation lists the repeat as a warning; the Markdown table import does the same.
 */

let t: TestApp;
let editor: string;
let publisher: string;

const V = '/api/v1/catalogs';
const CLOUD_KEY = 'worker-master-tcp-6443-cloud-controller';
const INGRESS_KEY = 'worker-master-tcp-6443-ingress-controller';
const MERGED_KEY = `${CLOUD_KEY}+${INGRESS_KEY}`;

async function createKey(scopes: string[]): Promise<string> {
  const res = await authorized(request(t.server).post('/api/v1/api-keys'))
    .send({ name: scopes.join('-'), scopes })
    .expect(201);
  return res.body.key;
}

const as = (key: string) => ({
  post: (path: string) => request(t.server).post(path).set('Authorization', `Bearer ${key}`),
});

function gql(key: string | undefined, query: string, variables?: Record<string, unknown>) {
  const req = request(t.server).post('/graphql');
  if (key) req.set('Authorization', `Bearer ${key}`);
  return req.send({ query, variables }).expect(200);
}

/** The vendor's page: the API port twice, once per controller, plus an exact repeat of the first row. */
function vendorDocument(version: string) {
  const api = { source: 'worker', destination: 'master', protocol: 'tcp', ports: '6443' };
  return {
    version,
    title: 'A vendor page',
    roles: [{ id: 'master' }, { id: 'worker' }],
    parameters: [],
    flows: [
      { ...api, component: 'Cloud controller', notes: 'reads node objects', section: 'Table 2' },
      { ...api, component: 'Ingress controller', notes: 'watches ingresses', section: 'Table 2' },
      { ...api, component: 'Cloud controller', notes: 'listed again in Table 3', section: 'Table 3' },
    ],
  };
}

const REPEAT_WARNING = {
  path: '/flows/1',
  message: expect.stringContaining(
    `flow "${INGRESS_KEY}" repeats /flows/0 (same roles, protocol, ports and condition) for another component`,
  ),
};
const EXACT_WARNING = {
  path: '/flows/2',
  message: expect.stringContaining(
    `flow "${CLOUD_KEY}" repeats /flows/0 (same roles, protocol, ports, condition and component): kept once`,
  ),
};

beforeAll(async () => {
  t = await createTestApp();
  editor = await createKey(['editor']);
  publisher = await createKey(['publisher']);
});

afterAll(async () => {
  await t?.close();
});

describe('a vendor document listing one port under two components', () => {
  it('validates as valid, with the repeats as warnings (REST and GraphQL)', async () => {
    const rest = await as(editor).post(`${V}/validate`).send(vendorDocument('3.0.0')).expect(200);
    expect(rest.body).toEqual({
      version: '3.0.0',
      valid: true,
      problems: [],
      warnings: [REPEAT_WARNING, EXACT_WARNING],
    });

    const graphql = await gql(
      editor,
      'query ($d: String!) { validateCatalogDocument(document: $d) { version valid problems { path } warnings { path message } } }',
      { d: JSON.stringify(vendorDocument('3.0.0')) },
    );
    expect(graphql.body.data.validateCatalogDocument).toEqual({
      version: '3.0.0',
      valid: true,
      problems: [],
      warnings: [REPEAT_WARNING, EXACT_WARNING],
    });
  });

  it('lists warnings next to the problems of an invalid document', async () => {
    const document = vendorDocument('3.0.1');
    document.flows.push({ ...document.flows[1], component: 'Autoscaler', ports: '70000' });
    const res = await as(editor).post(`${V}/validate`).send(document).expect(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.problems).toEqual([{ path: '/flows/3/ports', message: expect.stringContaining('70000') }]);
    expect(res.body.warnings).toEqual([REPEAT_WARNING, EXACT_WARNING]);

    // Imported, it is refused with the problems, and the warnings next to them.
    const refused = await as(editor).post(`${V}/import`).send(document).expect(400);
    expect(refused.body.details).toMatchObject({
      field: '/flows/3/ports',
      problems: res.body.problems,
      warnings: [REPEAT_WARNING, EXACT_WARNING],
    });
  });

  it('imports, publishes despite the warnings, and the flow query answers one flow naming both rows', async () => {
    const imported = await as(publisher).post(`${V}/import?publish=true`).send(vendorDocument('3.0.0')).expect(201);
    expect(imported.body).toMatchObject({ version: '3.0.0', status: 'published', flowCount: 2 });
    expect(imported.body.warnings).toEqual([REPEAT_WARNING, EXACT_WARNING]);

    const rows = await request(t.server).get(`${V}/3.0.0/flow-definitions`).expect(200);
    expect(
      rows.body.flows.map((flow: { key: string; component: string; notes: string }) => [
        flow.key,
        flow.component,
        flow.notes,
      ]),
    ).toEqual([
      [CLOUD_KEY, 'Cloud controller', 'reads node objects; listed again in Table 3'],
      [INGRESS_KEY, 'Ingress controller', 'watches ingresses'],
    ]);

    const validation = await request(t.server).get(`${V}/3.0.0/validation`).expect(200);
    expect(validation.body).toEqual({ version: '3.0.0', valid: true, problems: [], warnings: [REPEAT_WARNING] });

    const flows = await request(t.server).get(`${V}/3.0.0/flows?from=worker&to=master`).expect(200);
    expect(flows.body.flows).toHaveLength(1);
    expect(flows.body.flows[0]).toMatchObject({
      key: MERGED_KEY,
      source: 'worker',
      destination: 'master',
      protocol: 'tcp',
      fromPort: 6443,
      toPort: 6443,
      component: 'Cloud controller, Ingress controller',
      notes: 'reads node objects; listed again in Table 3; watches ingresses',
      rows: [CLOUD_KEY, INGRESS_KEY],
    });

    const graphql = await gql(
      undefined,
      '{ flows(catalog: "3.0.0", from: "worker", to: "master") { key component rows } validateCatalog(version: "3.0.0") { valid warnings { path } } catalog(version: "3.0.0") { warnings { path } } }',
    );
    expect(graphql.body.data).toEqual({
      flows: [{ key: MERGED_KEY, component: 'Cloud controller, Ingress controller', rows: [CLOUD_KEY, INGRESS_KEY] }],
      validateCatalog: { valid: true, warnings: [{ path: '/flows/1' }] },
      catalog: { warnings: [{ path: '/flows/1' }] },
    });

    const mutation = await gql(
      editor,
      'mutation ($d: String!) { importCatalog(document: $d) { version status warnings { path message } } }',
      { d: JSON.stringify(vendorDocument('3.0.3')) },
    );
    expect(mutation.body.data.importCatalog).toEqual({
      version: '3.0.3',
      status: 'draft',
      warnings: [REPEAT_WARNING, EXACT_WARNING],
    });
  });

  it('explains the merged flow by naming both rows (REST and GraphQL)', async () => {
    const rest = await request(t.server)
      .get(`${V}/3.0.0/flows/${encodeURIComponent(MERGED_KEY)}/explanation`)
      .expect(200);
    expect(rest.body).toMatchObject({ version: '3.0.0', key: CLOUD_KEY, applies: true });
    expect(
      rest.body.rows.map((row: { key: string; row: { component: string } }) => [row.key, row.row.component]),
    ).toEqual([
      [CLOUD_KEY, 'Cloud controller'],
      [INGRESS_KEY, 'Ingress controller'],
    ]);
    expect(rest.body.flows.map((flow: { key: string }) => flow.key)).toEqual([MERGED_KEY]);

    const graphql = await gql(
      undefined,
      `{ explainFlow(catalog: "3.0.0", key: "${INGRESS_KEY}") { key rows { key applies condition { result parameters { name } } } flows { rows } } }`,
    );
    expect(graphql.body.data.explainFlow).toEqual({
      key: INGRESS_KEY,
      rows: [
        { key: CLOUD_KEY, applies: true, condition: { result: true, parameters: [] } },
        { key: INGRESS_KEY, applies: true, condition: { result: true, parameters: [] } },
      ],
      flows: [{ rows: [CLOUD_KEY, INGRESS_KEY] }],
    });
  });

  it('exports a document that imports back to the same catalog, and the diff between the two is empty', async () => {
    const exported = await request(t.server).get(`${V}/3.0.0/export?format=yaml`).expect(200);
    const again = exported.text.replace(/^version: .*$/m, 'version: 3.0.2');
    await as(editor).post(`${V}/import`).set('Content-Type', 'application/yaml').send(again).expect(201);

    const strip = (body: { flows: Record<string, unknown>[] }) => body.flows.map(({ revision: _, ...flow }) => flow);
    const first = await request(t.server).get(`${V}/3.0.0/flow-definitions`).expect(200);
    const second = await request(t.server).get(`${V}/3.0.2/flow-definitions`).expect(200);
    expect(strip(second.body)).toEqual(strip(first.body));

    const diff = await request(t.server).get(`${V}/3.0.0/diff/3.0.2`).expect(200);
    expect(diff.body).toMatchObject({ added: [], removed: [], changed: [] });
    const exportedAgain = await request(t.server).get(`${V}/3.0.2/export?format=yaml`).expect(200);
    expect(exportedAgain.text).toBe(again);
  });
});

describe('the same page as a Markdown table', () => {
  const page = [
    'Table 2. Workers to Masters',
    '',
    '| Port | Protocol | Component | Notes |',
    '| --- | --- | --- | --- |',
    '| 6443 | TCP | Cloud controller | reads node objects |',
    '| 6443 | TCP | Ingress controller | watches ingresses |',
    '| 6443 | TCP | Cloud controller | listed again |',
  ].join('\n');

  it('imports with the repeats as warnings, and the flow query answers one flow naming both rows', async () => {
    // The table import reads conditions with the Kublr vocabulary, which needs the Kublr parameters.
    await as(editor).post(V).send({ version: '3.1.0', cloneFrom: '1.30.0' }).expect(201);
    const preview = await as(editor)
      .post(`${V}/3.1.0/flows/import?dryRun=true`)
      .set('Content-Type', 'text/markdown')
      .send(page)
      .expect(200);
    const warnings = [
      {
        path: 'table 1, row 2',
        message: expect.stringContaining('repeats table 1, row 1 (same roles, protocol, ports and condition)'),
      },
      {
        path: 'table 1, row 3',
        message: expect.stringContaining(
          'repeats table 1, row 1 (same roles, protocol, ports, condition and component)',
        ),
      },
    ];
    expect(preview.body.warnings).toEqual(warnings);
    expect(preview.body.added.map((flow: { key: string }) => flow.key)).toEqual([CLOUD_KEY, INGRESS_KEY]);
    expect(preview.body.removed).toHaveLength(24);

    const applied = await as(editor)
      .post(`${V}/3.1.0/flows/import`)
      .set('Content-Type', 'text/markdown')
      .send(page)
      .expect(200);
    expect({ ...applied.body, dryRun: true }).toEqual(preview.body);

    const flows = await request(t.server).get(`${V}/3.1.0/flows?from=worker&to=master`).expect(200);
    expect(flows.body.flows).toHaveLength(1);
    expect(flows.body.flows[0]).toMatchObject({
      key: MERGED_KEY,
      component: 'Cloud controller, Ingress controller',
      notes: 'reads node objects; listed again; watches ingresses',
      rows: [CLOUD_KEY, INGRESS_KEY],
    });
    const validation = await request(t.server).get(`${V}/3.1.0/validation`).expect(200);
    expect(validation.body.warnings).toEqual([REPEAT_WARNING]);

    // Importing the same page again changes nothing: each row finds its own key.
    const again = await as(editor)
      .post(`${V}/3.1.0/flows/import?dryRun=true`)
      .set('Content-Type', 'text/markdown')
      .send(page)
      .expect(200);
    expect(again.body).toMatchObject({ added: [], changed: [], removed: [], warnings });

    // A draft with warnings publishes.
    await as(publisher).post(`${V}/3.1.0/publish`).expect(200);
    await as(editor).post(V).send({ version: '3.1.1', cloneFrom: '1.30.0' }).expect(201);

    const graphql = await gql(
      editor,
      'mutation ($t: String!) { importFlowTables(version: "3.1.1", tables: $t, dryRun: true) { added { key } warnings { path } } }',
      { t: page },
    );
    expect(graphql.body.data.importFlowTables).toEqual({
      added: [{ key: CLOUD_KEY }, { key: INGRESS_KEY }],
      warnings: [{ path: 'table 1, row 2' }, { path: 'table 1, row 3' }],
    });
  });
});

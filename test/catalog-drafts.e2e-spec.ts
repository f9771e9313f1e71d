import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaService } from '../src/database/prisma.service';
import { authorized, createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
let editor: string;
let publisher: string;

async function createKey(scopes: string[]): Promise<string> {
  const res = await authorized(request(t.server).post('/api/v1/api-keys'))
    .send({ name: scopes.join('-'), scopes })
    .expect(201);
  return res.body.key;
}

const as = (key: string) => ({
  post: (path: string) => request(t.server).post(path).set('Authorization', `Bearer ${key}`),
  put: (path: string) => request(t.server).put(path).set('Authorization', `Bearer ${key}`),
  delete: (path: string) => request(t.server).delete(path).set('Authorization', `Bearer ${key}`),
});

beforeAll(async () => {
  t = await createTestApp();
  editor = await createKey(['editor']);
  publisher = await createKey(['publisher']);
});

afterAll(async () => {
  await t?.close();
});

const V = '/api/v1/catalogs';

describe('a release over REST: clone the latest version, change flows, validate, publish, diff', () => {
  it('ends with a published version whose diff against its parent is exactly the change', async () => {
    const draft = await as(editor).post(V).send({ version: '1.31.0', cloneFrom: 'latest' }).expect(201);
    expect(draft.body).toMatchObject({ version: '1.31.0', status: 'draft', parent: '1.30.0', flowCount: 24 });

    // Add a flow, change one, remove one.
    const added = await as(editor)
      .post(`${V}/1.31.0/flows`)
      .send({
        key: 'cilium-health',
        source: 'node',
        destination: 'node',
        protocol: 'tcp',
        ports: '4240',
        condition: 'cni == "calico"',
        component: 'Health checks',
      })
      .expect(201);
    expect(added.body).toMatchObject({ key: 'cilium-health', ports: '4240', revision: 1 });
    expect(added.headers.etag).toMatch(/^"1-[\w-]+"$/);

    const kubelet = await request(t.server).get(`${V}/1.31.0/flows/kubelet-api`).expect(200);
    expect(kubelet.body).toMatchObject({ key: 'kubelet-api', ports: '10250', revision: 1 });
    const changed = await as(editor)
      .put(`${V}/1.31.0/flows/kubelet-api`)
      .send({ ...kubelet.body, ports: '10250-10255', notes: 'read-only port too' })
      .expect(200);
    expect(changed.body).toMatchObject({ ports: '10250-10255', revision: 2 });

    await as(editor).delete(`${V}/1.31.0/flows/weave-data`).set('If-Match', '"1"').expect(204);

    const validation = await request(t.server).get(`${V}/1.31.0/validation`).expect(200);
    expect(validation.body).toEqual({ version: '1.31.0', valid: true, problems: [], warnings: [] });

    const before = await request(t.server).get(`${V}/1.31.0`).expect(200);
    await as(editor).post(`${V}/1.31.0/publish`).expect(403);
    await as(publisher)
      .post(`${V}/1.31.0/publish`)
      .set('If-Match', String(before.body.revision - 1))
      .expect(412);
    const published = await as(publisher)
      .post(`${V}/1.31.0/publish`)
      .set('If-Match', String(before.body.revision))
      .expect(200);
    expect(published.body.status).toBe('published');

    const diff = await request(t.server).get(`${V}/1.30.0/diff/1.31.0?cni=calico`).expect(200);
    const keys = (flows: { key: string }[]) => flows.map((flow) => flow.key).sort();
    expect(keys(diff.body.added)).toEqual(['cilium-health']);
    expect(diff.body.changed.map((change: { after: { key: string } }) => change.after.key)).toEqual(['kubelet-api']);
    expect(diff.body.changed[0].after).toMatchObject({ fromPort: 10250, toPort: 10255 });
    expect(keys(diff.body.removed)).toEqual([]); // weave flows do not apply with cni=calico
    const weave = await request(t.server).get(`${V}/1.30.0/diff/1.31.0?cni=weave`).expect(200);
    expect(weave.body.removed.map((flow: { key: string }) => flow.key).sort()).toEqual(['weave-data']);
    expect(weave.body.added).toEqual([]);

    // Published: nothing changes any more.
    await as(editor)
      .post(`${V}/1.31.0/flows`)
      .send({ source: 'node', destination: 'node', protocol: 'tcp', ports: '1' })
      .expect(409);
    const refused = await as(editor)
      .put(`${V}/1.31.0/flows/kubelet-api`)
      .send({ ...kubelet.body })
      .expect(409);
    expect(refused.body.message).toContain('catalog version "1.31.0" is published, and only a draft can change');
    await as(editor).delete(`${V}/1.31.0/roles/kcp`).expect(409);
    await as(editor).delete(`${V}/1.31.0`).expect(409);
    expect((await request(t.server).get(`${V}/latest`).expect(200)).body.version).toBe('1.31.0');

    // Export, then import under another label: the same catalog, byte for byte.
    for (const format of ['yaml', 'json']) {
      const exported = await request(t.server).get(`${V}/1.31.0/export?format=${format}`).expect(200);
      const copy = `1.31.0-copy-${format}`;
      const text = exported.text.replace(
        /"?version"?: "?1\.31\.0"?/,
        format === 'json' ? `"version": "${copy}"` : `version: ${copy}`,
      );
      await as(editor)
        .post(`${V}/import`)
        .set('Content-Type', format === 'json' ? 'application/json' : 'application/yaml')
        .send(text)
        .expect(201);
      const again = await request(t.server).get(`${V}/${copy}/export?format=${format}`).expect(200);
      expect(again.text).toBe(text);
    }
  });
});

describe('editing a draft', () => {
  beforeAll(async () => {
    await as(editor).post(V).send({ version: 'edit-1', cloneFrom: '1.30.0', title: 'Editing' }).expect(201);
  });

  it('renames a role, and the flows and inclusions that name it follow', async () => {
    const role = await request(t.server).get(`${V}/edit-1/roles/worker`).expect(200);
    expect(role.body).toMatchObject({ id: 'worker', revision: 1 });
    const renamed = await as(editor)
      .put(`${V}/edit-1/roles/worker`)
      .send({ id: 'compute', name: 'Compute node' })
      .expect(200);
    expect(renamed.body).toMatchObject({ id: 'compute', name: 'Compute node' });
    const node = await request(t.server).get(`${V}/edit-1/roles/node`).expect(200);
    expect(node.body.includes).toEqual(['compute', 'master']);
    const flows = await request(t.server).get(`${V}/edit-1/flows?from=compute&to=master`).expect(200);
    expect(flows.body.flows.length).toBeGreaterThan(0);
    await request(t.server).get(`${V}/edit-1/roles/worker`).expect(404);
  });

  it("keeps a role's kind and default networks, and refuses default networks on a host", async () => {
    const artifact = `${V}/edit-1/artifacts/aws-terraform?airGap=true`;
    const before = await request(t.server).get(artifact).expect(200);
    expect(before.text).toContain('variable "intranet_cidrs"');
    const edited = await as(editor)
      .put(`${V}/edit-1/roles/intranet`)
      .send({ id: 'intranet', name: 'Intranet', kind: 'external', defaultCidrs: ['10.0.0.0/8'] })
      .expect(200);
    expect(edited.body).toMatchObject({ kind: 'external', defaultCidrs: ['10.0.0.0/8'], revision: 2 });
    const read = await request(t.server).get(`${V}/edit-1/roles/intranet`).expect(200);
    expect(read.body).toMatchObject({ kind: 'external', defaultCidrs: ['10.0.0.0/8'] });
    const exported = await request(t.server).get(`${V}/edit-1/export?format=json`).expect(200);
    const intranet = JSON.parse(exported.text).roles.find((role: { id: string }) => role.id === 'intranet');
    expect(intranet).toMatchObject({ kind: 'external', defaultCidrs: ['10.0.0.0/8'] });
    // The same question asked again answers from the edited role: its networks, no variable.
    const after = await request(t.server).get(artifact).expect(200);
    expect(after.text).not.toContain('variable "intranet_cidrs"');
    expect(after.text).toMatch(/cidr_ipv4 +?= "10\.0\.0\.0\/8"/);
    expect(after.headers.etag).not.toBe(before.headers.etag);

    const refused = await as(editor)
      .put(`${V}/edit-1/roles/kcp`)
      .send({ id: 'kcp', name: 'KCP', kind: 'host', defaultCidrs: ['10.0.0.0/8'] })
      .expect(400);
    expect(refused.body.message).toMatch(/only external roles have default networks/);
    const unchanged = await request(t.server).get(`${V}/edit-1/roles/kcp`).expect(200);
    expect(unchanged.body).toMatchObject({ kind: 'host', defaultCidrs: [], revision: 1 });
  });

  it('refuses to delete a role or parameter still in use, naming the users', async () => {
    const role = await as(editor).delete(`${V}/edit-1/roles/master`).expect(409);
    expect(role.body.message).toMatch(/^role "master" is still used by role "node", .*flow "etcd-client"/);
    const parameter = await as(editor).delete(`${V}/edit-1/parameters/cni`).expect(409);
    expect(parameter.body.message).toMatch(/^parameter "cni" is still used by flow "/);
    await as(editor).delete(`${V}/edit-1/roles/nobody`).expect(404);
  });

  it('adds, changes and deletes a parameter, with conditions checked against it', async () => {
    await as(editor).post(`${V}/edit-1/parameters`).send({ name: 'ipv6', type: 'boolean', default: false }).expect(201);
    await as(editor)
      .post(`${V}/edit-1/flows`)
      .send({ key: 'v6-nd', source: 'node', destination: 'node', protocol: 'udp', ports: '546', condition: 'ipv6' })
      .expect(201);
    const retyped = await as(editor)
      .put(`${V}/edit-1/parameters/ipv6`)
      .send({ type: 'enum', values: ['off', 'dual'], default: 'off' })
      .expect(400);
    expect(retyped.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(retyped.body)).toContain('condition \\"ipv6\\"');
    await as(editor).delete(`${V}/edit-1/flows/v6-nd`).expect(204);
    await as(editor).delete(`${V}/edit-1/parameters/ipv6`).expect(204);
    await request(t.server).get(`${V}/edit-1/parameters/ipv6`).expect(404);
  });

  it('refuses what an import would refuse, with the problem located in the item', async () => {
    const cases: [object, RegExp][] = [
      [{ source: 'node', destination: 'node', protocol: 'tcp', ports: '70000' }, /port/],
      [
        { source: 'node', destination: 'node', protocol: 'tcp', ports: '32767-30000' },
        /range|before|backwards|greater/,
      ],
      [{ source: 'node', destination: 'ghost', protocol: 'tcp', ports: '1' }, /unknown role "ghost"/],
      [
        {
          source: 'node',
          destination: 'node',
          protocol: 'tcp',
          ports: '1',
          condition: 'cni == "calico" && cni == "weave"',
        },
        /can never be true/,
      ],
      [{ source: 'node', destination: 'node', protocol: 'tcp', ports: '1', condition: 'process.exit(1)' }, /condition/],
      [{ source: 'node', destination: 'node', protocol: 'tcp', ports: '1', condition: 'cni == 3' }, /condition/],
      [{ source: 'node', destination: 'node', protocol: 'sctp', ports: '1' }, /must be one of/],
      [{ source: 'node', destination: 'node', protocol: 'tcp', ports: '1', extra: true }, /unknown field "extra"/],
      [{ source: 'node', destination: 'node', protocol: 'tcp', ports: '10250', component: 'Kubelet API' }, /repeats/],
    ];
    const before = (await request(t.server).get(`${V}/edit-1`).expect(200)).body;
    for (const [item, message] of cases) {
      const res = await as(editor).post(`${V}/edit-1/flows`).send(item);
      expect(res.status, JSON.stringify(item)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(
        res.body.details.problems.map((problem: { message: string }) => problem.message).join('; '),
        JSON.stringify(item),
      ).toMatch(message);
    }
    const after = (await request(t.server).get(`${V}/edit-1`).expect(200)).body;
    expect(after.flowCount).toBe(before.flowCount);
    expect(after.revision).toBe(before.revision);
  });

  it('refuses an edit based on a stale revision, and loses none of many concurrent edits', async () => {
    const flow = (await request(t.server).get(`${V}/edit-1/flows/etcd-client`)).body;
    await as(editor)
      .put(`${V}/edit-1/flows/etcd-client`)
      .send({ ...flow, notes: 'first' })
      .expect(200);
    const stale = await as(editor)
      .put(`${V}/edit-1/flows/etcd-client`)
      .send({ ...flow, notes: 'second' })
      .expect(412);
    expect(stale.body.message).toMatch(/is at revision 2, not 1/);
    await as(editor)
      .put(`${V}/edit-1/flows/etcd-client`)
      .set('If-Match', '"1"')
      .send({ notes: 'x', source: 'master', destination: 'master', protocol: 'tcp', ports: '2379' })
      .expect(412);
    expect((await request(t.server).get(`${V}/edit-1/flows/etcd-client`)).body.notes).toBe('first');

    // Two editors change one flow from the same revision: one wins, the other is told.
    const current = (await request(t.server).get(`${V}/edit-1/flows/etcd-client`)).body;
    const racing = await Promise.all(
      ['a', 'b'].map((notes) =>
        as(editor)
          .put(`${V}/edit-1/flows/etcd-client`)
          .send({ ...current, notes }),
      ),
    );
    expect(racing.map((res) => res.status).sort()).toEqual([200, 412]);

    // Twelve editors add twelve flows at once: all twelve land.
    const count = (await request(t.server).get(`${V}/edit-1`)).body.flowCount;
    const adds = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        as(editor)
          .post(`${V}/edit-1/flows`)
          .send({
            key: `extra-${index}`,
            source: 'node',
            destination: 'node',
            protocol: 'tcp',
            ports: String(40000 + index),
          }),
      ),
    );
    expect(adds.map((res) => res.status)).toEqual(Array(12).fill(201));
    expect((await request(t.server).get(`${V}/edit-1`)).body.flowCount).toBe(count + 12);
  });

  it('records who changed what, with the state before and after, never the key', async () => {
    const events = await t.app.get(PrismaService).auditEvent.findMany({
      where: { entityType: 'flow', entityId: 'edit-1/etcd-client' },
      orderBy: { id: 'asc' },
    });
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0]).toMatchObject({
      action: 'flow.update',
      before: { notes: expect.any(String) },
      after: { notes: 'first' },
    });
    expect(events[0].actorKeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      JSON.stringify(events, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
    ).not.toContain(editor.slice(-20));
  });

  it('needs an editor key for every edit', async () => {
    await request(t.server).post(`${V}/edit-1/flows`).send({}).expect(401);
    const reader = await createKey(['reader']);
    await as(reader).post(`${V}/edit-1/flows`).send({}).expect(403);
    await as(reader).post(V).send({ version: 'x' }).expect(403);
  });

  it('discards a draft', async () => {
    await as(editor).post(V).send({ version: 'scratch' }).expect(201);
    await as(editor).post(V).send({ version: 'scratch' }).expect(409);
    await as(editor).delete(`${V}/scratch`).expect(204);
    await request(t.server).get(`${V}/scratch`).expect(404);

    await as(editor).post(V).send({ version: 'followed', cloneFrom: '1.30.0' }).expect(201);
    await as(editor).put('/api/v1/profiles/on-draft').send({ version: 'followed' }).expect(201);
    const refused = await as(editor).delete(`${V}/followed`).expect(409);
    expect(refused.body.message).toBe(
      'catalog version "followed" is followed by profiles "on-draft"; point them elsewhere first',
    );
  });
});

describe('a release over GraphQL: the same cycle with mutations', () => {
  const gql = (key: string | undefined, query: string, variables: Record<string, unknown> = {}) => {
    const req = request(t.server).post('/graphql');
    return (key ? req.set('Authorization', `Bearer ${key}`) : req).send({ query, variables });
  };

  it('clones, edits flows, validates, publishes, and the diff shows exactly the change', async () => {
    const created = await gql(
      editor,
      `mutation { createCatalogVersion(input: { version: "2.0.0", cloneFrom: "1.30.0", title: "Two" }) {
         version status parent roles { id revision } } }`,
    ).expect(200);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createCatalogVersion).toMatchObject({
      version: '2.0.0',
      status: 'draft',
      parent: '1.30.0',
    });

    const added = await gql(
      editor,
      `mutation($input: FlowDefinitionInput!) { createFlow(version: "2.0.0", input: $input) { key ports revision } }`,
      {
        input: {
          key: 'kcp-metrics',
          source: 'kcp',
          destination: 'node',
          protocol: 'tcp',
          ports: '9100',
          component: 'Node exporter',
        },
      },
    ).expect(200);
    expect(added.body.errors, JSON.stringify(added.body.errors)).toBeUndefined();
    expect(added.body.data.createFlow).toEqual({ key: 'kcp-metrics', ports: '9100', revision: 1 });

    const stale = await gql(
      editor,
      `mutation { updateFlow(version: "2.0.0", key: "etcd-peer", expectedRevision: 7,
         input: { source: "master", destination: "master", protocol: "tcp", ports: "2380-2381", component: "Etcd" }) { key } }`,
    ).expect(200);
    expect(stale.body.errors[0].extensions.code).toBe('PRECONDITION_FAILED');

    const changed = await gql(
      editor,
      `mutation { updateFlow(version: "2.0.0", key: "etcd-peer", expectedRevision: 1,
         input: { source: "master", destination: "master", protocol: "tcp", ports: "2380-2381", component: "Etcd" }) { key ports revision } }`,
    ).expect(200);
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data.updateFlow).toEqual({ key: 'etcd-peer', ports: '2380-2381', revision: 2 });

    const removed = await gql(editor, `mutation { deleteFlow(version: "2.0.0", key: "flannel-vxlan") }`).expect(200);
    expect(removed.body.data).toEqual({ deleteFlow: true });

    const invalid = await gql(
      editor,
      `mutation { createFlow(version: "2.0.0", input: { source: "node", destination: "node", protocol: "tcp", ports: "70000" }) { key } }`,
    ).expect(200);
    expect(invalid.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.errors[0].message).toMatch(/ports/);

    const validation = await gql(
      undefined,
      `{ validateCatalog(version: "2.0.0") { valid problems { path message } } }`,
    );
    expect(validation.body.data.validateCatalog).toEqual({ valid: true, problems: [] });

    const denied = await gql(editor, `mutation { publishCatalogVersion(version: "2.0.0") { status } }`).expect(200);
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const published = await gql(publisher, `mutation { publishCatalogVersion(version: "2.0.0") { status } }`);
    expect(published.body.data.publishCatalogVersion).toEqual({ status: 'published' });

    const diff = await gql(
      undefined,
      `{ diff(from: "1.30.0", to: "2.0.0", params: { cni: "flannel" }) { added { key } removed { key } changed { before { key fromPort toPort } after { key fromPort toPort } } } }`,
    ).expect(200);
    expect(diff.body.errors).toBeUndefined();
    expect(diff.body.data.diff).toEqual({
      added: [{ key: 'kcp-metrics' }],
      removed: [{ key: 'flannel-vxlan' }],
      changed: [
        {
          before: { key: 'etcd-peer', fromPort: 2380, toPort: 2380 },
          after: { key: 'etcd-peer', fromPort: 2380, toPort: 2381 },
        },
      ],
    });

    const frozen = await gql(editor, `mutation { deleteFlow(version: "2.0.0", key: "kcp-metrics") }`);
    expect(frozen.body.errors[0].extensions.code).toBe('CONFLICT');
    const noKey = await gql(undefined, `mutation { deleteFlow(version: "2.0.0", key: "kcp-metrics") }`);
    expect(noKey.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('importing flow tables shaped like the Network Access document', () => {
  const tables = readFileSync(
    join(__dirname, '../src/core/catalog/flow-tables/__fixtures__/network-access-tables.md'),
    'utf8',
  );

  it('previews without writing, then applies exactly what it previewed', async () => {
    await as(editor).post(V).send({ version: 'tables-1', cloneFrom: '1.30.0' }).expect(201);
    const before = (await request(t.server).get(`${V}/tables-1`).expect(200)).body;

    const preview = await as(editor)
      .post(`${V}/tables-1/flows/import?dryRun=true`)
      .set('Content-Type', 'text/markdown')
      .send(tables)
      .expect(200);
    expect(preview.body.dryRun).toBe(true);
    // The document writes the ingress NodePort range as fixed ports; the catalog uses ${nodePortRange}.
    expect(preview.body.removed.map((flow: { ports: string }) => flow.ports)).toEqual(['${nodePortRange}']);
    expect(preview.body.added.map((flow: { ports: string }) => flow.ports)).toEqual(['30000-32767']);
    // Every other row matched an existing flow and kept its key.
    const keptKeys = preview.body.changed.map((change: { before: { key: string }; after: { key: string } }) => [
      change.before.key,
      change.after.key,
    ]);
    for (const [from, to] of keptKeys) expect(to).toBe(from);
    expect((await request(t.server).get(`${V}/tables-1`)).body.revision).toBe(before.revision);

    const applied = await as(editor)
      .post(`${V}/tables-1/flows/import`)
      .set('Content-Type', 'text/markdown')
      .send(tables)
      .expect(200);
    expect({ ...applied.body, dryRun: true }).toEqual(preview.body);
    const after = (await request(t.server).get(`${V}/tables-1`)).body;
    expect(after.flowCount).toBe(before.flowCount);
    const ingress = await request(t.server).get(`${V}/tables-1/flows?from=ingress-lb&ingressLoadBalancer=true`);
    expect(ingress.body.flows.map((flow: { fromPort: number }) => flow.fromPort)).toEqual([30000, 30000]);
  });

  it("reads tables into another vendor's draft, without the Kublr parameters the document's wording refers to", async () => {
    const document = {
      version: 'other-1',
      roles: [{ id: 'controller' }, { id: 'agent' }],
      parameters: [{ name: 'ha', type: 'boolean', default: false }],
      flows: [{ key: 'agent-api', source: 'agent', destination: 'controller', protocol: 'tcp', ports: '8443' }],
    };
    await as(editor).post(`${V}/import`).set('Content-Type', 'application/json').send(document).expect(201);
    const tables = [
      '### Table 1. Agents',
      '',
      '| Port | Protocol | Source | Destination | Conditions | Notes |',
      '| --- | --- | --- | --- | --- | --- |',
      '| 8443 | TCP | Agent | Controller | | API |',
      '| 7946 | TCP/UDP | Controller | Controller | ha | Gossip |',
      '',
    ].join('\n');
    const res = await as(editor)
      .post(`${V}/other-1/flows/import`)
      .set('Content-Type', 'text/markdown')
      .send(tables)
      .expect(200);
    expect(res.body.problems ?? []).toEqual([]);
    expect(
      res.body.added.map((flow: { ports: string; condition: string | null }) => [flow.ports, flow.condition]),
    ).toEqual([['7946', 'ha']]);
  });

  it('refuses unreadable tables with the row and column, and writes nothing', async () => {
    await as(editor).post(V).send({ version: 'tables-2', cloneFrom: '1.30.0' }).expect(201);
    const bad = 'Port,Protocol,Source,Destination,Conditions,Notes\n70000,TCP,Node,Internet,,x\n443,TCP,Node,Mars,,y\n';
    const res = await as(editor)
      .post(`${V}/tables-2/flows/import`)
      .set('Content-Type', 'text/csv')
      .send(bad)
      .expect(400);
    const messages = res.body.details.problems.map((problem: { path: string }) => problem.path).join('; ');
    expect(messages).toMatch(/row 1, column Port/);
    expect(messages).toMatch(/row 2, column Destination/);
    expect((await request(t.server).get(`${V}/tables-2`)).body.flowCount).toBe(24);
    await as(editor).post(`${V}/1.30.0/flows/import`).set('Content-Type', 'text/csv').send(bad).expect(409);
  });

  it('takes the format and mode over GraphQL as enums whose names are the REST values', async () => {
    await as(editor).post(V).send({ version: 'tables-3', cloneFrom: '1.30.0' }).expect(201);
    const mutation = (args: string) =>
      as(editor)
        .post('/graphql')
        .send({
          query: `mutation ($t: String!) { importFlowTables(version: "tables-3", tables: $t, ${args}) { dryRun added { key } } }`,
          variables: { t: tables },
        });
    const preview = await mutation('format: markdown, mode: merge, dryRun: true').expect(200);
    expect(preview.body.errors).toBeUndefined();
    expect(preview.body.data.importFlowTables.dryRun).toBe(true);
    // As a variable the value is the very string REST takes in ?mode=.
    const asVariable = await as(editor)
      .post('/graphql')
      .send({
        query:
          'mutation ($t: String!, $m: FlowImportMode) { importFlowTables(version: "tables-3", tables: $t, mode: $m, dryRun: true) { dryRun } }',
        variables: { t: tables, m: 'replace' },
      })
      .expect(200);
    expect(asVariable.body.data.importFlowTables).toEqual({ dryRun: true });
    const unknown = await mutation('format: xlsx').expect(400);
    expect(unknown.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknown.body.errors[0].message).toMatch(/FlowTableFormat/);
  });
});

describe('documents over GraphQL', () => {
  it('exports a version as its document and validates a document without storing it', async () => {
    const exported = await request(t.server)
      .post('/graphql')
      .send({ query: '{ catalog(version: "1.30.0") { document(format: json) } }' })
      .expect(200);
    const document = JSON.parse(exported.body.data.catalog.document);
    expect(document).toMatchObject({ version: '1.30.0' });
    expect(document.flows).toHaveLength(24);

    const broken = JSON.stringify({ ...document, version: 'x', flows: [{ ...document.flows[0], ports: '0' }] });
    const report = await as(editor)
      .post('/graphql')
      .send({
        query:
          'query ($d: String!) { validateCatalogDocument(document: $d) { version valid problems { path message } } }',
        variables: { d: broken },
      })
      .expect(200);
    expect(report.body.data.validateCatalogDocument).toMatchObject({ version: 'x', valid: false });
    expect(report.body.data.validateCatalogDocument.problems[0].path).toBe('/flows/0/ports');
    expect((await request(t.server).get(`${V}/x`)).status).toBe(404);
  });
});

describe('publishing a version that profiles following "latest" no longer fit', () => {
  it('is refused, naming each profile, unless forced', async () => {
    await as(editor)
      .put('/api/v1/profiles/follower')
      .send({ params: { cni: 'calico' }, addresses: { master: ['10.0.0.0/24'] } })
      .expect(201);
    await as(editor)
      .put('/api/v1/profiles/pinned')
      .send({ version: '1.30.0', addresses: { master: ['10.1.0.0/24'] } })
      .expect(201);
    await as(editor).post(V).send({ version: '9.0.0', cloneFrom: 'latest' }).expect(201);
    await as(editor).put(`${V}/9.0.0/roles/master`).send({ id: 'control-plane', name: 'Control plane' }).expect(200);

    const refused = await as(publisher).post(`${V}/9.0.0/publish`).expect(409);
    expect(refused.body.message).toMatch(
      /^publishing "9\.0\.0" would break a profile that follows "latest": profile "follower": unknown role "master" in addresses/,
    );
    expect((await request(t.server).get(`${V}/9.0.0`)).body.status).toBe('draft');

    // A version that does not become "latest" breaks nobody that follows it.
    await as(editor).post(V).send({ version: '0.9.0', cloneFrom: '9.0.0' }).expect(201);
    await as(publisher).post(`${V}/0.9.0/publish`).expect(200);

    await as(publisher).post(`${V}/9.0.0/publish?force=true`).expect(200);
    expect((await request(t.server).get(`${V}/latest`)).body.version).toBe('9.0.0');
  });
});

describe('replacing a draft with an edited export', () => {
  it('writes only the rows that differ, and refuses a stale revision', async () => {
    await as(editor).post(V).send({ version: 'offline-1', cloneFrom: '1.30.0' }).expect(201);
    const exported = (await request(t.server).get(`${V}/offline-1/export`).expect(200)).text;
    const edited = exported
      .replace('title: Kublr network requirements', 'title: Edited offline')
      .replace('component: Kubelet API', 'component: Kubelet API (edited)');
    expect(edited).not.toBe(exported);
    const version = (await request(t.server).get(`${V}/offline-1`)).body;

    const put = (body: string, ifMatch?: string) => {
      const req = as(editor).put(`${V}/offline-1`).set('Content-Type', 'application/yaml');
      return (ifMatch ? req.set('If-Match', ifMatch) : req).send(body);
    };
    await put(edited, String(version.revision + 1)).expect(412);
    await put(edited.replace('version: offline-1', 'version: other'), String(version.revision)).expect(400);
    const replaced = await put(edited, String(version.revision)).expect(200);
    expect(replaced.body).toMatchObject({ title: 'Edited offline', flowCount: 24 });

    const rows = (await request(t.server).get(`${V}/offline-1/flow-definitions`)).body.flows;
    const changed = rows.filter((row: { revision: number }) => row.revision > 1);
    expect(changed.map((row: { key: string; component: string }) => [row.key, row.component])).toEqual([
      ['kubelet-api', 'Kubelet API (edited)'],
    ]);
    expect((await request(t.server).get(`${V}/offline-1/export`)).text).toBe(edited);
    const published = (await request(t.server).get(`${V}/1.30.0/export`)).text;
    await as(editor).put(`${V}/1.30.0`).set('Content-Type', 'application/yaml').send(published).expect(409);
  });
});

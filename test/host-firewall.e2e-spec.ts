import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDefinition } from '../src/core/catalog/catalog-definition';
import { CatalogRepository } from '../src/modules/catalogs/catalog.repository';
import { CatalogService } from '../src/modules/catalogs/catalog.service';
import { authorized, createTestApp, type TestApp } from './support/test-app';

/*
 * The host firewall options of the artifact endpoints (host, mode, egress, managementCidrs,
 * managementPorts) over REST and GraphQL, their refusals, and a profile's management networks.
 */

let t: TestApp;

const PROFILE = {
  version: '1.30.0',
  params: { cni: 'calico' },
  addresses: { master: ['10.0.1.0/24'], worker: ['10.0.2.0/24'], kcp: ['192.168.10.0/24'] },
};

beforeAll(async () => {
  t = await createTestApp();
  await authorized(request(t.server).put('/api/v1/profiles/hosts')).send(PROFILE).expect(201);
  const kublr = await t.app.get(CatalogService).loadDefinition('1.30.0');
  const next: CatalogDefinition = {
    ...kublr,
    version: '1.31.0',
    flows: kublr.flows.filter((flow) => flow.key !== 'etcd-peer'),
  };
  await t.app.get(CatalogRepository).createVersion(next, { status: 'published' });
});

afterAll(async () => {
  await t?.close();
});

const get = (path: string) => request(t.server).get(path);

async function graphqlArtifact(args: string): Promise<{ content?: string; errors?: Array<Record<string, unknown>> }> {
  const res = await request(t.server)
    .post('/graphql')
    .send({ query: `{ artifact(${args}) { content } }` })
    .expect(200);
  return { content: res.body.data?.artifact?.content, errors: res.body.errors };
}

describe('host firewall options', () => {
  it("renders one host role's input and output chains, the same over REST and GraphQL", async () => {
    const res = await get('/api/v1/profiles/hosts/artifacts/iptables?host=master').expect(200);
    expect(res.text).toContain('-A KUBLR-NR-MASTER-IN -s 10.0.2.0/24 -p tcp -m tcp --dport 443');
    expect(res.text).toContain('-A KUBLR-NR-MASTER-OUT -d 0.0.0.0/0 -p tcp -m tcp --dport 443');
    expect(res.text).not.toContain('KUBLR-NR-WORKER');
    expect(res.text).not.toMatch(/-j DROP/);
    const graphql = await graphqlArtifact('format: "iptables", profile: "hosts", host: "master"');
    expect(graphql.errors).toBeUndefined();
    expect(graphql.content).toBe(res.text);

    const every = await get('/api/v1/profiles/hosts/artifacts/nftables').expect(200);
    for (const chain of ['host_master_in', 'host_worker_out', 'host_kcp_in'])
      expect(every.text).toContain(`chain ${chain} {`);
  });

  it('renders enforce mode with the management networks of the question, over REST and GraphQL', async () => {
    const query =
      'host=worker&mode=enforce&egress=enforce&managementCidrs=198.51.100.7,2001:db8::/32&managementPorts=22,2222';
    const res = await get(`/api/v1/profiles/hosts/artifacts/nftables?${query}`).expect(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="network-flows-1.30.0-hosts-worker-enforce.nft"',
    );
    expect(res.text).toContain('type filter hook input priority 0; policy drop;');
    expect(res.text).toContain('type filter hook output priority 0; policy drop;');
    expect(res.text).toContain('ip saddr 198.51.100.7/32 tcp dport { 22, 2222 } accept comment "management"');
    expect(res.text).toContain('ip6 saddr 2001:db8::/32 tcp dport { 22, 2222 } accept comment "management"');
    const graphql = await graphqlArtifact(
      'format: "nftables", profile: "hosts", host: "worker", mode: enforce, egress: enforce, ' +
        'managementCidrs: ["198.51.100.7", "2001:db8::/32"], managementPorts: [22, 2222]',
    );
    expect(graphql.errors).toBeUndefined();
    expect(graphql.content).toBe(res.text);
  });

  it('renders the change since an earlier version for one host, enforce included', async () => {
    const res = await get(
      '/api/v1/catalogs/1.31.0/artifacts/iptables?since=1.30.0&cni=calico&host=master&mode=enforce&managementCidrs=198.51.100.0/24',
    ).expect(200);
    expect(res.text).toContain(
      '-D KUBLR-NR-VERSION -m comment --comment "kublr-nr catalog 1.30.0 host master" -j RETURN',
    );
    expect(res.text).toMatch(/^-D KUBLR-NR-MASTER-IN .*"etcd-peer"/m);
    expect(res.text).toContain(
      '-A KUBLR-NR-VERSION -m comment --comment "kublr-nr catalog 1.31.0 host master" -j RETURN',
    );
  });

  it.each([
    [
      'host=node',
      'host',
      /^role "node" includes master, worker: ask for each of them; host firewalls are rendered for master, worker, kcp$/,
    ],
    ['host=router', 'host', /^unknown role "router"/],
    ['host=master-lb', 'host', /^role "master-lb" is a loadBalancer role, not a host/],
    ['host=master&mode=enforce', 'managementCidrs', /so that loading cannot lock the operator out$/],
    ['mode=enforce&managementCidrs=10.0.0.0/8', 'host', /give host/],
    ['host=master&egress=enforce', 'egress', /egress=enforce needs mode=enforce/],
    ['host=master&mode=strict', 'mode', /^mode must be allow or enforce/],
    ['host=master&mode=enforce&managementCidrs=10.0.0.1/8', 'managementCidrs', /host bits are set/],
    ['host=master&managementPorts=0', 'managementPorts', /between 1 and 65535/],
  ])('refuses %s with 400 naming %s', async (query, field, message) => {
    const res = await get(`/api/v1/catalogs/1.30.0/artifacts/iptables?${query}`).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    expect(res.body.message).toMatch(message);
  });

  it('refuses host firewall options for a format that does not take them, naming those that do', async () => {
    const res = await get('/api/v1/catalogs/1.30.0/artifacts/json?host=master').expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'host', formats: ['iptables', 'ip6tables', 'nftables'] },
    });
    expect(res.body.message).toBe(
      'host is a host firewall option: only iptables, ip6tables, nftables take it, not json',
    );
    const graphql = await graphqlArtifact('format: "calico", catalog: "1.30.0", mode: enforce');
    expect(graphql.errors?.[0]).toMatchObject({
      message: 'mode is a host firewall option: only iptables, ip6tables, nftables take it, not calico',
      extensions: { code: 'VALIDATION_FAILED', statusCode: 400 },
    });
  });

  it('refuses the same faults over GraphQL with the same messages', async () => {
    const node = await graphqlArtifact('format: "nftables", catalog: "1.30.0", host: "node"');
    expect(node.errors?.[0]).toMatchObject({
      extensions: { code: 'VALIDATION_FAILED', details: { field: 'host' } },
    });
    expect(node.errors?.[0].message).toMatch(/^role "node" includes master, worker/);
    const lockout = await graphqlArtifact('format: "nftables", catalog: "1.30.0", host: "master", mode: enforce');
    expect(lockout.errors?.[0].message).toMatch(/so that loading cannot lock the operator out$/);
  });
});

describe("a profile's management networks", () => {
  const withManagement = (cidrs: string[], ports?: number[]) => ({
    ...PROFILE,
    management: { cidrs, ...(ports ? { ports } : {}) },
  });

  it('are stored, shown over REST and GraphQL, and checked', async () => {
    const put = await authorized(request(t.server).put('/api/v1/profiles/managed'))
      .send(withManagement(['198.51.100.5', '2001:DB8::/32']))
      .expect(201);
    expect(put.body.management).toEqual({ cidrs: ['198.51.100.5/32', '2001:db8::/32'], ports: [22] });
    expect((await get('/api/v1/profiles/managed').expect(200)).body.management).toEqual(put.body.management);
    const graphql = await request(t.server)
      .post('/graphql')
      .send({ query: '{ profile(name: "managed") { management { cidrs ports } } }' })
      .expect(200);
    expect(graphql.body.data.profile.management).toEqual(put.body.management);
    expect((await get('/api/v1/profiles/hosts').expect(200)).body.management).toBeNull();

    const bad = await authorized(request(t.server).put('/api/v1/profiles/managed'))
      .send(withManagement(['10.0.0.1/8']))
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'management.cidrs' } });
    await authorized(request(t.server).put('/api/v1/profiles/managed'))
      .send(withManagement(['10.0.0.0/8'], [70000]))
      .expect(400);
  });

  it('apply to enforce mode unless the question gives its own, and a change of them changes the answer and its ETag', async () => {
    await authorized(request(t.server).put('/api/v1/profiles/managed'))
      .send(withManagement(['198.51.100.0/24'], [2222]))
      .expect(200);
    const path = '/api/v1/profiles/managed/artifacts/iptables?host=master&mode=enforce';
    const first = await get(path).expect(200);
    expect(first.text).toContain('-s 198.51.100.0/24 -p tcp -m tcp --dport 2222 -m comment --comment "management"');
    expect(first.headers['cache-control']).toBe('no-cache');
    await get(path).set('If-None-Match', first.headers.etag).expect(304);

    const overridden = await get(`${path}&managementCidrs=203.0.113.0/24&managementPorts=22`).expect(200);
    expect(overridden.text).toContain('-s 203.0.113.0/24 -p tcp -m tcp --dport 22 -m comment --comment "management"');
    expect(overridden.text).not.toContain('198.51.100.0/24');

    await authorized(request(t.server).put('/api/v1/profiles/managed'))
      .send(withManagement(['192.0.2.0/24'], [2222]))
      .expect(200);
    const second = await get(path).set('If-None-Match', first.headers.etag).expect(200);
    expect(second.text).toContain('-s 192.0.2.0/24 -p tcp -m tcp --dport 2222');
    expect(second.headers.etag).not.toBe(first.headers.etag);
    const graphql = await graphqlArtifact('format: "iptables", profile: "managed", host: "master", mode: enforce');
    expect(graphql.content).toBe(second.text);
  });
});

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDefinition } from '../src/core/catalog/catalog-definition';
import { CatalogRepository } from '../src/modules/catalogs/catalog.repository';
import { CatalogService } from '../src/modules/catalogs/catalog.service';
import { authorized, createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
const CONTRACT_FORMATS = [
  'json',
  'yaml',
  'markdown',
  'csv',
  'html',
  'iptables',
  'nftables',
  'aws-terraform',
  'aws-cloudformation',
  'azure-terraform',
  'gcp-terraform',
  'calico',
  'jira',
  'dot',
  'svg',
  'check-script',
];
let formats: Array<{ format: string; contentType: string; fileExtension: string }>;

const PROFILE = {
  version: '1.30.0',
  params: { cni: 'calico', masterLoadBalancer: true, ingressLoadBalancer: true },
  addresses: {
    master: { cidrs: ['10.0.1.0/24'], securityGroupIds: ['sg-0master'], tags: ['kublr-master'] },
    worker: { cidrs: ['10.0.2.0/24'], securityGroupIds: ['sg-0worker'], tags: ['kublr-worker'] },
    'master-lb': ['10.0.0.10/32'],
    'ingress-lb': ['10.0.0.20/32'],
    kcp: ['192.168.10.0/24'],
    internet: ['0.0.0.0/0'],
    intranet: ['172.16.0.0/12'],
    'cloud-api': ['203.0.113.0/24'],
  },
};

beforeAll(async () => {
  t = await createTestApp();
  await authorized(request(t.server).put('/api/v1/profiles/prod-eu-1')).send(PROFILE).expect(201);
  const kublr = await t.app.get(CatalogService).loadDefinition('1.30.0');
  const next: CatalogDefinition = {
    ...kublr,
    version: '1.31.0',
    flows: kublr.flows
      .filter((flow) => flow.key !== 'calico-bgp')
      .concat([
        {
          ...kublr.flows[0],
          key: 'metrics-server',
          ports: { kind: 'range', from: 4443, to: 4443 },
          component: 'Metrics server',
        },
      ]),
  };
  await t.app.get(CatalogRepository).createVersion(next, { status: 'published' });
  formats = (await request(t.server).get('/api/v1/artifact-formats').expect(200)).body.formats;
});

afterAll(async () => {
  await t?.close();
});

/** Every artifact as text, whatever its content type (supertest would buffer SVG as bytes). */
const asText = (res: request.Response, done: (error: Error | null, body: string) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => done(null, text));
};

describe('artifacts', () => {
  it('lists every format of the contract', () => {
    expect(formats.map((format) => format.format).sort()).toEqual([...CONTRACT_FORMATS, 'ip6tables'].sort());
  });

  it('renders every format for a profile with addresses for every role, with its content type and a file name', async () => {
    for (const { format, contentType, fileExtension } of formats) {
      const res = await request(t.server)
        .get(`/api/v1/profiles/prod-eu-1/artifacts/${format}`)
        .buffer(true)
        .parse(asText)
        .expect(200);
      expect(res.headers['content-type'], format).toBe(contentType);
      expect(res.headers['content-disposition'], format).toBe(
        `attachment; filename="network-flows-1.30.0-prod-eu-1.${fileExtension}"`,
      );
      expect((res.body as string).length, format).toBeGreaterThan(0);
      const graphql = await request(t.server)
        .post('/graphql')
        .send({
          query: `{ artifact(format: "${format}", catalog: null, profile: "prod-eu-1") { format contentType fileName content } }`,
        })
        .expect(200);
      expect(graphql.body.errors, format).toBeUndefined();
      expect(graphql.body.data.artifact.content, format).toBe(res.body);
    }
  });

  it('renders for a catalog version with filters, and revalidates with an ETag', async () => {
    const res = await request(t.server)
      .get('/api/v1/catalogs/1.30.0/artifacts/json?from=kcp&byoInfrastructure=true')
      .expect(200);
    expect(JSON.parse(res.text).flows.map((flow: { key: string }) => flow.key)).toEqual([
      'kcp-cloud-api',
      'kcp-master-kubernetes-api',
      'kcp-master-secret-store',
    ]);
    expect(res.headers['cache-control']).toBe('public, max-age=86400, immutable');
    // The second time the answer comes from the cache of immutable responses, bytes and headers alike.
    const again = await request(t.server)
      .get('/api/v1/catalogs/1.30.0/artifacts/json?from=kcp&byoInfrastructure=true')
      .expect(200);
    expect(again.text).toBe(res.text);
    for (const header of ['content-type', 'cache-control', 'content-disposition', 'etag']) {
      expect(again.headers[header], header).toBe(res.headers[header]);
    }
    await request(t.server)
      .get('/api/v1/catalogs/1.30.0/artifacts/json?from=kcp&byoInfrastructure=true')
      .set('If-None-Match', res.headers.etag)
      .expect(304);
  });

  it('renders the change between two versions: exactly the flows to add and to remove', async () => {
    const same = await request(t.server).get('/api/v1/profiles/prod-eu-1/artifacts/json?since=1.30.0').expect(200);
    expect(JSON.parse(same.text)).toMatchObject({ since: '1.30.0', flows: [], removed: [] });
    const change = await request(t.server)
      .get('/api/v1/catalogs/1.31.0/artifacts/json?since=1.30.0&cni=calico')
      .expect(200);
    const document = JSON.parse(change.text);
    expect(document.since).toBe('1.30.0');
    expect(document.flows.map((flow: { key: string }) => flow.key)).toEqual(['metrics-server']);
    expect(document.removed.map((flow: { key: string }) => flow.key)).toEqual(['calico-bgp']);
    expect(change.headers['content-disposition']).toBe('attachment; filename="network-flows-1.31.0-since-1.30.0.json"');
  });

  it("refuses, by the renderer's declared limit, an answer the platform cannot hold", async () => {
    const kublr = await t.app.get(CatalogService).loadDefinition('1.30.0');
    const crowded: CatalogDefinition = {
      ...kublr,
      version: '0.400.1',
      flows: Array.from({ length: 401 }, (_, index) => ({
        ...kublr.flows[0],
        key: `port-${index + 1}`,
        ports: { kind: 'range' as const, from: index + 1, to: index + 1 },
      })),
    };
    await t.app.get(CatalogRepository).createVersion(crowded, { status: 'deprecated' });
    const res = await request(t.server).get('/api/v1/catalogs/0.400.1/artifacts/azure-terraform').expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'format', format: 'azure-terraform', limit: 400, count: 401 },
    });
    expect(res.body.message).toMatch(
      /^401 Azure inbound network security rules do not fit: azure-terraform allows at most 400;/,
    );
    // Another question on the same version fits.
    await request(t.server).get('/api/v1/catalogs/0.400.1/artifacts/azure-terraform?to=kcp').expect(200);
  });

  it.each([
    ['/api/v1/catalogs/latest/artifacts/visio', 404, 'NOT_FOUND', /^unknown artifact format "visio"; formats: json, /],
    ['/api/v1/catalogs/latest/artifacts/json?from=router', 400, 'VALIDATION_FAILED', /unknown role "router"/],
    ['/api/v1/catalogs/latest/artifacts/json?cni=cilium', 400, 'VALIDATION_FAILED', /cni/],
    ['/api/v1/catalogs/latest/artifacts/json?since=0.1.0', 404, 'NOT_FOUND', /0\.1\.0/],
    ['/api/v1/profiles/nope/artifacts/json', 404, 'NOT_FOUND', /nope/],
  ])('%s gives %i %s', async (path, status, code, message) => {
    const res = await request(t.server).get(path).expect(status);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toMatch(message);
  });
});

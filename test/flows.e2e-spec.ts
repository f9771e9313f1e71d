import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDefinition } from '../src/core/catalog/catalog-definition';
import { CatalogRepository } from '../src/modules/catalogs/catalog.repository';
import { CatalogService } from '../src/modules/catalogs/catalog.service';
import { createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
const FLOW_FIELDS = 'key source destination protocol ipProtocolNumber fromPort toPort component notes sections rows';

beforeAll(async () => {
  t = await createTestApp();
  // A second release to diff against: one row changed, one dropped, one added.
  const kublr = await t.app.get(CatalogService).loadDefinition('1.30.0');
  const next: CatalogDefinition = {
    ...kublr,
    version: '1.31.0',
    flows: [
      ...kublr.flows
        .filter((flow) => flow.key !== 'flannel-udp')
        .map((flow) =>
          flow.key === 'etcd-peer' ? { ...flow, ports: { kind: 'range' as const, from: 2380, to: 2381 } } : flow,
        ),
      {
        ...kublr.flows[0],
        key: 'metrics-server',
        ports: { kind: 'range', from: 4443, to: 4443 },
        component: 'Metrics server',
      },
    ],
  };
  await t.app.get(CatalogRepository).createVersion(next, { status: 'published' });
});

afterAll(async () => {
  await t?.close();
});

const rest = (path: string) => request(t.server).get(path);
const graphql = (query: string, variables?: Record<string, unknown>) =>
  request(t.server).post('/graphql').send({ query, variables });
const keys = (flows: Array<{ key: string }>) => flows.map((flow) => flow.key).sort();

describe('REST flows', () => {
  it('answers "from worker to master under calico" as the document says', async () => {
    const res = await rest('/api/v1/catalogs/1.30.0/flows?from=worker&to=master&cni=calico').expect(200);
    expect(keys(res.body.flows)).toEqual(
      [
        'calico-bgp',
        'calico-ipip',
        'calico-typha',
        'calico-vxlan',
        'kubelet-api',
        'worker-master-kubernetes-api',
      ].sort(),
    );
    const ipip = res.body.flows.find((flow: { key: string }) => flow.key === 'calico-ipip');
    expect(ipip).toEqual({
      key: 'calico-ipip',
      source: 'node',
      destination: 'node',
      protocol: 'ipip',
      ipProtocolNumber: 4,
      fromPort: null,
      toPort: null,
      component: 'Calico IP-in-IP',
      notes: 'IP protocol 4 (IP-in-IP); no ports',
      sections: ['Table 1. Node to Node (masters and workers)'],
      rows: ['calico-ipip'],
    });
  });

  it('expands tcp/udp rows, substitutes port parameters and applies boolean conditions', async () => {
    const res = await rest(
      '/api/v1/catalogs/latest/flows?from=ingress-lb&ingressLoadBalancer=true&nodePortRange=32080',
    ).expect(200);
    expect(res.body.flows).toEqual([
      expect.objectContaining({
        key: 'ingress-lb-worker-node-ports/tcp',
        protocol: 'tcp',
        ipProtocolNumber: 6,
        fromPort: 32080,
        toPort: 32080,
      }),
      expect.objectContaining({
        key: 'ingress-lb-worker-node-ports/udp',
        protocol: 'udp',
        ipProtocolNumber: 17,
        fromPort: 32080,
        toPort: 32080,
      }),
    ]);
    const off = await rest('/api/v1/catalogs/latest/flows?from=ingress-lb').expect(200);
    expect(off.body.flows).toEqual([]);
  });

  it('carries an ETag: a published version by label may be cached, latest must be revalidated', async () => {
    const first = await rest('/api/v1/catalogs/1.30.0/flows?from=kcp').expect(200);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=86400, immutable');
    const again = await rest('/api/v1/catalogs/1.30.0/flows?from=kcp')
      .set('If-None-Match', first.headers.etag)
      .expect(304);
    expect(again.text).toBe('');
    const latest = await rest('/api/v1/catalogs/latest/flows?from=kcp').expect(200);
    expect(latest.headers['cache-control']).toBe('no-cache');
    const other = await rest('/api/v1/catalogs/1.30.0/flows?from=kcp&byoInfrastructure=true')
      .set('If-None-Match', first.headers.etag)
      .expect(200);
    expect(other.headers.etag).not.toBe(first.headers.etag);
  });

  it.each([
    [
      '/api/v1/catalogs/latest/flows?from=router',
      400,
      'VALIDATION_FAILED',
      /^unknown role "router"; this catalog version has node, master/,
    ],
    ['/api/v1/catalogs/latest/flows?to=router', 400, 'VALIDATION_FAILED', /unknown role "router"/],
    ['/api/v1/catalogs/latest/flows?cnii=calico', 400, 'VALIDATION_FAILED', /^unknown parameter "cnii"/],
    [
      '/api/v1/catalogs/latest/flows?cni=cilium',
      400,
      'VALIDATION_FAILED',
      /parameter "cni" must be one of canal, calico, weave, flannel/,
    ],
    ['/api/v1/catalogs/latest/flows?airGap=yes', 400, 'VALIDATION_FAILED', /parameter "airGap" must be true or false/],
    ['/api/v1/catalogs/latest/flows?nodePortRange=70000', 400, 'VALIDATION_FAILED', /nodePortRange.*70000/],
    ['/api/v1/catalogs/latest/flows?nodePortRange=32000-31000', 400, 'VALIDATION_FAILED', /nodePortRange.*backwards/],
    [
      '/api/v1/catalogs/latest/flows?cni=calico&cni=weave',
      400,
      'VALIDATION_FAILED',
      /^query parameter "cni" is given more than once$/,
    ],
    ['/api/v1/catalogs/latest/flows?from=%01', 400, 'VALIDATION_FAILED', /control characters/],
    ['/api/v1/catalogs/9.9.9/flows', 404, 'NOT_FOUND', /^catalog version "9.9.9" not found$/],
    ['/api/v1/catalogs/latest/flows?profile=nope', 404, 'NOT_FOUND', /nope/],
    ['/api/v1/catalogs/latest/reverse-lookup?port=443', 400, 'VALIDATION_FAILED', /^query parameter "to" is required$/],
    [
      '/api/v1/catalogs/latest/reverse-lookup?to=master&port=70000',
      400,
      'VALIDATION_FAILED',
      /^port must be a whole number between 1 and 65535/,
    ],
    [
      '/api/v1/catalogs/latest/reverse-lookup?to=master&protocol=icmp',
      400,
      'VALIDATION_FAILED',
      /^protocol must be tcp, udp or ipip/,
    ],
    ['/api/v1/catalogs/latest/flows/nope/explanation', 404, 'NOT_FOUND', /nope/],
    [
      "/api/v1/catalogs/latest/flows?from=x'%3B%20DROP%20TABLE%20flows%3B--",
      400,
      'VALIDATION_FAILED',
      /unknown role "x'; DROP TABLE flows;--"/,
    ],
  ])('%s gives %i %s with a message naming the problem', async (path, status, code, message) => {
    const res = await rest(path).expect(status);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toMatch(message);
  });

  it('answers the reverse question: who must reach the masters on 443', async () => {
    const res = await rest('/api/v1/catalogs/latest/reverse-lookup?to=master&port=443&masterLoadBalancer=true').expect(
      200,
    );
    expect(res.body.sources).toEqual(['kcp', 'master-lb', 'worker']);
    expect(
      res.body.flows.every((flow: { fromPort: number; toPort: number }) => flow.fromPort <= 443 && 443 <= flow.toPort),
    ).toBe(true);
  });

  it('explains a flow: its row, its condition and what that evaluated to', async () => {
    const res = await rest('/api/v1/catalogs/1.30.0/flows/canal-vxlan/explanation?cni=weave').expect(200);
    expect(res.body).toMatchObject({
      version: '1.30.0',
      key: 'canal-vxlan',
      row: {
        source: 'node',
        destination: 'node',
        protocol: 'udp',
        ports: '8472',
        condition: 'cni == "canal"',
        section: 'Table 1. Node to Node (masters and workers)',
      },
      condition: { source: 'cni == "canal"', canonical: 'cni == "canal"', parameters: { cni: 'weave' }, result: false },
      applies: false,
    });
  });

  it('gives the role matrix, each cell the answer to "from A to B"', async () => {
    const res = await rest('/api/v1/catalogs/1.30.0/matrix?cni=flannel').expect(200);
    expect(res.body.roles).toEqual([
      'node',
      'master',
      'worker',
      'master-lb',
      'ingress-lb',
      'kcp',
      'internet',
      'intranet',
      'cloud-api',
    ]);
    const cell = res.body.cells.find(
      (c: { source: string; destination: string }) => c.source === 'worker' && c.destination === 'master',
    );
    const direct = await rest('/api/v1/catalogs/1.30.0/flows?from=worker&to=master&cni=flannel').expect(200);
    expect(cell.flows).toEqual(direct.body.flows);
    expect(res.body.cells.some((c: { source: string }) => c.source === 'internet')).toBe(false);
  });

  it('diffs two versions by key: exactly the rows that changed', async () => {
    const res = await rest('/api/v1/catalogs/1.30.0/diff/1.31.0?cni=flannel').expect(200);
    expect(keys(res.body.added)).toEqual(['metrics-server']);
    expect(keys(res.body.removed)).toEqual(['flannel-udp']);
    expect(res.body.changed).toEqual([
      {
        before: expect.objectContaining({ key: 'etcd-peer', fromPort: 2380, toPort: 2380 }),
        after: expect.objectContaining({ key: 'etcd-peer', fromPort: 2380, toPort: 2381 }),
      },
    ]);
    const calico = await rest('/api/v1/catalogs/1.30.0/diff/latest?cni=calico&from=kcp').expect(200);
    expect(calico.body).toEqual({ from: '1.30.0', to: '1.31.0', added: [], removed: [], changed: [] });
  });
});

describe('GraphQL flows', () => {
  it('answers flows with nested source and destination roles', async () => {
    const res = await graphql(
      `{ flows(catalog: "1.30.0", from: "worker", to: "master", params: { cni: "weave", byoInfrastructure: true }) { ${FLOW_FIELDS} sourceRole { key includes } destinationRole { key } } }`,
    ).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(keys(res.body.data.flows)).toEqual(
      [
        'kubelet-api',
        'weave-control/tcp',
        'weave-control/udp',
        'weave-data',
        'worker-master-kubernetes-api',
        'worker-master-secret-store',
      ].sort(),
    );
    const kubelet = res.body.data.flows.find((flow: { key: string }) => flow.key === 'kubelet-api');
    expect(kubelet.sourceRole).toEqual({ key: 'node', includes: ['master', 'worker'] });
  });

  it('returns what REST returns for the same question (any roles, any values)', async () => {
    const roles = ['node', 'master', 'worker', 'master-lb', 'ingress-lb', 'kcp', 'internet'];
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.constantFrom(...roles), { nil: undefined }),
        fc.option(fc.constantFrom(...roles), { nil: undefined }),
        fc.record({
          cni: fc.constantFrom('canal', 'calico', 'weave', 'flannel'),
          airGap: fc.boolean(),
          byoInfrastructure: fc.boolean(),
          ingressLoadBalancer: fc.boolean(),
        }),
        async (from, to, params) => {
          const query = new URLSearchParams({
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
            ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
          });
          const viaRest = await rest(`/api/v1/catalogs/latest/flows?${query}`).expect(200);
          const viaGraphql = await graphql(
            `query ($from: String, $to: String, $params: ParamsInput) { flows(from: $from, to: $to, params: $params) { ${FLOW_FIELDS} } }`,
            { from, to, params },
          ).expect(200);
          expect(viaGraphql.body.data.flows).toEqual(viaRest.body.flows);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('answers matrix, reverseLookup, explainFlow and diff', async () => {
    const res = await graphql(`
      {
        matrix(catalog: "1.30.0") {
          roles
          cells {
            source
            destination
            flows {
              key
            }
          }
        }
        reverseLookup(to: "master", port: 11250, params: { byoInfrastructure: true }) {
          sources
        }
        explainFlow(key: "worker-master-secret-store") {
          applies
          condition {
            canonical
            result
            parameters {
              name
              value
            }
          }
        }
        diff(from: "1.30.0", to: "1.31.0", params: { cni: "flannel" }) {
          added {
            key
          }
          removed {
            key
          }
          changed {
            before {
              toPort
            }
            after {
              toPort
            }
          }
        }
      }
    `).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.matrix.roles).toHaveLength(9);
    expect(res.body.data.reverseLookup.sources).toEqual(['kcp', 'worker']);
    expect(res.body.data.explainFlow).toEqual({
      applies: false,
      condition: {
        canonical: 'byoInfrastructure',
        result: false,
        parameters: [{ name: 'byoInfrastructure', value: false }],
      },
    });
    expect(res.body.data.diff).toEqual({
      added: [{ key: 'metrics-server' }],
      removed: [{ key: 'flannel-udp' }],
      changed: [{ before: { toPort: 2380 }, after: { toPort: 2381 } }],
    });
  });

  it('names bad input in the error, with the REST code', async () => {
    const res = await graphql('{ flows(from: "router", params: { cni: "cilium" }) { key } }').expect(200);
    expect(res.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(/cni/);
    const role = await graphql('{ flows(from: "router") { key } }').expect(200);
    expect(role.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^unknown role "router"/),
      extensions: { code: 'VALIDATION_FAILED' },
    });
    const list = await graphql('{ flows(params: ["cni"]) { key } }').expect(400);
    expect(list.body.errors[0].message).toMatch(/ParamsInput/);
  });

  it('serves a repeated question from its response cache, and nothing it cannot vouch for', async () => {
    const query = `{ flows(catalog: "1.30.0", from: "kcp", params: { byoInfrastructure: true }) { ${FLOW_FIELDS} sourceRole { id } } }`;
    const first = await graphql(query).expect(200);
    expect(first.headers.etag).toBeUndefined();
    const second = await graphql(query).expect(200);
    expect(second.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(second.body).toEqual(first.body);
    expect(keys(second.body.data.flows)).toEqual([
      'kcp-cloud-api',
      'kcp-master-kubernetes-api',
      'kcp-master-secret-store',
    ]);
    await request(t.server).post('/graphql').set('If-None-Match', second.headers.etag).send({ query }).expect(304);

    // "latest" is kept too, but only until the next change, and says so: no-cache.
    const latest = '{ flows(from: "kcp") { key } }';
    await graphql(latest).expect(200);
    const latestAgain = await graphql(latest).expect(200);
    expect(latestAgain.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(latestAgain.headers['cache-control']).toBe('no-cache');

    // Never kept: a root field that does not report what its answer depends on next to
    // one that does, and errors.
    for (const uncached of [
      '{ flows(catalog: "1.30.0", from: "kcp") { key } catalogs { version status } }',
      '{ flows(catalog: "1.30.0", from: "nobody") { key } }',
    ]) {
      await graphql(uncached).expect(200);
      expect((await graphql(uncached).expect(200)).headers.etag, uncached).toBeUndefined();
    }
  });

  it('refuses queries nested too deep or too costly before running them', async () => {
    const introspection = `{ __schema { types { fields { type { ${'ofType { '.repeat(7)}name${' }'.repeat(7)} } } } } }`;
    expect((await graphql(introspection).expect(200)).body.errors).toBeUndefined();
    const tooDeep = await graphql(
      `{ __schema { types { fields { type { ${'ofType { '.repeat(50)}name${' }'.repeat(50)} } } } } }`,
    ).expect(400);
    expect(tooDeep.body.errors[0].message).toBe('query is nested too deep: more than 15 levels');
    const viaFragments = await graphql(
      `{ __schema { types { ...T } } } fragment T on __Type { fields { type { ...R } } } fragment R on __Type { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} }`,
    ).expect(400);
    expect(viaFragments.body.errors[0].message).toMatch(/nested too deep/);
    const aliases = Array.from({ length: 60 }, (_, i) => `a${i}: flows { ${FLOW_FIELDS} }`).join(' ');
    const tooCostly = await graphql(`{ ${aliases} }`).expect(400);
    expect(tooCostly.body.errors[0].message).toMatch(/^query is too complex: \d+ points, at most 500 allowed$/);
  });
});

import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsEndpoint } from '../src/common/observability/metrics-endpoint';
import { MAX_OPERATION_NAMES, MAX_OPERATION_NAME_LENGTH, Metrics } from '../src/common/observability/metrics';
import { PrismaService } from '../src/database/prisma.service';
import type { Actor } from '../src/modules/auth/actor';
import { ApiKeyScope } from '../src/modules/auth/api-key-scope';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import { findPromtool, promtoolCheck, Scrape } from './support/prometheus';
import { authorized, createPeerApp, createTestApp, type TestApp } from './support/test-app';

/**
 * GET /metrics: Prometheus text that Prometheus' own linter and a parser accept, counting
 * what the service does (requests by route pattern, GraphQL operations by name, cache
 * hits, renders, statements, refusals, change notifications), with label values that no
 * client can multiply.
 *
 * `t` serves /metrics on its main port, under a tiny per-address limit: every request
 * but those of the limit's own test comes from an address of its own (X-Forwarded-For,
 * trusted in tests). `peer` runs on the same database as another replica would, serves
 * /metrics on METRICS_PORT (any free port), and limits each API key.
 */
const PER_ADDRESS = 3;
const PER_KEY = 2;
const HTTP = 'nr_http_request_duration_seconds';
const GRAPHQL = 'nr_graphql_operation_duration_seconds';
const CACHE = 'nr_cache_lookups_total';
const REFUSALS = 'nr_rate_limit_refusals_total';
const NOTIFICATIONS = 'nr_change_notifications_received_total';
const LAG = 'nr_change_notification_lag_seconds';
const FLOWS_URL = '/api/v1/catalogs/1.30.0/flows?from=master&to=worker';

let t: TestApp;
let peer: TestApp;
let peerClosed = false;

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerAddress: PER_ADDRESS });
  peer = await createPeerApp(t, { metricsPort: 0, rateLimitPerKey: PER_KEY, readsRequireKey: true });
});

afterAll(async () => {
  if (!peerClosed) await peer?.close();
  await t?.close();
});

let addresses = 0;
/** An address no other request used: a full per-address bucket. */
function freshAddress(): { 'X-Forwarded-For': string } {
  addresses++;
  return { 'X-Forwarded-For': `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}` };
}

const get = (path: string) => request(t.server).get(path).set(freshAddress());
const graphql = (body: { query: string; operationName?: string; variables?: Record<string, unknown> }) =>
  request(t.server).post('/graphql').set(freshAddress()).send(body);

async function scrape(): Promise<Scrape> {
  const res = await get('/metrics').expect(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return new Scrape(res.text);
}

function peerMetricsUrl(path = '/metrics'): string {
  const port = peer.app.get(MetricsEndpoint).port;
  expect(port).toBeGreaterThan(0);
  return `http://127.0.0.1:${port}${path}`;
}

async function scrapePeer(): Promise<Scrape> {
  const res = await fetch(peerMetricsUrl());
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return new Scrape(await res.text());
}

/**
 * Reads until the count of notifications received differs from `before`. They arrive within
 * milliseconds; up to 10 s leaves room for a busy machine.
 */
async function until(
  read: () => Promise<{ received: number; lags: number }>,
  before: { received: number },
): Promise<{ received: number; lags: number }> {
  let now = await read();
  for (let tries = 0; tries < 200 && now.received === before.received; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    now = await read();
  }
  return now;
}

/** How much each of `read`'s numbers moved while `act` ran. */
async function deltas<K extends string>(
  act: () => Promise<unknown>,
  read: (scrape: Scrape) => Record<K, number>,
): Promise<Record<K, number>> {
  const before = read(await scrape());
  await act();
  const after = read(await scrape());
  return Object.fromEntries(
    Object.entries(after).map(([key, value]) => [key, (value as number) - before[key as K]]),
  ) as Record<K, number>;
}

describe('GET /metrics', () => {
  it('is text that Prometheus’ own linter accepts; only three gauges of prom-client’s defaults draw a remark', async (context) => {
    const promtool = findPromtool();
    if ('missing' in promtool) {
      console.log(`skipped: ${promtool.missing}`);
      context.skip();
      return;
    }
    await get(FLOWS_URL).expect(200);
    await graphql({ query: 'query LintMe { catalogs { version } }' }).expect(200);
    const text = (await scrape()).text;
    const { status, output } = promtoolCheck(promtool.path, text);
    // 0: no problem; 3: lint remarks only (1 would mean the text did not parse).
    expect([0, 3], output).toContain(status);
    const remarks = output.split('\n').filter((line) => line !== '');
    // prom-client names these gauges "_total"; dashboards know them by those names.
    expect(remarks.sort()).toEqual([
      'nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
      'nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
      'nodejs_active_resources_total non-counter metrics should not have "_total" suffix',
    ]);
  });

  it('parses, with Node’s process metrics and every instrument of the service', async () => {
    const metrics = await scrape();
    const types = Object.fromEntries([...metrics.families.values()].map((family) => [family.name, family.type]));
    expect(types).toMatchObject({
      process_cpu_user_seconds_total: 'counter',
      process_resident_memory_bytes: 'gauge',
      nodejs_eventloop_lag_seconds: 'gauge',
      nodejs_heap_size_used_bytes: 'gauge',
      [HTTP]: 'histogram',
      [GRAPHQL]: 'histogram',
      [CACHE]: 'counter',
      nr_database_query_duration_seconds: 'histogram',
      nr_database_pool_connections: 'gauge',
      nr_database_pool_idle_connections: 'gauge',
      nr_database_pool_waiting_clients: 'gauge',
      nr_render_duration_seconds: 'histogram',
      [REFUSALS]: 'counter',
      [NOTIFICATIONS]: 'counter',
      [LAG]: 'histogram',
    });
    for (const family of metrics.families.values()) expect(family.help, family.name).not.toBe('');
    // The parser refuses what is not Prometheus text.
    expect(() => new Scrape('up{job="a" 1')).toThrow(/not Prometheus text/);
    expect(() => new Scrape('up 1 2 3')).toThrow(/not Prometheus text/);
    expect(() => new Scrape('# TYPE up meter')).toThrow(/not Prometheus text/);
  });

  it('is in no OpenAPI document and never counted in its own histogram', async () => {
    const openapi = await get('/api/docs-json').expect(200);
    expect(Object.keys(openapi.body.paths)).not.toContain('/metrics');
    await scrape();
    const metrics = await scrape();
    expect(metrics.labelValues(HTTP, 'route')).not.toContain('/metrics');
  });

  it('is under the per-address limit like every other path, and the refusal is counted', async () => {
    const address = freshAddress();
    const moved = await deltas(
      async () => {
        for (let i = 0; i < PER_ADDRESS; i++) await request(t.server).get('/metrics').set(address).expect(200);
        const refused = await request(t.server).get('/metrics').set(address).expect(429);
        expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
        // GraphQL's per-address refusals end in the same place.
        await request(t.server).post('/graphql').set(address).send({ query: '{ catalogs { version } }' }).expect(429);
      },
      (metrics) => ({
        perAddress: metrics.value(REFUSALS, { limit: 'per-address' }),
        perKey: metrics.value(REFUSALS, { limit: 'per-key' }),
      }),
    );
    expect(moved).toEqual({ perAddress: 2, perKey: 0 });
  });
});

describe('what is counted', () => {
  it('a REST request, under its route pattern, never its URL', async () => {
    const labels = { method: 'GET', route: '/api/v1/catalogs/:version/flows', status_code: '200' };
    const moved = await deltas(
      () => get('/api/v1/catalogs/1.30.0/flows?from=worker&to=master').expect(200),
      (metrics) => ({ requests: metrics.value(HTTP, labels) }),
    );
    expect(moved).toEqual({ requests: 1 });
    const routes = (await scrape()).labelValues(HTTP, 'route');
    expect([...routes].filter((route) => route.includes('1.30.0') || route.includes('?'))).toEqual([]);
  });

  it('a GraphQL operation by name and type, its answers from the response cache included', async () => {
    const query = 'query MetricsFlows { flows(catalog: "1.30.0", from: "master", to: "kcp") { key } }';
    const named = { operation: 'MetricsFlows', type: 'query', outcome: 'ok' };
    const moved = await deltas(
      async () => {
        await graphql({ query }).expect(200);
        const again = await graphql({ query }).expect(200);
        expect(again.headers.etag).toBeDefined(); // the response cache's answer
      },
      (metrics) => ({
        operations: metrics.value(GRAPHQL, named),
        hits: metrics.value(CACHE, { cache: 'response', result: 'hit' }),
        misses: metrics.value(CACHE, { cache: 'response', result: 'miss' }),
        requests: metrics.value(HTTP, { method: 'POST', route: '/graphql' }),
      }),
    );
    expect(moved).toEqual({ operations: 2, hits: 1, misses: 1, requests: 2 });
  });

  it('GraphQL operations without a name, refused, or that do not parse', async () => {
    const moved = await deltas(
      async () => {
        await graphql({ query: '{ catalogs { version } }' }).expect(200);
        // Writes need a key: an error in the answer.
        await graphql({ query: 'mutation { deleteCatalogVersion(version: "9.9.9") }' });
        await graphql({ query: 'query Broken { catalogs { version ', operationName: 'Broken' }).expect(400);
      },
      (metrics) => ({
        anonymous: metrics.value(GRAPHQL, { operation: 'anonymous', type: 'query', outcome: 'ok' }),
        refused: metrics.value(GRAPHQL, { operation: 'anonymous', type: 'mutation', outcome: 'error' }),
        broken: metrics.value(GRAPHQL, { operation: 'Broken', type: 'unknown', outcome: 'error' }),
      }),
    );
    expect(moved).toEqual({ anonymous: 1, refused: 1, broken: 1 });
  });

  it('answers served from each cache, and those computed', async () => {
    await authorized(request(t.server).put('/api/v1/profiles/metrics-eu'))
      .set(freshAddress())
      .send({ version: '1.30.0', params: { cni: 'calico' } })
      .expect(201);
    // With a key the response cache is not used, so the service's own caches answer.
    const ask = () =>
      authorized(request(t.server).get('/api/v1/profiles/metrics-eu/flows?from=worker&to=master'))
        .set(freshAddress())
        .expect(200);
    const count = (metrics: Scrape, cache: string) => ({
      hit: metrics.value(CACHE, { cache, result: 'hit' }),
      miss: metrics.value(CACHE, { cache, result: 'miss' }),
    });
    const moved = await deltas(
      async () => {
        await ask();
        await ask();
      },
      (metrics) => {
        const [flows, profiles, snapshots, responses] = ['flows', 'profiles', 'catalog_snapshot', 'response'].map(
          (cache) => count(metrics, cache),
        );
        return {
          flowsHit: flows.hit,
          flowsMiss: flows.miss,
          profilesHit: profiles.hit,
          profilesMiss: profiles.miss,
          snapshotsHit: snapshots.hit,
          responses: responses.hit + responses.miss,
        };
      },
    );
    // The profile is read once (its write emptied the profile cache), then kept; the
    // version 1.30.0 was compiled by earlier questions.
    expect(moved).toEqual({
      flowsHit: 1,
      flowsMiss: 1,
      profilesHit: 1,
      profilesMiss: 1,
      snapshotsHit: 2,
      responses: 0,
    });
  });

  it('a render, by format', async () => {
    const labels = { format: 'nftables', outcome: 'ok' };
    const moved = await deltas(
      () =>
        authorized(request(t.server).get('/api/v1/catalogs/1.30.0/artifacts/nftables')).set(freshAddress()).expect(200),
      (metrics) => ({ renders: metrics.value('nr_render_duration_seconds', labels) }),
    );
    expect(moved).toEqual({ renders: 1 });
  });

  it('database statements by outcome, and the pool’s use', async () => {
    const prisma = t.app.get(PrismaService);
    const moved = await deltas(
      async () => {
        await prisma.$queryRaw`SELECT 1`;
        await expect(prisma.$queryRaw`SELECT 1 / 0`).rejects.toThrow();
      },
      (metrics) => ({
        ok: metrics.value('nr_database_query_duration_seconds', { outcome: 'ok' }),
        error: metrics.value('nr_database_query_duration_seconds', { outcome: 'error' }),
      }),
    );
    // At least: the change feed's periodic re-check may have read the counter meanwhile.
    expect(moved.ok).toBeGreaterThanOrEqual(1);
    expect(moved.error).toBe(1);
    // Right after a statement its connection is in the pool (idle ones close after 10 s).
    await prisma.$queryRaw`SELECT 1`;
    const metrics = await scrape();
    expect(metrics.value('nr_database_pool_connections')).toBeGreaterThanOrEqual(1);
    expect(metrics.value('nr_database_pool_connections')).toBeLessThanOrEqual(10);
    expect(metrics.value('nr_database_pool_idle_connections')).toBeLessThanOrEqual(
      metrics.value('nr_database_pool_connections'),
    );
    expect(metrics.value('nr_database_pool_waiting_clients')).toBe(0);
  });
});

describe('with METRICS_PORT', () => {
  it('serves /metrics on that port only', async () => {
    await request(peer.server).get('/metrics').expect(404);
    const metrics = await scrapePeer();
    expect(metrics.family(HTTP).type).toBe('histogram');
    expect((await fetch(peerMetricsUrl('/health'))).status).toBe(404);
    const post = await fetch(peerMetricsUrl(), { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    // The main port counts its 404, under no route.
    expect((await scrapePeer()).value(HTTP, { route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
  });

  it('counts a per-key refusal once per request, over REST and over GraphQL', async () => {
    const actor: Actor = { principal: { kind: 'bootstrap', scopes: [ApiKeyScope.admin] }, requestId: undefined };
    const { key } = await peer.app
      .get(ApiKeyService)
      .createKey({ name: 'metrics', scopes: [ApiKeyScope.reader] }, actor);
    const bearer = { Authorization: `Bearer ${key}` };
    const before = await scrapePeer();
    for (let i = 0; i < PER_KEY; i++) await request(peer.server).get('/api/v1/catalogs').set(bearer).expect(200);
    await request(peer.server).get('/api/v1/catalogs').set(bearer).expect(429);
    // Two root fields refused: one request, one refusal.
    const refused = await request(peer.server)
      .post('/graphql')
      .set(bearer)
      .send({ query: '{ a: catalogs { version } b: catalogs { version } }' });
    const codes = refused.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code);
    expect(codes.length).toBeGreaterThanOrEqual(1);
    expect(new Set(codes)).toEqual(new Set(['TOO_MANY_REQUESTS']));
    const after = await scrapePeer();
    expect(after.value(REFUSALS, { limit: 'per-key' }) - before.value(REFUSALS, { limit: 'per-key' })).toBe(2);
    // Each application counts in a registry of its own, though both run in this process.
    expect((await scrape()).value(REFUSALS, { limit: 'per-key' })).toBe(0);
  });

  it('counts the notifications of changes made on another instance, with their lag', async (context) => {
    if (t.database.embedded) {
      console.log(
        'skipped: two instances need a PostgreSQL server (DATABASE_URL); the embedded database is one process',
      );
      context.skip();
      return;
    }
    const read = (metrics: Scrape, origin: string) => ({
      received: metrics.value(NOTIFICATIONS, { origin }),
      lags: metrics.value(LAG, { origin }),
    });
    const peerBefore = read(await scrapePeer(), 'peer');
    const selfBefore = read(await scrape(), 'self');
    await authorized(request(t.server).put('/api/v1/profiles/metrics-lag'))
      .set(freshAddress())
      .send({ version: '1.30.0', params: { cni: 'canal' } })
      .expect(201);
    // The other instance hears it, and so does the one that made the change.
    const peerAfter = await until(async () => read(await scrapePeer(), 'peer'), peerBefore);
    expect(peerAfter).toEqual({ received: peerBefore.received + 1, lags: peerBefore.lags + 1 });
    const selfAfter = await until(async () => read(await scrape(), 'self'), selfBefore);
    expect(selfAfter).toEqual({ received: selfBefore.received + 1, lags: selfBefore.lags + 1 });
    expect((await scrapePeer()).value(NOTIFICATIONS, { origin: 'unknown' })).toBe(0);
  });

  it('closes its listener when the application closes', async () => {
    const url = peerMetricsUrl();
    peerClosed = true;
    await peer.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('with METRICS_ENABLED=false', () => {
  it('serves no /metrics and measures nothing', async () => {
    const off = await createPeerApp(t, { metricsEnabled: false });
    try {
      await request(off.server).get('/metrics').expect(404);
      await request(off.server).get(FLOWS_URL).expect(200);
      await request(off.server).post('/graphql').send({ query: 'query Off { catalogs { version } }' }).expect(200);
      // Nothing observed, not even Node's process metrics: every series there is stays at 0.
      const samples = (await off.app.get(Metrics).text()).split('\n').filter((line) => /^[a-z]/.test(line));
      expect(samples.filter((line) => !line.startsWith('nr_') || !line.endsWith(' 0'))).toEqual([]);
    } finally {
      await off.close();
    }
  });
});

describe('label values stay bounded', () => {
  const token = () => randomBytes(6).toString('hex');

  it('a flood of made-up paths adds no route label; a path is counted by its pattern', async () => {
    const before = await scrape();
    const tokens: string[] = [];
    for (let i = 0; i < 100; i++) {
      const made = token();
      tokens.push(made);
      await get(`/${made}`).expect(404);
      await get(`/api/v1/catalogs/${made}/flows?${made}=1`);
      await get(`/api/v1/profiles/${made}/artifacts/${made}`);
    }
    const after = await scrape();
    const added = [...after.labelValues(HTTP, 'route')].filter(
      (route) => !before.labelValues(HTTP, 'route').has(route),
    );
    expect(added.every((route) => route === 'unmatched' || route.startsWith('/api/v1/'))).toBe(true);
    expect(added.length).toBeLessThanOrEqual(3);
    for (const route of after.labelValues(HTTP, 'route')) {
      expect(
        tokens.some((made) => route.includes(made)),
        route,
      ).toBe(false);
    }
  });

  it(`a flood of made-up GraphQL operation names adds at most ${MAX_OPERATION_NAMES} names, then "other"`, async () => {
    for (let i = 0; i < MAX_OPERATION_NAMES + 20; i++) {
      await graphql({ query: `query Made_${token()} { __typename }` }).expect(200);
    }
    // Names no GraphQL document could declare, sent by a client whose document did not parse.
    await graphql({ query: '{', operationName: 'two words' }).expect(400);
    await graphql({ query: '{', operationName: `N${'x'.repeat(MAX_OPERATION_NAME_LENGTH)}` }).expect(400);
    const names = (await scrape()).labelValues(GRAPHQL, 'operation');
    expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 2);
    expect(names).toContain('other');
    expect(names).toContain('MetricsFlows');
    expect(names).not.toContain('two words');
    expect([...names].every((name) => name.length <= MAX_OPERATION_NAME_LENGTH)).toBe(true);
  });
});

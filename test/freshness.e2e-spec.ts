import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseCache } from '../src/common/http/response-cache';
import { PrismaService } from '../src/database/prisma.service';
import { authorized, createPeerApp, createTestApp, type TestApp } from './support/test-app';

/**
 * Answers are never stale or of the wrong version after a change: a publish, a draft
 * edit, a profile edit. Each question is asked twice before the change, so that the
 * second answer comes from whatever the service keeps in memory, then again after it.
 */
let t: TestApp;
const V = '/api/v1/catalogs';
const NEW_FLOW = { key: 'kcp-probe', source: 'master', destination: 'kcp', protocol: 'tcp', ports: '7443' };

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

const get = (app: TestApp, path: string) => request(app.server).get(path);
const graphql = (app: TestApp, query: string, variables?: Record<string, unknown>) =>
  request(app.server).post('/graphql').send({ query, variables }).expect(200);
const keysOf = (flows: Array<{ key: string }>) => flows.map((flow) => flow.key);

/** Clones `from` into `version`, adds a flow from master to kcp, and publishes it. */
async function release(version: string, from: string, flow = NEW_FLOW): Promise<void> {
  await authorized(request(t.server).post(V)).send({ version, cloneFrom: from }).expect(201);
  await authorized(request(t.server).post(`${V}/${version}/flows`))
    .send(flow)
    .expect(201);
  await authorized(request(t.server).post(`${V}/${version}/publish`)).expect(200);
}

async function putProfile(app: TestApp, name: string, body: Record<string, unknown>): Promise<void> {
  const res = await authorized(request(app.server).put(`/api/v1/profiles/${name}`)).send(body);
  expect([200, 201]).toContain(res.status);
}

/** Asks twice (the second answer comes from memory where anything is kept) and returns the second. */
async function twice(app: TestApp, path: string) {
  await get(app, path).expect(200);
  return get(app, path).expect(200);
}

function expectRevalidated(res: request.Response, what: string): void {
  expect(res.headers['cache-control'], what).toBe('no-cache');
  expect(res.headers.etag, what).toMatch(/^"[\w-]+"$/);
}

describe('after a publish, on the instance that published', () => {
  const latestPaths = {
    flows: `${V}/latest/flows?from=master&to=kcp`,
    matrix: `${V}/latest/matrix`,
    reverseLookup: `${V}/latest/reverse-lookup?to=kcp&port=7443`,
    artifact: `${V}/latest/artifacts/json?from=master&to=kcp`,
    diff: `${V}/1.30.0/diff/latest`,
    detail: `${V}/latest`,
  };

  it('answers the new version at once on every endpoint, even when the label was asked first', async () => {
    // The label first (kept for good: it never changes), then "latest" for the same question.
    const byLabel = await twice(t, `${V}/1.30.0/flows?from=master&to=kcp`);
    expect(byLabel.headers['cache-control']).toBe('public, max-age=86400, immutable');
    const before = await twice(t, latestPaths.flows);
    expect(before.text).toBe(byLabel.text);
    expectRevalidated(before, 'latest flows');
    expect((await twice(t, latestPaths.matrix)).body.version).toBe('1.30.0');
    expect((await twice(t, latestPaths.reverseLookup)).body.flows).toEqual([]);
    const artifactBefore = await twice(t, latestPaths.artifact);
    expectRevalidated(artifactBefore, 'latest artifact');
    expect(JSON.parse(artifactBefore.text).catalog.version).toBe('1.30.0');
    expect((await twice(t, latestPaths.diff)).body).toMatchObject({ from: '1.30.0', to: '1.30.0', added: [] });
    const gqlQuery = `{ flows(from: "master", to: "kcp") { key } matrix { version }
      artifact(format: "json", from: "master", to: "kcp") { content } }`;
    await graphql(t, gqlQuery);
    const gqlBefore = await graphql(t, gqlQuery);
    expect(gqlBefore.headers['cache-control']).toBe('no-cache');
    expect(gqlBefore.body.data.matrix.version).toBe('1.30.0');

    await release('1.31.0', 'latest');

    const after = await get(t, latestPaths.flows).expect(200);
    expectRevalidated(after, 'latest flows after the publish');
    expect(keysOf(after.body.flows)).toContain('kcp-probe');
    expect(keysOf(after.body.flows)).toEqual([...keysOf(before.body.flows), 'kcp-probe'].sort());
    expect((await get(t, latestPaths.matrix).expect(200)).body.version).toBe('1.31.0');
    expect(keysOf((await get(t, latestPaths.reverseLookup).expect(200)).body.flows)).toEqual(['kcp-probe']);
    const artifactAfter = await get(t, latestPaths.artifact).expect(200);
    expectRevalidated(artifactAfter, 'latest artifact after the publish');
    expect(JSON.parse(artifactAfter.text).catalog.version).toBe('1.31.0');
    expect(keysOf((await get(t, latestPaths.diff).expect(200)).body.added)).toEqual(['kcp-probe']);
    expect((await get(t, latestPaths.detail).expect(200)).body.version).toBe('1.31.0');
    const gqlAfter = (await graphql(t, gqlQuery)).body.data;
    expect(gqlAfter.matrix.version).toBe('1.31.0');
    expect(keysOf(gqlAfter.flows)).toContain('kcp-probe');
    expect(JSON.parse(gqlAfter.artifact.content).catalog.version).toBe('1.31.0');

    // The label's answer did not move.
    expect((await get(t, `${V}/1.30.0/flows?from=master&to=kcp`).expect(200)).text).toBe(byLabel.text);
  });

  it('answers a draft as it is after each edit', async () => {
    await authorized(request(t.server).post(V)).send({ version: 'fresh-draft', cloneFrom: '1.30.0' }).expect(201);
    const path = `${V}/fresh-draft/flows?from=master&to=kcp`;
    const before = await twice(t, path);
    expectRevalidated(before, 'a draft');
    await authorized(request(t.server).post(`${V}/fresh-draft/flows`))
      .send(NEW_FLOW)
      .expect(201);
    expect(keysOf((await get(t, path).expect(200)).body.flows)).toContain('kcp-probe');
    await authorized(request(t.server).delete(`${V}/fresh-draft/flows/kcp-probe`)).expect(204);
    expect((await get(t, path).expect(200)).text).toBe(before.text);
  });
});

describe('after a profile edit', () => {
  it('changes the next answer of every endpoint that used the profile, none of them immutable', async () => {
    await putProfile(t, 'edited', { version: 'latest', params: { cni: 'calico' } });
    const paths = [
      '/api/v1/profiles/edited/flows?from=worker&to=master',
      '/api/v1/profiles/edited/matrix',
      '/api/v1/profiles/edited/artifacts/json?from=worker&to=master',
      `${V}/latest/flows?from=worker&to=master&profile=edited`,
      `${V}/1.30.0/flows?from=worker&to=master&profile=edited`,
      `${V}/1.30.0/artifacts/iptables?from=worker&to=master&profile=edited`,
      `${V}/latest/matrix?profile=edited`,
    ];
    const gqlQuery = `query($p: String) { flows(profile: $p, from: "worker", to: "master") { key }
      artifact(profile: $p, format: "json", from: "worker", to: "master") { content } }`;
    const before = new Map<string, string>();
    for (const path of paths) {
      const res = await twice(t, path);
      expect(res.headers['cache-control'] ?? 'no-cache', path).not.toContain('immutable');
      before.set(path, res.text);
    }
    await graphql(t, gqlQuery, { p: 'edited' });
    const gqlBefore = await graphql(t, gqlQuery, { p: 'edited' });
    expect(keysOf(gqlBefore.body.data.flows)).toContain('calico-bgp');

    await putProfile(t, 'edited', { version: 'latest', params: { cni: 'canal' } });

    for (const path of paths) {
      const res = await get(t, path).expect(200);
      expect(res.headers['cache-control'] ?? 'no-cache', path).not.toContain('immutable');
      expect(res.text, path).not.toBe(before.get(path));
      expect(res.text, path).not.toContain('calico-bgp');
    }
    const gqlAfter = await graphql(t, gqlQuery, { p: 'edited' });
    expect(keysOf(gqlAfter.body.data.flows)).not.toContain('calico-bgp');
    expect(gqlAfter.body.data.flows.length).toBeGreaterThan(0);
  });

  it('answers a profile pinned to a version from that version over GraphQL, as REST does', async () => {
    await putProfile(t, 'pinned', { version: '1.30.0', params: { cni: 'calico' } });
    const latest = (await get(t, `${V}/latest`).expect(200)).body.version;
    expect(latest).not.toBe('1.30.0');
    const ok = await graphql(
      t,
      `
        query ($p: String) {
          matrix(profile: $p) {
            version
          }
          flows(profile: $p, from: "master", to: "kcp") {
            key
          }
          artifact(profile: $p, format: "json") {
            content
          }
          reverseLookup(profile: $p, to: "kcp") {
            version
          }
        }
      `,
      { p: 'pinned' },
    );
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.matrix.version).toBe('1.30.0');
    expect(ok.body.data.reverseLookup.version).toBe('1.30.0');
    expect(keysOf(ok.body.data.flows)).not.toContain('kcp-probe');
    expect(JSON.parse(ok.body.data.artifact.content).catalog.version).toBe('1.30.0');
    expect((await get(t, '/api/v1/profiles/pinned/matrix').expect(200)).body.version).toBe('1.30.0');
    // kcp-probe exists only after 1.30.0: its explanation is refused for the pinned version.
    const explained = await graphql(
      t,
      `
        {
          explainFlow(profile: "pinned", key: "kcp-probe") {
            version
          }
        }
      `,
    );
    expect(explained.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // null is "not given", as an absent query parameter is over REST.
    const nulls = await graphql(
      t,
      `
        {
          artifact(format: "json", profile: null, catalog: null, from: null, to: null, since: null) {
            content
          }
          diff(from: "1.30.0", to: "latest", profile: null, params: null, fromRole: null) {
            to
          }
        }
      `,
    );
    expect(nulls.body.errors).toBeUndefined();
    expect(JSON.parse(nulls.body.data.artifact.content).catalog.version).toBe(latest);
    // Asking for "latest" explicitly still can.
    const explicit = await graphql(
      t,
      `
        {
          matrix(profile: "pinned", catalog: "latest") {
            version
          }
        }
      `,
    );
    expect(explicit.body.data.matrix.version).toBe(latest);
  });
});

describe('the response cache', () => {
  it('keeps one entry for one question however its query string is spelled, and counts keys in its bound', async () => {
    const cache = t.app.get(ResponseCache);
    const base = `${V}/1.30.0/flows?from=worker&to=master`;
    await get(t, base).expect(200);
    const { entries } = cache.stats();
    for (let i = 0; i < 50; i++) {
      const junk = '&'.repeat(1 + ((i * 37) % 400));
      const spelled = i % 2 === 0 ? `${V}/1.30.0/flows?${junk}to=master${junk}&from=worker` : `${base}${junk}`;
      await get(t, spelled).expect(200);
    }
    expect(cache.stats().entries).toBe(entries);

    // Every distinct valid question is an entry whose key counts against the bound.
    const before = cache.stats();
    const longProfile = `${'p'.repeat(100)}`;
    await putProfile(t, longProfile, { version: '1.30.0' });
    const path = `${V}/1.30.0/flows?profile=${longProfile}`;
    await get(t, path).expect(200);
    const after = cache.stats();
    expect(after.entries).toBeGreaterThan(0);
    expect(after.bytes).toBeLessThanOrEqual(after.maxBytes);
    // A profile write dropped what could change; what was kept since is counted with its key.
    expect(after.bytes).toBeGreaterThanOrEqual(path.length);
    expect(before.maxBytes).toBe(after.maxBytes);
  });

  it('refuses over-long and malformed query strings before they reach it', async () => {
    const long = await get(t, `${V}/1.30.0/flows?from=worker&x=${'a'.repeat(5000)}`).expect(414);
    expect(long.body).toMatchObject({ code: 'URI_TOO_LONG', statusCode: 414 });
    expect(long.body.message).toContain('at most 4096');
    const noName = await get(t, `${V}/1.30.0/flows?from=worker&=calico`).expect(400);
    expect(noName.body.message).toBe('malformed query string: a query parameter has no name');
    const badEncoding = await get(t, `${V}/1.30.0/flows?from=%E0%A4%A`).expect(400);
    expect(badEncoding.body.message).toContain('not valid percent-encoding');
    const proto = await get(t, `${V}/1.30.0/flows?from=worker&__proto__=x`).expect(400);
    expect(proto.body.message).toBe('malformed query string: query parameter "__proto__" is not allowed');
  });
});

describe('across instances on one database', () => {
  const peers: TestApp[] = [];
  const peerOf = async (overrides: Parameters<typeof createPeerApp>[1] = {}) => {
    const peer = await createPeerApp(t, overrides);
    peers.push(peer);
    return peer;
  };

  afterAll(async () => {
    for (const peer of peers) await peer.close();
  });

  /** Asks `path` on `app` until `done` holds, for at most `ms`; how long it took. */
  async function until(app: TestApp, path: string, done: (res: request.Response) => boolean, ms: number) {
    const started = performance.now();
    for (;;) {
      const res = await get(app, path).expect(200);
      if (done(res)) return performance.now() - started;
      if (performance.now() - started > ms) throw new Error(`${path} did not change within ${ms} ms: ${res.text}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('a publish and a profile edit on one instance reach the other within a second', async (context) => {
    if (t.database.embedded) {
      console.log(
        'skipped: two instances need a PostgreSQL server (DATABASE_URL); the embedded database is one process',
      );
      context.skip();
    }
    const peer = await peerOf();
    const latest = `${V}/latest/flows?from=master&to=kcp`;
    const seen = await twice(peer, latest);
    expect(keysOf(seen.body.flows)).not.toContain('kcp-probe-2');

    await release('1.32.0', 'latest', { ...NEW_FLOW, key: 'kcp-probe-2', ports: '7444' });
    const publishLag = await until(peer, latest, (res) => keysOf(res.body.flows).includes('kcp-probe-2'), 1000);
    expect(publishLag).toBeLessThan(1000);

    await putProfile(t, 'shared', { version: 'latest', params: { cni: 'calico' } });
    const byProfile = '/api/v1/profiles/shared/flows?from=worker&to=master';
    expect(keysOf((await twice(peer, byProfile)).body.flows)).toContain('calico-bgp');
    await putProfile(t, 'shared', { version: 'latest', params: { cni: 'canal' } });
    await until(peer, byProfile, (res) => !keysOf(res.body.flows).includes('calico-bgp'), 1000);
  });

  it('a change whose notification was lost is noticed by the periodic re-check and when the listener reconnects', async (context) => {
    if (t.database.embedded) {
      console.log(
        'skipped: two instances need a PostgreSQL server (DATABASE_URL); the embedded database is one process',
      );
      context.skip();
    }
    // One that re-checks often, one that in effect never does (only its listener tells it).
    const slowPeer = await peerOf({ cacheRecheckIntervalMs: 300 });
    const peer = await peerOf({ cacheRecheckIntervalMs: 3_600_000 });
    // The matrix names the version "latest" resolved to, as each instance knows it.
    const latest = `${V}/latest/matrix`;
    const onPeer = (await twice(peer, latest)).body.version;
    expect((await twice(slowPeer, latest)).body.version).toBe(onPeer);

    // A change that announces nothing (as if its notification were lost): only the counter moves.
    const prisma = t.app.get(PrismaService);
    await prisma.$transaction([
      prisma.$executeRaw`UPDATE catalog_versions SET status = 'deprecated', deprecated_at = now() WHERE label = ${onPeer}`,
      prisma.$executeRaw`UPDATE change_feed SET generation = generation + 1 WHERE id = 1`,
    ]);
    const previous = (await get(t, `${V}`).expect(200)).body.catalogs.find(
      (version: { status: string }) => version.status === 'published',
    ).version;

    // The periodic re-check (every 300 ms here) finds the counter moved.
    await until(slowPeer, latest, (res) => res.body.version === previous, 2000);
    // The other one never re-checks: still the old answer (no notification came).
    expect((await get(peer, latest).expect(200)).body.version).toBe(onPeer);
    // Its listener's connection drops: it reconnects, drops everything and re-checks.
    await prisma.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND query = 'LISTEN nr_changes'`;
    await until(peer, latest, (res) => res.body.version === previous, 3000);
  });
});

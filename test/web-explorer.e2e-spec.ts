import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPA_ROUTES } from '../src/modules/web/spa-routes';
import { WEB_ROOT } from '../src/modules/web/web-explorer';
import { authorized, createTestApp, type TestApp } from './support/test-app';

/** The first path segment of every path the views answer (web/src/views/index.ts, read as text). */
function viewRoutes(): string[] {
  const source = readFileSync(resolve(__dirname, '..', 'web', 'src', 'views', 'index.ts'), 'utf8');
  const lists = [...source.matchAll(/paths:\s*\[([^\]]*)\]/g)].map((match) => match[1]);
  expect(lists.length, 'paths: [...] lists in web/src/views/index.ts').toBeGreaterThan(0);
  const paths = lists.flatMap((list) => [...list.matchAll(/'([^']*)'/g)].map((match) => match[1]));
  return [...new Set(paths.map((path) => `/${path.split('/')[1]}`))].sort();
}

describe('the explorer routes', () => {
  it('are the views: SPA_ROUTES holds the first path segment of every view path, and nothing else', () => {
    expect([...SPA_ROUTES].sort()).toEqual(viewRoutes());
  });
});

const built = existsSync(resolve(WEB_ROOT, 'index.html')) && existsSync(resolve(WEB_ROOT, 'graphiql', 'manifest.json'));
if (!built) console.warn(`skipped: the served explorer's tests, it is not built (${WEB_ROOT}; npm run build)`);

// `npm test` builds first; in CI (CI=true) a missing build fails the first hook instead of skipping.
describe.runIf(built || process.env.CI === 'true')('the served explorer', () => {
  let t: TestApp;
  // The page's own script (index-<hash>.js); other chunks (the highlighter) load later, from the page's code.
  const asset = built
    ? readdirSync(resolve(WEB_ROOT, 'assets')).find((name) => name.startsWith('index-') && name.endsWith('.js'))
    : undefined;
  const page = built ? readFileSync(resolve(WEB_ROOT, 'index.html'), 'utf8') : '';

  beforeAll(async () => {
    expect(built, 'npm run build must have built dist/web').toBe(true);
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  const pagePaths = [...SPA_ROUTES, '/versions/1.30.0', '/flows?profile=prod&role=master', '/drafts/1.31.0'];

  it.each(pagePaths)('answers the page at %s, revalidated with its ETag', async (path) => {
    const res = await request(t.server).get(path).set('Accept', 'text/html').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toBe(page);
    const etag = res.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await request(t.server).get(path).set('If-None-Match', etag).expect(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers.etag).toBe(etag);
  });

  it('serves the hashed assets the page names, cached for good', async () => {
    expect(page).toContain(`/assets/${asset}`);
    const res = await request(t.server).get(`/assets/${asset}`).expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
  });

  it.each([
    ['an unknown path', '/nothing-here'],
    ['a path below no view', '/versionsx'],
    ['an unknown asset', '/assets/index-00000000.js'],
    ['an unknown GraphiQL file', '/graphiql/graphiql-0000000000.min.js'],
    ["GraphiQL's manifest", '/graphiql/manifest.json'],
  ])('answers %s with a 404 in the API error shape', async (_what, path) => {
    const res = await request(t.server).get(path).set('Accept', 'text/html').expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: `Cannot GET ${path}` });
  });

  it('leaves the API, /health and /metrics as they were', async () => {
    const catalogs = await authorized(request(t.server).get('/api/v1/catalogs')).expect(200);
    expect(catalogs.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.stringify(catalogs.body)).toContain('1.30.0');
    const missing = await request(t.server).get('/api/v1/nothing').expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const health = await request(t.server).get('/health').expect(200);
    expect(health.body).toEqual({ status: 'ok' });
    const metrics = await request(t.server).get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toContain('# TYPE ');
  });
});

describe.runIf(built || process.env.CI === 'true')('GraphiQL at GET /graphql', () => {
  let t: TestApp;
  const manifest = built
    ? (JSON.parse(readFileSync(resolve(WEB_ROOT, 'graphiql', 'manifest.json'), 'utf8')) as {
        versions: Record<string, string>;
        files: Record<string, string>;
      })
    : { versions: {}, files: {} };

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it("answers a browser's navigation with the page, its files all from /graphiql/", async () => {
    const res = await request(t.server)
      .get('/graphql')
      .set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
      .expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.vary).toBe('Accept');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    // No inline script: every <script> has a src on this origin.
    const scripts = [...res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((match) => match[2].trim())).toEqual(['', '', '', '']);
    const sources = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((match) => match[1])
      .filter((source) => source !== 'data:,');
    expect(sources.sort()).toEqual(
      Object.values(manifest.files)
        .map((name) => `/graphiql/${name}`)
        .sort(),
    );
    expect(manifest.versions).toEqual({ graphiql: '3.8.2', react: '18.3.1', 'react-dom': '18.3.1' });

    const again = await request(t.server)
      .get('/graphql')
      .set('Accept', 'text/html')
      .set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
  });

  it('serves GraphiQL, React and the start script cached for good, stylesheets with nothing from elsewhere', async () => {
    for (const name of Object.values(manifest.files)) {
      const res = await request(t.server).get(`/graphiql/${name}`).expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-type']).toMatch(name.endsWith('.css') ? /^text\/css/ : /javascript/);
      const text = res.text ?? '';
      if (name.endsWith('.css')) expect(text).not.toMatch(/@import|url\(\s*['"]?(?:https?:)?\/\//i);
      expect(text).not.toMatch(/sourceMappingURL=/);
    }
  });

  it.each([
    ['no Accept', undefined],
    ['any type', '*/*'],
    ['JSON', 'application/json'],
    ['JSON before HTML', 'application/json, text/html;q=0.5'],
  ])('still answers GraphQL to a GET with %s', async (_what, accept) => {
    const query = await request(t.server)
      .get('/graphql')
      .set(accept === undefined ? {} : { Accept: accept })
      .set('apollo-require-preflight', '1')
      .query({ query: '{ catalogs { version } }' })
      .expect(200);
    expect(query.headers['content-type']).toMatch(/json/);
    expect(JSON.stringify(query.body)).toContain('1.30.0');
    // Without a query it is still Apollo's 400, not the page.
    const empty = await request(t.server)
      .get('/graphql')
      .set(accept === undefined ? {} : { Accept: accept })
      .expect(400);
    expect(empty.headers['content-type']).toMatch(/json/);
  });

  it('leaves POST /graphql as it was: JSON, and a 406 (never the page) for an HTML-only Accept', async () => {
    const res = await request(t.server)
      .post('/graphql')
      .set('Accept', 'application/json')
      .send({ query: '{ catalogs { version } }' })
      .expect(200);
    expect(res.body.data.catalogs).toEqual(expect.arrayContaining([{ version: '1.30.0' }]));
    const html = await request(t.server)
      .post('/graphql')
      .set('Accept', 'text/html')
      .send({ query: '{ catalogs { version } }' })
      .expect(406);
    expect(html.headers['content-type']).not.toMatch(/html/);
  });
});

describe.runIf(built || process.env.CI === 'true')('the explorer under the rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ rateLimitPerAddress: 2, trustProxy: true });
  });

  afterAll(async () => {
    await t?.close();
  });

  // The page, its assets and GraphiQL count like every path, and a refusal is the API's 429.
  it.each(['/', '/flows?profile=prod'])('GET %s over the limit is 429 TOO_MANY_REQUESTS', async (path) => {
    const address = { 'X-Forwarded-For': `198.51.100.${path.length}` };
    for (let i = 0; i < 2; i++) await request(t.server).get(path).set(address).set('Accept', 'text/html');
    const refused = await request(t.server).get(path).set(address).set('Accept', 'text/html').expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
  });

  it("GraphiQL's page over the limit is 429, in GraphQL's error shape like all of /graphql", async () => {
    const address = { 'X-Forwarded-For': '198.51.100.150' };
    for (let i = 0; i < 2; i++) await request(t.server).get('/graphql').set(address).set('Accept', 'text/html');
    const refused = await request(t.server).get('/graphql').set(address).set('Accept', 'text/html').expect(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', statusCode: 429 });
  });

  it('an asset over the limit is 429 TOO_MANY_REQUESTS too', async () => {
    const page = await request(t.server).get('/').set('X-Forwarded-For', '198.51.100.200').expect(200);
    const asset = /\/assets\/[\w.-]+\.js/.exec(page.text)![0];
    await request(t.server).get(asset).set('X-Forwarded-For', '198.51.100.200').expect(200);
    const refused = await request(t.server).get(asset).set('X-Forwarded-For', '198.51.100.200').expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
  });
});

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerGraphiQL } from './graphiql-page';
import { SPA_ROUTES } from './spa-routes';

/**
 * Where `npm run build` puts the explorer (vite, web/): <package>/dist/web, found from here
 * whether the service runs compiled (dist/modules/web) or from source in the tests
 * (src/modules/web).
 */
export const WEB_ROOT = resolve(__dirname, '..', '..', '..', 'dist', 'web');

/** Hashed file names never change content: a year, immutable. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';
/** The page itself is asked again each time (a 304 when unchanged), so a new release shows at once. */
const PAGE_CACHE = 'no-cache';

/**
 * Serves the web explorer: `/assets/*` from the build (hashed, cached for good) and the page
 * (index.html, revalidated with its ETag) at `/` and at every view's path, so a shared URL
 * such as `/flows?profile=prod` opens that view. Without a build (dist/web missing) nothing
 * is registered and those paths stay 404; the start says so. GraphiQL, built beside it, answers
 * browsers at GET /graphql (graphiql-page.ts). Returns whether the explorer is served.
 */
export async function registerWebExplorer(fastify: FastifyInstance, root = WEB_ROOT): Promise<boolean> {
  const indexPath = resolve(root, 'index.html');
  if (!existsSync(indexPath)) {
    fastify.log.warn(`the web explorer is not built (${indexPath} is missing): run npm run build to serve it at /`);
    return false;
  }
  const page = readFileSync(indexPath);
  const etag = `"${createHash('sha256').update(page).digest('base64url').slice(0, 27)}"`;
  await fastify.register(fastifyStatic, {
    root: resolve(root, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    // Hashed names: the validators are not needed, the lifetime is.
    etag: false,
    lastModified: false,
    cacheControl: false,
    setHeaders: (reply) => void reply.header('cache-control', ASSET_CACHE),
  });
  // Every awaited plugin first: an await sets up the routes registered before it, and a route
  // set up before Nest installs its error handler (at init) would answer errors (a 429 from
  // the rate limits) in another shape. The page routes below are set up at init.
  await registerGraphiQL(fastify, root);
  const servePage = (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', PAGE_CACHE).header('etag', etag).header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('text/html; charset=utf-8').send(page);
  };
  for (const path of SPA_ROUTES) {
    fastify.get(path, servePage);
    if (path !== '/') fastify.get(`${path}/*`, servePage);
  }
  return true;
}

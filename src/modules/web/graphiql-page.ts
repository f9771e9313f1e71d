import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { negotiateMediaType } from '../../common/http/content-negotiation';

/** Where Apollo answers; a browser asking for it gets GraphiQL. */
const GRAPHQL_PATH = '/graphql';
/** Where GraphiQL's files are served from (scripts/copy-graphiql.mjs puts them in dist/web/graphiql). */
const FILES_PREFIX = '/graphiql/';
/** Their names carry a hash of their content: a year, immutable. */
const FILE_CACHE = 'public, max-age=31536000, immutable';

/**
 * What GET /graphql can answer, in the order chosen when Accept does not say (no Accept,
 * `*\/*`): GraphQL's JSON first, so clients that send no Accept keep their answers (and the 400
 * without a query); the page only when Accept prefers HTML, as a browser's navigation does.
 */
const GRAPHQL_GET_TYPES = ['application/graphql-response+json', 'application/json', 'text/html'] as const;

/**
 * The page loads only files of this origin and talks only to it: scripts from 'self' (the
 * start is a file of its own, no inline script), GraphiQL's inline styles and data: fonts.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/web/graphiql/manifest.json, written by scripts/copy-graphiql.mjs. */
export interface GraphiQLManifest {
  readonly versions: Readonly<Record<string, string>>;
  readonly files: {
    readonly react: string;
    readonly reactDom: string;
    readonly script: string;
    readonly style: string;
    readonly start: string;
  };
}

/** Whether a GET of /graphql with this Accept header is a browser asking for a page. */
export function prefersGraphiQL(accept: string | undefined): boolean {
  return negotiateMediaType(accept, GRAPHQL_GET_TYPES) === 'text/html';
}

/** The page: GraphiQL's stylesheet, React 18, GraphiQL's UMD bundle, then the start script, all from /graphiql/. */
export function graphiqlPage(manifest: GraphiQLManifest): string {
  const file = (name: string) => `${FILES_PREFIX}${encodeURIComponent(name)}`;
  const { files, versions } = manifest;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="generator" content="GraphiQL ${escapeHtml(versions.graphiql ?? '')}" />
    <title>GraphiQL: Kublr network requirements</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${file(files.style)}" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${file(files.react)}"></script>
    <script src="${file(files.reactDom)}"></script>
    <script src="${file(files.script)}"></script>
    <script src="${file(files.start)}"></script>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * GraphiQL at GET /graphql for browsers: a GET whose Accept prefers text/html gets the page
 * (revalidated with its ETag, `Vary: Accept` since the same URL answers GraphQL otherwise);
 * every other request to /graphql goes on to Apollo unchanged. GraphiQL's files are served
 * under /graphiql/, cached for good. Without them (no build) nothing is registered and a
 * browser gets what any client does. Returns whether it serves.
 */
export async function registerGraphiQL(fastify: FastifyInstance, root: string): Promise<boolean> {
  const dir = resolve(root, 'graphiql');
  const manifestPath = resolve(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    fastify.log.warn(
      `GraphiQL is not built (${manifestPath} is missing): run npm run build to serve it at GET /graphql`,
    );
    return false;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as GraphiQLManifest;
  const page = Buffer.from(graphiqlPage(manifest));
  const etag = `"${createHash('sha256').update(page).digest('base64url').slice(0, 27)}"`;
  await fastify.register(fastifyStatic, {
    root: dir,
    prefix: FILES_PREFIX,
    decorateReply: false,
    index: false,
    etag: false,
    lastModified: false,
    cacheControl: false,
    // Only the hashed files the manifest names, not the manifest itself.
    allowedPath: (path) => path !== '/manifest.json',
    setHeaders: (reply) => void reply.header('cache-control', FILE_CACHE),
  });
  // A hook, not a route: Apollo owns GET /graphql. Routed requests to other paths pay one comparison.
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    if (request.method !== 'GET' || request.routeOptions.url !== GRAPHQL_PATH) return done();
    if (!prefersGraphiQL(request.headers.accept)) return done();
    void reply
      .header('cache-control', 'no-cache')
      .header('vary', 'Accept')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', GRAPHIQL_CSP)
      .header('referrer-policy', 'no-referrer');
    if (request.headers['if-none-match'] === etag) return void reply.code(304).send();
    void reply.type('text/html; charset=utf-8').send(page);
  });
  return true;
}

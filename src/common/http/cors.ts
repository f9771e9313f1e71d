import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/app-config';

/** Methods a browser page may use; the REST API's and GraphQL's (GET and POST). */
export const CORS_ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Request headers a page may send besides the CORS-safelisted ones. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'];
/** Response headers a page may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = [
  'ETag',
  'Retry-After',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'X-Request-Id',
  'Link',
  'Location',
  'Allow',
];
/** How long a browser may reuse a preflight's answer (seconds). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the origins in CORS_ORIGINS, with @fastify/cors through Nest's enableCors (its
 * hook runs first on every request, before the rate limits, the response cache and the
 * guards, so refusals carry the headers too and a preflight, which has no credentials, is
 * answered before anything asks for them). A request from a listed origin gets
 * `Access-Control-Allow-Origin` naming it; one from any other origin gets no CORS header,
 * so its browser keeps the answer from the page; `Vary: Origin` on both, so no cache hands
 * one origin's answer to another. Without CORS_ORIGINS nothing is registered.
 *
 * GraphQL keeps Apollo's CSRF prevention: a POST without a JSON content type (or an
 * Apollo-Require-Preflight header) is refused, whatever the origin.
 */
export function enableCors(app: NestFastifyApplication, config: Pick<AppConfig, 'corsOrigins'>): void {
  if (config.corsOrigins.length === 0) return;
  const allowed = new Set(config.corsOrigins);
  app.enableCors({
    // A function, not the list: a refused origin's preflight then gets no CORS header at
    // all and is answered as any OPTIONS is (registerMethodNotAllowed: 204 with Allow).
    origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) =>
      callback(null, origin !== undefined && allowed.has(origin)),
    methods: [...CORS_ALLOWED_METHODS],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    credentials: false,
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MethodNotAllowedError } from '../errors/domain-error';

/** Where Apollo answers. */
const GRAPHQL_PATH = '/graphql';
/** The methods a path is probed for, in the order the Allow header lists them. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * A path the API has, asked with a method it does not answer there, is a 405 with `Allow`
 * (RFC 9110, 15.5.6) in the one error shape, not a 404: the router is asked which methods
 * match the path. `OPTIONS` on such a path (that CORS did not answer as a preflight) is a
 * 204 with `Allow`, `/graphql` included: Apollo registers OPTIONS there itself and would
 * answer it with its CSRF refusal (400), though an OPTIONS request does nothing. Unknown
 * paths stay 404. Runs only for requests the router did not match (or matched to
 * @fastify/cors's catch-all OPTIONS route, or Apollo's), so routed requests pay nothing.
 */
export function registerMethodNotAllowed(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    const unrouted =
      request.is404 ||
      (request.method === 'OPTIONS' && (request.routeOptions.url === '*' || request.routeOptions.url === GRAPHQL_PATH));
    if (!unrouted) return done();
    const path = request.url.split('?', 1)[0];
    const allowed = METHODS.filter((method) => fastify.findRoute({ method, url: path }) !== null);
    if (allowed.length === 0) return done();
    const allow = [...allowed, 'OPTIONS'];
    if (request.method === 'OPTIONS') {
      void reply.header('Allow', allow.join(', ')).header('Content-Length', '0').status(204).send();
      return;
    }
    done(new MethodNotAllowedError(request.method, path, allow));
  });
}

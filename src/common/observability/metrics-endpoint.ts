import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { StartupError } from '../startup-error';
import {
  GRAPHQL_OPERATION_FIELD,
  METRICS_PATH,
  Metrics,
  UNMATCHED_ROUTE,
  type GraphQLOperationLabels,
} from './metrics';

type MeasuredRequest = FastifyRequest & { [GRAPHQL_OPERATION_FIELD]: GraphQLOperationLabels | null };

/**
 * Where the metrics are measured and read:
 *
 * - One `onResponse` hook times every HTTP request (Fastify's own clock, from arrival to
 *   the last byte) under its route pattern, and a GraphQL request under its operation too.
 *   Scrapes of /metrics are not counted.
 * - Without METRICS_PORT, `GET /metrics` is a route of the main server, outside Nest (so
 *   it is not in the OpenAPI document and needs no key), under the per-address rate limit
 *   like every other path. With METRICS_PORT, it is served only by a small listener of its
 *   own on that port (same HOST), opened when the application starts and closed when it
 *   closes; the main port then answers 404 for it.
 */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /** Adds the timing hook and, without METRICS_PORT, the route (nothing with METRICS_ENABLED=false). */
  register(fastify: FastifyInstance): void {
    const metrics = this.metrics;
    if (!metrics.enabled) return;
    const onMainPort = this.config.metricsPort === undefined;
    fastify.decorateRequest(GRAPHQL_OPERATION_FIELD, null);
    if (onMainPort) {
      fastify.get(METRICS_PATH, async (_request: FastifyRequest, reply: FastifyReply) => {
        const text = await metrics.text();
        return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
      });
    }
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const route = request.routeOptions.url;
      if (!(onMainPort && route === METRICS_PATH)) {
        const seconds = reply.elapsedTime / 1000;
        metrics.observeHttpRequest(request.method, route ?? UNMATCHED_ROUTE, reply.statusCode, seconds);
        const operation = (request as MeasuredRequest)[GRAPHQL_OPERATION_FIELD];
        if (operation !== null) metrics.observeGraphQLOperation(operation, seconds);
      }
      done();
    });
  }

  /** The port METRICS_PORT's listener is bound to (tests ask for any free one with 0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metricsPort;
    if (port === undefined) return;
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      const refuse = (error: NodeJS.ErrnoException) => reject(cannotListen(port, error));
      server.once('error', refuse);
      server.listen({ port, host: this.config.host }, () => {
        server.off('error', refuse);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`metrics on http://${this.config.host}:${this.port}${METRICS_PATH}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A scraper's keep-alive connection would otherwise hold the close open.
    server.closeAllConnections();
    await closed;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?', 1)[0];
    if (path !== METRICS_PATH) {
      response
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('not found; metrics are at /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end();
      return;
    }
    try {
      const text = await this.metrics.text();
      response.writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : text);
    } catch (error) {
      this.logger.error(`metrics could not be collected: ${(error as Error)?.message ?? String(error)}`);
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics could not be collected\n');
    }
  }
}

/** Why METRICS_PORT's listener could not open, as one startup line naming the variable. */
function cannotListen(port: number, error: NodeJS.ErrnoException): StartupError {
  const reason =
    error.code === 'EADDRINUSE'
      ? 'the port is already in use'
      : error.code === 'EACCES'
        ? 'permission denied'
        : (error.message ?? String(error)).split('\n')[0];
  return new StartupError(`cannot serve metrics on METRICS_PORT=${port}: ${reason}`);
}

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { registerBodyParsers } from './common/http/body-parsers';
import { enableCors } from './common/http/cors';
import { registerMethodNotAllowed } from './common/http/method-not-allowed';
import { registerRequestLimits } from './common/http/request-limits';
import { ResponseCache } from './common/http/response-cache';
import { RateLimits } from './common/http/rate-limit';
import { buildOpenApiDocument } from './common/openapi/openapi-document';
import { CATALOG_DOCUMENT_COMPONENTS } from './modules/catalogs/dto/catalog-document.openapi';
import { MetricsEndpoint } from './common/observability/metrics-endpoint';
import { createLogger, registerRequestId, RequestLogController, requestIdOf } from './common/observability/logging';
import { registerTracing } from './common/observability/tracing';
import type { AppConfig } from './config/app-config';
import { DatabaseConnection } from './database/database-connection';
import { registerWebExplorer } from './modules/web/web-explorer';

/** Largest request body accepted, in bytes (catalog documents included). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * Builds the service as it runs in production: the database opened and migrated, then
 * Fastify, the root module, the rate limits, OpenAPI at /api/docs. main.ts and the end-to-end tests both start it through here.
 */
export async function createApp(
  config: AppConfig,
  /** Where log lines go instead of standard output (the tests keep them to read). */
  options: { logDestination?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  const logger = createLogger(config, options.logDestination);
  const connection = await DatabaseConnection.open(config);
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, connection, logger),
      new FastifyAdapter({
        bodyLimit: BODY_LIMIT_BYTES,
        trustProxy: trustProxyOption(config.trustProxy),
        routerOptions: { maxParamLength: 256 },
        loggerInstance: logger,
        genReqId: requestIdOf,
        logController: new RequestLogController(),
      }),
      { abortOnError: false, bodyParser: false, bufferLogs: true },
    );
  } catch (error) {
    await connection.close();
    throw error;
  }
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // CORS for CORS_ORIGINS; its hook runs before every hook registered below.
  enableCors(app, config);
  // The request id on every response, refusals included.
  registerRequestId(fastify);
  // The request id and route on the request's trace span (when tracing is on), refusals included.
  registerTracing(fastify);
  // Then the rate limits, so that their onRequest hook counts every request, those the cache answers included.
  await app.get(RateLimits).register(fastify);
  // Then targets no client sends (too long, malformed), before routing and the response cache.
  registerRequestLimits(fastify);
  // Then a known path with a method it does not answer: 405 with Allow, not 404.
  registerMethodNotAllowed(fastify);
  // JSON, and text bodies (YAML documents, Markdown or CSV tables), that must be UTF-8;
  // Nest's own body parser is off (bodyParser: false) so that these are the only ones.
  registerBodyParsers(fastify);
  app.get(ResponseCache).register(fastify);
  // The web explorer at / (its pages and hashed assets), when it was built. Its static-file
  // plugin is awaited, which sets up every route registered so far: so before /metrics
  // (below), whose 429 must come from Nest's error handler, installed at init.
  await registerWebExplorer(fastify);
  // The request histogram's hook, and GET /metrics unless METRICS_PORT serves it apart. After
  // every awaited plugin: Fastify sets up a route when its plugin queue next runs, and a route
  // set up before Nest installs its error handler (at init) would answer errors in Fastify's shape.
  app.get(MetricsEndpoint).register(fastify);
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app, CATALOG_DOCUMENT_COMPONENTS), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the nearest N proxies". */
function trustProxyOption(value: AppConfig['trustProxy']) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

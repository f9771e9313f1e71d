import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { registerBodyParsers } from './common/http/body-parsers';
import { registerRequestLimits } from './common/http/request-limits';
import { ResponseCache } from './common/http/response-cache';
import { RateLimits } from './common/http/rate-limit';
import { MetricsEndpoint } from './common/observability/metrics-endpoint';
import type { AppConfig } from './config/app-config';
import { DatabaseConnection } from './database/database-connection';

/** Largest request body accepted, in bytes (catalog documents included). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * Builds the service as it runs in production: the database opened and migrated, then
 * Fastify, the root module, the rate limits, OpenAPI at /api/docs. main.ts and the end-to-end tests both start it through here.
 */
export async function createApp(
  config: AppConfig,
  /** `false`: no logs (tests); a LoggerService: logs go there instead of the console. */
  options: { logger?: false | LoggerService } = {},
): Promise<NestFastifyApplication> {
  const connection = await DatabaseConnection.open(config);
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, connection),
      new FastifyAdapter({
        bodyLimit: BODY_LIMIT_BYTES,
        trustProxy: trustProxyOption(config.trustProxy),
        routerOptions: { maxParamLength: 256 },
      }),
      { abortOnError: false, bodyParser: false, logger: options.logger ?? logLevels(config.logLevel) },
    );
  } catch (error) {
    await connection.close();
    throw error;
  }
  const fastify = app.getHttpAdapter().getInstance();
  // First among the onRequest hooks, so that it counts every request, those the cache answers included.
  await app.get(RateLimits).register(fastify);
  // Then targets no client sends (too long, malformed), before routing and the response cache.
  registerRequestLimits(fastify);
  // JSON, and text bodies (YAML documents, Markdown or CSV tables), that must be UTF-8;
  // Nest's own body parser is off (bodyParser: false) so that these are the only ones.
  registerBodyParsers(fastify);
  app.enableShutdownHooks();
  app.get(ResponseCache).register(fastify);
  // The request histogram's hook, and GET /metrics unless METRICS_PORT serves it apart. After
  // every awaited plugin: Fastify sets up a route when its plugin queue next runs, and a route
  // set up before Nest installs its error handler (at init) would answer errors in Fastify's shape.
  app.get(MetricsEndpoint).register(fastify);
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Kublr network requirements')
    .setDescription('Versioned catalogs of the network flows a Kublr platform needs')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

function logLevels(level: AppConfig['logLevel']) {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the nearest N proxies". */
function trustProxyOption(value: AppConfig['trustProxy']) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

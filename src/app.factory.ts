import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ImmutableResponseCache } from './common/http/immutable-response-cache';
import type { AppConfig } from './config/app-config';
import { DatabaseConnection } from './database/database-connection';

/** Largest request body accepted, in bytes (catalog documents included). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * Builds the service as it runs in production: the database opened and migrated, then
 * Fastify, the root module, OpenAPI at /api/docs. main.ts and the end-to-end tests both start it through here.
 */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const connection = await DatabaseConnection.open(config);
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, connection),
      new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true, maxParamLength: 256 }),
      { abortOnError: false, logger: options.logger ?? logLevels(config.logLevel) },
    );
  } catch (error) {
    await connection.close();
    throw error;
  }
  // Catalog documents may be posted as YAML; the service parses the text itself.
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(
      ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain'],
      { parseAs: 'string' },
      (_request: unknown, body: string | Buffer, done: (error: Error | null, body?: unknown) => void) =>
        done(null, String(body)),
    );
  app.enableShutdownHooks();
  app.get(ImmutableResponseCache).register(app.getHttpAdapter().getInstance());
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

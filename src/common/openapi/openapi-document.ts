import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ReferenceObject,
  type RequestBodyObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { ERROR_STATUSES, errorResponse, responseHeaders, type ErrorStatus } from './api-responses';
import { ErrorResponseModel } from './error-response.model';

/** Every tag an operation uses, with what it groups. */
const TAGS: readonly [string, string][] = [
  ['catalogs', 'Catalog versions: list, read, export, import, publish and deprecate'],
  ['catalog drafts', 'Drafts and their roles, parameters and flows, edited row by row or as a whole document'],
  ['flows', 'Questions about the flows of a catalog version or a profile: which, why, matrix, diff'],
  [
    'artifacts',
    'The flows of a question rendered for a tool or a person (firewall rules, policies, tickets, diagrams)',
  ],
  ['profiles', 'Named cluster configurations: parameter values, the catalog version they follow, address ranges'],
  ['api-keys', 'API keys and their scopes (admin)'],
  ['audit', 'Every change, with its state before and after (admin)'],
  ['webhooks', 'Subscriptions to catalog and profile events, delivered signed, and their delivery log (admin)'],
  ['health', 'Liveness and readiness probes; never need a key'],
];

/** What every operation can answer whatever it does: before routing, or from any handler. */
const EVERY_OPERATION: readonly ErrorStatus[] = [400, 414, 429, 500, 503];

/** Marks an operation (through Public()) that never needs a key; replaced by `security: []`. */
export const PUBLIC_EXTENSION = 'x-public';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/**
 * The OpenAPI document of the REST API, as /api/docs-json serves it and openapi.json holds
 * it. `schemas` are components that no class describes (JSON Schemas converted for OpenAPI).
 */
export function buildOpenApiDocument(app: INestApplication, schemas: Record<string, object> = {}): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Kublr network requirements')
    .setDescription(
      'Versioned catalogs of the network flows a Kublr platform needs. Every error has the body ErrorResponseModel ' +
        '(`statusCode`, a stable `code`, a `message` naming the problem, optional `details`).',
    )
    .setVersion('1')
    // Relative: the service's own origin, wherever it runs.
    .addServer('/', 'This service')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description: 'An API key (an opaque string, not a JWT), sent as `Authorization: Bearer <key>`',
    });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ErrorResponseModel],
    // Handler method names are unique across the app and say what the operation does.
    operationIdFactory: (_controller, method) => method,
  });
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...schemas } };
  return finishOpenApiDocument(document);
}

/**
 * What no decorator can say once for all operations: the errors every operation can
 * answer, 401 (and optional bearer auth) for reads that READS_REQUIRE_KEY=true protects,
 * the error body on error statuses declared without one, rate-limit headers on successes.
 * Fails on a duplicate operationId or an undeclared tag, so a new endpoint cannot add one.
 */
export function finishOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const operationIds = new Set<string>();
  const tags = new Set(TAGS.map(([name]) => name));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as (OperationObject & { [PUBLIC_EXTENSION]?: boolean }) | undefined;
      if (operation === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!operation.operationId || operationIds.has(operation.operationId)) {
        throw new Error(`${where}: missing or duplicate operationId ${operation.operationId}`);
      }
      operationIds.add(operation.operationId);
      for (const tag of operation.tags ?? []) {
        if (!tags.has(tag)) throw new Error(`${where}: tag "${tag}" is not declared in TAGS`);
      }
      const isPublic = operation[PUBLIC_EXTENSION] === true;
      delete operation[PUBLIC_EXTENSION];
      const statuses: ErrorStatus[] = [...EVERY_OPERATION];
      if (isPublic) {
        operation.security = [];
      } else {
        // No key, or a key (reads with READS_REQUIRE_KEY=true, and every write).
        operation.security ??= [{}, { bearer: [] }];
        statuses.push(401);
      }
      const responses = operation.responses as Record<string, ResponseObject>;
      for (const status of statuses) responses[status] ??= errorResponse(status);
      for (const [status, response] of Object.entries(responses)) {
        const code = Number(status);
        if (ERROR_STATUSES.includes(code as ErrorStatus) && response.content === undefined) {
          responses[status] = errorResponse(code as ErrorStatus, response.description || undefined);
        } else if (code === 200 && method === 'get' && response.headers?.ETag !== undefined && !responses['304']) {
          // A GET that sends an ETag answers If-None-Match with it by a 304 (conditional-response.ts).
          responses['304'] = { description: 'Not modified: If-None-Match holds the ETag of the current answer' };
        }
        if (code >= 200 && code < 300) {
          response.headers = {
            ...response.headers,
            ...responseHeaders('X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'),
          };
        }
      }
      operation.responses = sortedByStatus(responses);
      closeBodySchemas(document, operation);
    }
  }
  return document;
}

function sortedByStatus(responses: Record<string, ResponseObject>): Record<string, ResponseObject> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The global ValidationPipe forbids properties a body class does not declare
 * (forbidNonWhitelisted), so the schema of a body class says so too; a body that may be one
 * of several shapes then matches exactly one of them.
 */
function closeBodySchemas(document: OpenAPIObject, operation: OperationObject): void {
  const body = operation.requestBody as RequestBodyObject | undefined;
  for (const media of Object.values(body?.content ?? {})) {
    const schema = media.schema as SchemaObject & ReferenceObject;
    for (const candidate of [schema, ...(schema?.oneOf ?? [])] as (SchemaObject & ReferenceObject)[]) {
      const name = candidate?.$ref?.replace('#/components/schemas/', '');
      const component = name === undefined ? undefined : (document.components?.schemas?.[name] as SchemaObject);
      if (component?.properties !== undefined && component.additionalProperties === undefined) {
        component.additionalProperties = false;
      }
    }
  }
}

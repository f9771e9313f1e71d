import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface MediaType {
  schema?: object;
}
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, MediaType>; headers?: Record<string, { required?: boolean }> }>;
}
export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

const COMPONENTS = 'openapi-components';
const OPENAPI_FILE = resolve(__dirname, '..', '..', 'openapi.json');

/**
 * Checks every response a test app sends against openapi.json: the operation of its route
 * is documented, it declares the status, the headers it declares as required are there, the
 * media type is one it declares for that status, and a JSON body fits the declared schema. What does not fit is kept in `problems`
 * (openapi-conformance.setup.ts fails the test file on any), never thrown, so the test
 * that sent the request still sees the real answer.
 */
export class OpenApiConformance {
  readonly problems: string[] = [];
  checked = 0;
  private readonly document: OpenApi;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApi = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApi) {
    this.document = document;
    this.ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS, definitions: withLocalRefs(this.document.components.schemas) });
  }

  register(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
      try {
        this.check(request, reply, payload);
      } catch (error) {
        this.problems.push(`${request.method} ${request.url}: the check failed: ${String(error)}`);
      }
      done(null, payload);
    });
  }

  private check(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
    const route = request.routeOptions.url;
    if (route === undefined || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    const path = route.replace(/:(\w+)/g, '{$1}');
    const where = `${request.method} ${request.url} -> ${reply.statusCode}`;
    const item = this.document.paths[path];
    if (item === undefined) {
      if (path.startsWith('/api/v1/') || path === '/health' || path === '/ready') {
        this.problems.push(`${where}: route ${path} is not in openapi.json`);
      }
      return;
    }
    const operation = item[request.method.toLowerCase()];
    if (operation === undefined) {
      this.problems.push(`${where}: ${request.method} ${path} is not in openapi.json`);
      return;
    }
    this.checked += 1;
    const status = String(reply.statusCode);
    const response = operation.responses[status];
    if (response === undefined) {
      this.problems.push(`${where}: ${operation.operationId} does not declare ${status}`);
      return;
    }
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (header.required === true && reply.getHeader(name) === undefined) {
        this.problems.push(`${where}: ${operation.operationId} ${status} lacks the required header ${name}`);
      }
    }
    const text = textOf(payload);
    if (text === undefined || text === '') return;
    const mediaType = String(reply.getHeader('content-type') ?? '')
      .split(';')[0]
      .trim();
    const media = response.content?.[mediaType];
    if (media === undefined) {
      const declared = Object.keys(response.content ?? {}).join(', ') || 'no body';
      this.problems.push(`${where}: ${operation.operationId} ${status} is ${mediaType}, declared: ${declared}`);
      return;
    }
    if (mediaType !== 'application/json' || media.schema === undefined) return;
    const key = `${operation.operationId} ${status}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(withLocalRefs(media.schema));
      this.validators.set(key, validate);
    }
    if (!validate(JSON.parse(text))) {
      const errors = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
      this.problems.push(`${where}: ${operation.operationId} ${status} body does not fit: ${errors.join('; ')}`);
    }
  }
}

/** The body as text, when it is text or bytes (streams are not read). */
function textOf(payload: unknown): string | undefined {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return undefined;
}

/** `#/components/schemas/X` as a reference into the schemas added to ajv. */
function withLocalRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS}#/definitions/`)) as T;
}

/** One per test file (each file runs in its own process): every test app of the file reports here. */
export const openApiConformance = new OpenApiConformance();

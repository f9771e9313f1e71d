import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUpServiceProcesses,
  freePort,
  startService,
  tempDir,
  waitUntilAnswering,
} from './support/service-process';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * Traces as an operator gets them: the real `node dist/main.js` (built by `npm test`),
 * exporting over OTLP/HTTP (JSON) to a receiver this file runs, with the callers' W3C
 * `traceparent` headers.
 */
const ROOT = resolve(__dirname, '..');
const SERVER = 2; // SpanKind.SERVER in OTLP

interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: number;
  readonly scope: string;
  readonly attributes: Record<string, unknown>;
  readonly resource: Record<string, unknown>;
}

/** An OTLP/HTTP receiver: keeps every span POSTed to /v1/traces. */
class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  requests = 0;
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests++;
        let body = Buffer.concat(chunks);
        if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        if (request.url === '/v1/traces' && request.headers['content-type']?.startsWith('application/json')) {
          this.spans.push(...flatten(JSON.parse(body.toString('utf8')) as OtlpTraces));
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.port = (this.server.address() as { port: number }).port;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  inTrace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpTraces {
  resourceSpans: Array<{
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: Array<{
      scope: { name: string };
      spans: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }>;
    }>;
  }>;
}

function flatten(traces: OtlpTraces): ReceivedSpan[] {
  return traces.resourceSpans.flatMap(({ resource, scopeSpans }) =>
    scopeSpans.flatMap(({ scope, spans }) =>
      spans.map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: span.kind,
        scope: scope.name,
        attributes: attributesOf(span.attributes ?? []),
        resource: attributesOf(resource.attributes),
      })),
    ),
  );
}

function attributesOf(attributes: OtlpAttribute[]): Record<string, unknown> {
  return Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ??
        (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
        value.boolValue ??
        value.doubleValue,
    ]),
  );
}

/**
 * A caller: the trace the request must join, the span its server span must name as parent,
 * and the request id it sends.
 */
interface Caller {
  readonly traceId: string;
  readonly spanId: string;
  readonly requestId: string;
  readonly headers: Record<string, string>;
}

function caller(): Caller {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  const requestId = randomUUID();
  return {
    traceId,
    spanId,
    requestId,
    headers: { traceparent: `00-${traceId}-${spanId}-01`, 'x-request-id': requestId },
  };
}

/** Whether `span` has `ancestor` above it in `spans` (its parent, its parent's parent, ...). */
function descendsFrom(span: ReceivedSpan, ancestor: ReceivedSpan, spans: ReceivedSpan[]): boolean {
  const byId = new Map(spans.map((candidate) => [candidate.spanId, candidate]));
  let parent = span.parentSpanId;
  for (let hops = 0; parent !== undefined && hops < 100; hops++) {
    if (parent === ancestor.spanId) return true;
    parent = byId.get(parent)?.parentSpanId;
  }
  return false;
}

const databases: TestDatabase[] = [];

afterAll(async () => {
  cleanUpServiceProcesses();
  for (const database of databases) await database.drop();
});

interface Service {
  readonly port: number;
  /** Standard output and error so far. */
  output(): string;
  /** SIGTERM, then the exit code (or signal). */
  stop(): Promise<number | string | null>;
}

/** `node dist/main.js` on a fresh database of its own, with `env` added; resolves once it is ready. */
async function startTracedService(env: Record<string, string>): Promise<Service> {
  const database = await createTestDatabase();
  databases.push(database);
  const port = await freePort();
  const started = startService({
    DATABASE_URL: database.url,
    // An embedded test database is one PGlite backend: one connection.
    ...(database.embedded ? { DATABASE_POOL_SIZE: '1' } : {}),
    DATA_DIR: join(tempDir(), 'unused'),
    PORT: String(port),
    HOST: '127.0.0.1',
    SHUTDOWN_DELAY_MS: '0',
    ...env,
  });
  // /ready makes no span (probes are not traced), so waiting does not mix into the traces below.
  await waitUntilAnswering(port, started, '/ready');
  return {
    port,
    output: () => started.stdout() + started.stderr(),
    stop: () => {
      started.child.kill('SIGTERM');
      return started.exited;
    },
  };
}

async function waitFor(what: string, condition: () => boolean, describe: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen; ${describe()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function summary(spans: ReceivedSpan[]): string {
  return `spans received: ${JSON.stringify(spans.map(({ traceId, name }) => `${traceId.slice(0, 8)} ${name}`))}`;
}

/** Every span of one request arrived: its server span and everything that ended before it. */
function serverSpanOf(receiver: OtlpReceiver, traceId: string): ReceivedSpan | undefined {
  return receiver.inTrace(traceId).find((span) => span.kind === SERVER);
}

/** The request id on the server span is the caller's X-Request-Id, which the response returned. */
function expectRequestId(server: ReceivedSpan, response: Response, sent: string): void {
  expect(response.headers.get('x-request-id')).toBe(sent);
  expect(server.attributes['request.id']).toBe(sent);
}

describe('with an OTLP endpoint', () => {
  const receiver = new OtlpReceiver();
  let service: Service;

  beforeAll(async () => {
    await receiver.start();
    service = await startTracedService({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  }, 90_000);

  afterAll(async () => {
    await service?.stop();
    await receiver.stop();
  });

  async function get(path: string, from: Caller): Promise<Response> {
    return fetch(`http://127.0.0.1:${service.port}${path}`, { headers: from.headers });
  }

  it('a REST request joins the caller’s trace, with its request id and its database queries below it', async () => {
    const from = caller();
    const response = await get('/api/v1/catalogs', from);
    expect(response.status).toBe(200);
    await response.arrayBuffer();

    await waitFor(
      'the REST request’s spans',
      () => serverSpanOf(receiver, from.traceId) !== undefined,
      () => summary(receiver.spans),
    );
    const spans = receiver.inTrace(from.traceId);
    const server = serverSpanOf(receiver, from.traceId)!;
    expect(spans.filter((span) => span.kind === SERVER)).toHaveLength(1);
    expect(server).toMatchObject({
      name: 'GET /api/v1/catalogs',
      parentSpanId: from.spanId,
      attributes: expect.objectContaining({
        'http.route': '/api/v1/catalogs',
        'http.request.method': 'GET',
        'http.response.status_code': 200,
      }),
      resource: expect.objectContaining({ 'service.name': 'kublr-network-requirements' }),
    });
    expectRequestId(server, response, from.requestId);

    const queries = spans.filter(
      (span) => span.scope === '@opentelemetry/instrumentation-pg' && span.name.startsWith('pg.query'),
    );
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      expect(descendsFrom(query, server, spans)).toBe(true);
      expect(query.attributes).toMatchObject({
        'db.system.name': 'postgresql',
        'db.query.text': expect.stringMatching(/SELECT/),
      });
    }
  });

  it('a GraphQL request has its operation span, and the database queries below that', async () => {
    const from = caller();
    const response = await fetch(`http://127.0.0.1:${service.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...from.headers },
      body: JSON.stringify({ query: 'query TracedCatalogs { catalogs { version flowCount } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { catalogs: [{ version: '1.30.0', flowCount: 24 }] } });

    await waitFor(
      'the GraphQL request’s spans',
      () => serverSpanOf(receiver, from.traceId) !== undefined,
      () => summary(receiver.spans),
    );
    const spans = receiver.inTrace(from.traceId);
    const server = serverSpanOf(receiver, from.traceId)!;
    expect(server).toMatchObject({ name: 'POST /graphql', parentSpanId: from.spanId });
    expectRequestId(server, response, from.requestId);

    const operation = spans.find((span) => span.name === 'query TracedCatalogs');
    expect(operation?.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'TracedCatalogs',
    });
    expect(descendsFrom(operation!, server, spans)).toBe(true);
    for (const step of ['graphql.parse', 'graphql.validate']) {
      expect(spans.find((span) => span.name === step)?.parentSpanId).toBe(server.spanId);
    }
    // Resolvers make no span of their own: one span per operation step, not per field.
    expect(spans.filter((span) => span.name.startsWith('graphql.resolve'))).toEqual([]);

    const queries = spans.filter((span) => span.name.startsWith('pg.query'));
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(descendsFrom(query, operation!, spans)).toBe(true);
  });

  it('an artifact request has a render span with the format', async () => {
    const from = caller();
    const response = await get('/api/v1/catalogs/1.30.0/artifacts/iptables', from);
    expect(response.status).toBe(200);
    await response.arrayBuffer();

    await waitFor(
      'the artifact request’s spans',
      () => serverSpanOf(receiver, from.traceId) !== undefined,
      () => summary(receiver.spans),
    );
    const spans = receiver.inTrace(from.traceId);
    const server = serverSpanOf(receiver, from.traceId)!;
    expect(server).toMatchObject({
      name: 'GET /api/v1/catalogs/:version/artifacts/:format',
      parentSpanId: from.spanId,
      attributes: expect.objectContaining({ 'http.route': '/api/v1/catalogs/:version/artifacts/:format' }),
    });
    expectRequestId(server, response, from.requestId);
    const render = spans.find((span) => span.name === 'render iptables');
    expect(render?.attributes).toMatchObject({
      'render.format': 'iptables',
      'render.content_type': expect.stringMatching(/^text\/plain/),
      'render.flow_count': expect.any(Number),
      'render.output_bytes': expect.any(Number),
      'catalog.version': '1.30.0',
    });
    expect(descendsFrom(render!, server, spans)).toBe(true);
    expect(spans.filter((span) => span.name.startsWith('pg.query')).length).toBeGreaterThan(0);
  });

  it('makes no span for probes, and none for database work outside requests', () => {
    expect(receiver.spans.filter((span) => span.attributes['url.path'] === '/ready')).toEqual([]);
    // Every database span belongs to a traced request (the change listener and the periodic
    // recheck would otherwise start a trace of their own every few seconds).
    const pg = receiver.spans.filter((span) => span.scope === '@opentelemetry/instrumentation-pg');
    expect(pg.length).toBeGreaterThan(0);
    for (const span of pg) expect(serverSpanOf(receiver, span.traceId)).toBeDefined();
  });
});

describe('shutdown and settings the SDK cannot use', () => {
  it('starts anyway with one line per bad setting and no stack trace, and exports buffered spans at SIGTERM', async () => {
    const receiver = new OtlpReceiver();
    await receiver.start();
    try {
      const service = await startTracedService({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Nothing is exported on a schedule: what arrives comes from the flush at shutdown.
        OTEL_BSP_SCHEDULE_DELAY: '600000',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_LOG_LEVEL: 'loud',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'zip',
      });
      const from = caller();
      const response = await fetch(`http://127.0.0.1:${service.port}/api/v1/catalogs`, {
        headers: from.headers,
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      expect(receiver.inTrace(from.traceId)).toEqual([]);

      expect(await service.stop()).toBe(0);
      const spans = receiver.inTrace(from.traceId);
      expect(spans.find((span) => span.kind === SERVER)).toMatchObject({ name: 'GET /api/v1/catalogs' });
      expect(spans.some((span) => span.name.startsWith('pg.query'))).toBe(true);

      const lines = service.output().split('\n');
      for (const name of ['OTEL_TRACES_SAMPLER', 'OTEL_LOG_LEVEL', 'OTEL_EXPORTER_OTLP_COMPRESSION']) {
        expect(
          lines.filter((line) => line.includes(name)),
          name,
        ).toHaveLength(1);
      }
      expect(lines.filter((line) => /^\s+at /.test(line) || line.includes('"stack"'))).toEqual([]);
    } finally {
      await receiver.stop();
    }
  }, 90_000);
});

describe('without OTEL_* settings', () => {
  /**
   * A node process that starts tracing as main.ts does (start-tracing first), then loads
   * http, pg and graphql and reports what it sees.
   */
  function probe(env: Record<string, string>): { sdkModules: number; patched: string[]; recording: boolean } {
    const script = `
      require('./dist/common/observability/start-tracing');
      const modules = { http: require('http').Server.prototype.emit, pg: require('pg').Client.prototype.query,
        graphql: require('graphql').execute };
      const { trace } = require('@opentelemetry/api');
      console.log(JSON.stringify({
        sdkModules: Object.keys(require.cache).filter((path) => /@opentelemetry[\\/](sdk-|exporter-|instrumentation)/.test(path)).length,
        patched: Object.keys(modules).filter((name) => modules[name].__wrapped === true),
        recording: trace.getTracer('probe').startSpan('probe').isRecording(),
      }));
      process.exit(0);
    `;
    const result = spawnSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as ReturnType<typeof probe>;
  }

  it('loads no SDK, patches nothing, and the tracer is a no-op', () => {
    expect(probe({})).toEqual({ sdkModules: 0, patched: [], recording: false });
    // The same probe sees the difference when an endpoint is set (nothing listens on port 9).
    const on = probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(on).toEqual({ sdkModules: expect.any(Number), patched: ['http', 'pg', 'graphql'], recording: true });
    expect(on.sdkModules).toBeGreaterThan(0);
  });

  it('sends nothing when OTEL_TRACES_EXPORTER=none, even with an endpoint', async () => {
    const receiver = new OtlpReceiver();
    await receiver.start();
    try {
      const service = await startTracedService({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      });
      const response = await fetch(`http://127.0.0.1:${service.port}/api/v1/catalogs`, {
        headers: caller().headers,
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      // A shutdown flushes whatever was buffered: after it, nothing can still be on its way.
      expect(await service.stop()).toBe(0);
      expect(receiver.requests).toBe(0);
    } finally {
      await receiver.stop();
    }
  }, 90_000);
});

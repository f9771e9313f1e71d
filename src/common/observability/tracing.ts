import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { diag, DiagLogLevel, trace, type DiagLogger } from '@opentelemetry/api';
import type * as OtelSdk from '@opentelemetry/sdk-node';
import type { FastifyInstance } from 'fastify';

/**
 * OpenTelemetry tracing, off unless the environment asks for it (see tracingRequested).
 *
 * When off, nothing of the SDK is loaded: no module is patched and a request pays nothing
 * but the no-op tracer of `@opentelemetry/api`. When on, the SDK reads its standard OTEL_*
 * variables itself (endpoint, protocol, headers, sampler, propagators, resource, batch
 * sizes) and spans are made for:
 * - each HTTP request (server span, named after the route pattern, with the request id);
 * - each GraphQL operation: parse, validate and execute, not one span per resolver;
 * - each database query (pg), only inside a request, so that background work (the change
 *   listener, the periodic recheck) makes no trace of its own every few seconds;
 * - each render of an artifact (RenderingService).
 *
 * startTracing() must run before `http`, `pg`, `graphql` and `fastify` are first required:
 * main.ts imports ./start-tracing before anything else.
 */

/** The service name in traces unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) names another. */
export const DEFAULT_SERVICE_NAME = 'kublr-network-requirements';

/** The attribute of the HTTP server span that holds the request id (Fastify's request.id). */
export const REQUEST_ID_ATTRIBUTE = 'request.id';

/** The name manual spans of this service are made under (`trace.getTracer(TRACER_NAME)`). */
export const TRACER_NAME = DEFAULT_SERVICE_NAME;

/** Asked every few seconds by Kubernetes and Prometheus: a trace each would bury the real ones. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/** Export failures already reported once (so the SDK's own error handler does not repeat them). */
const reportedErrors = new WeakSet<object>();

let sdk: OtelSdk.NodeSDK | undefined;

type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const nestLogger = new Logger('Tracing');
/**
 * Lines said between startTracing() and registerTracing(), before the service's logger
 * exists (Nest's default one would write them as coloured text, not JSON lines).
 */
let pending: Array<[LogLevel, string]> | undefined;

/** Nest's Logger (pino once the application is up), holding lines back until then. */
const logger: Record<LogLevel, (message: string) => void> = {
  error: (message) => say('error', message),
  warn: (message) => say('warn', message),
  log: (message) => say('log', message),
  debug: (message) => say('debug', message),
  verbose: (message) => say('verbose', message),
};

function say(level: LogLevel, message: string): void {
  if (pending !== undefined) pending.push([level, message]);
  else nestLogger[level](message);
}

/**
 * Whether the environment asks for traces: an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or an exporter named in OTEL_TRACES_EXPORTER, and not
 * OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none. Read as the SDK reads them.
 */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (setting(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return false;
  const exporters = listSetting(env, 'OTEL_TRACES_EXPORTER');
  if (exporters.length > 0) return exporters[0] !== 'none';
  return (
    setting(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined ||
    setting(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined
  );
}

/**
 * Starts the SDK when the environment asks for it; returns whether it did. A setting the
 * SDK cannot use gives one warning line and its default, never a failed start: tracing is
 * an aid to operations, not a reason for the service to stay down.
 */
export function startTracing(): boolean {
  // process.env, not a parameter: the SDK reads its settings from there itself.
  const env = process.env;
  if (sdk !== undefined || !tracingRequested(env)) return false;
  pending = [];
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on,
       and synchronously, so that the instrumentations are in place before main.ts goes on to
       require http, pg, graphql and fastify. */
    const otel = require('@opentelemetry/sdk-node') as typeof OtelSdk;
    const { HttpInstrumentation } =
      require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
    const { PgInstrumentation } =
      require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
    const { GraphQLInstrumentation } =
      require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
    /* eslint-enable @typescript-eslint/no-require-imports */

    // The SDK's messages from here on go through the service's logger, one line each.
    const level = diagLevel(env);
    diag.setLogger(diagLogger, { logLevel: level, suppressOverrideMessage: true });
    const exporter = otlpExporterFromEnv(env);
    // The constructor installs a console logger of its own when OTEL_LOG_LEVEL is set, and
    // would log the replaced one's stack through ours: it finds none, and ours comes back after.
    diag.disable();
    const started = new otel.NodeSDK({
      resource: otel.resources.defaultResource().merge(
        otel.resources.resourceFromAttributes({
          'service.name': DEFAULT_SERVICE_NAME,
          ...(serviceVersion() ? { 'service.version': serviceVersion() } : {}),
        }),
      ),
      // undefined: the SDK builds the exporters OTEL_TRACES_EXPORTER names (console, zipkin, several).
      traceExporter: exporter,
      // Metrics are prom-client's (/metrics), logs go to stdout: OTLP only for traces unless
      // OTEL_METRICS_EXPORTER or OTEL_LOGS_EXPORTER asks for more.
      ...(setting(env, 'OTEL_METRICS_EXPORTER') === undefined ? { metricReaders: [] } : {}),
      ...(setting(env, 'OTEL_LOGS_EXPORTER') === undefined ? { logRecordProcessors: [] } : {}),
      instrumentations: [
        new HttpInstrumentation({
          ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]),
        }),
        // Parameter values stay out of spans (enhancedDatabaseReporting is off).
        new PgInstrumentation({ requireParentSpan: true }),
        // One span per parse, validate and execute; a resolver span per field would make
        // thousands of spans for one large query. Variable values stay out (allowValues).
        new GraphQLInstrumentation({ ignoreResolveSpans: true, allowValues: false }),
      ],
    });
    diag.setLogger(diagLogger, { logLevel: level, suppressOverrideMessage: true });
    otel.core.setGlobalErrorHandler((error) => {
      if (typeof error === 'object' && error !== null && reportedErrors.has(error)) return;
      logger.error(`tracing: ${describe(error)}`);
    });
    started.start();
    sdk = started;
    logger.log(
      `tracing on: spans go to ${exporter ? `${exporter.target} (OTLP)` : `OTEL_TRACES_EXPORTER=${setting(env, 'OTEL_TRACES_EXPORTER')}`}`,
    );
    return true;
  } catch (error) {
    logger.error(`tracing off: the OpenTelemetry SDK did not start: ${describe(error)}`);
    return false;
  }
}

/**
 * Exports the spans still buffered and stops the SDK; waits at most `timeoutMs` (an
 * unreachable collector must not hold up a shutdown). Does nothing when tracing is off.
 */
export async function shutdownTracing(timeoutMs = 5_000): Promise<void> {
  const running = sdk;
  sdk = undefined;
  if (running === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([running.shutdown(), deadline]);
    if (outcome === 'timeout') logger.warn(`tracing: spans not all exported within ${timeoutMs} ms of shutdown`);
  } catch (error) {
    if (!(typeof error === 'object' && error !== null && reportedErrors.has(error))) {
      logger.warn(`tracing: spans not all exported at shutdown: ${describe(error)}`);
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Called once the service's logger is in place: writes the lines tracing said at start
 * through it, and puts the request id and the route pattern on each request's server span
 * (an onRequest hook, registered only when tracing is on, before the rate limits so that
 * refused requests carry them too).
 */
export function registerTracing(fastify: FastifyInstance): void {
  const lines = pending ?? [];
  pending = undefined;
  for (const [level, message] of lines) nestLogger[level](message);
  if (sdk === undefined) return;
  fastify.addHook('onRequest', (request, _reply, done) => {
    // The active span here is the HTTP server span the http instrumentation opened.
    const span = trace.getActiveSpan();
    if (span !== undefined) {
      span.setAttribute(REQUEST_ID_ATTRIBUTE, request.id);
      const route = request.routeOptions.url;
      if (route !== undefined) {
        span.setAttribute('http.route', route);
        span.updateName(`${request.method} ${route}`);
      }
    }
    done();
  });
}

interface ReportingExporter extends OtelSdk.tracing.SpanExporter {
  /** Where spans go, as shown in log lines (scheme, host and port only). */
  readonly target: string;
}

/**
 * The OTLP exporter OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL names, as the SDK would choose it,
 * wrapped so that an unreachable collector logs one line when exports start failing and
 * one when they work again, instead of one error per batch. undefined when
 * OTEL_TRACES_EXPORTER names something else than otlp alone (the SDK then builds it).
 */
function otlpExporterFromEnv(env: NodeJS.ProcessEnv): ReportingExporter | undefined {
  const exporters = listSetting(env, 'OTEL_TRACES_EXPORTER');
  if (exporters.length > 0 && !(exporters.length === 1 && exporters[0] === 'otlp')) return undefined;
  const protocol =
    setting(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ??
    setting(env, 'OTEL_EXPORTER_OTLP_PROTOCOL') ??
    'http/protobuf';
  /* eslint-disable @typescript-eslint/no-require-imports -- see startTracing */
  let inner: OtelSdk.tracing.SpanExporter;
  switch (protocol) {
    case 'grpc':
      inner = new (
        require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc')
      ).OTLPTraceExporter();
      break;
    case 'http/json':
      inner = new (
        require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')
      ).OTLPTraceExporter();
      break;
    default:
      if (protocol !== 'http/protobuf') {
        logger.warn(
          `tracing: OTLP protocol "${protocol}" is not one of grpc, http/protobuf, http/json; using http/protobuf`,
        );
      }
      inner = new (
        require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto')
      ).OTLPTraceExporter();
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  return reportingExporter(
    inner,
    endpointOrigin(env, protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318'),
  );
}

/** ExportResultCode.SUCCESS of @opentelemetry/core (not imported here: that would load it with tracing off). */
const EXPORT_SUCCESS = 0;

/**
 * An exporter that logs one line when exports start failing (collector down, refused) and
 * one when they work again, rather than one error per batch every few seconds.
 */
export function reportingExporter(inner: OtelSdk.tracing.SpanExporter, target: string): ReportingExporter {
  let failing = false;
  return {
    target,
    export(spans, done) {
      inner.export(spans, (result) => {
        if (result.code === EXPORT_SUCCESS) {
          if (failing) logger.log(`tracing: spans reach ${target} again`);
          failing = false;
          done(result);
          return;
        }
        const error = result.error ?? new Error('span export failed');
        reportedErrors.add(error);
        if (!failing) {
          logger.warn(
            `tracing: cannot export spans to ${target}: ${describe(error)}; spans are dropped until it answers`,
          );
        }
        failing = true;
        done({ code: result.code, error });
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

/** Scheme, host and port of the trace endpoint: never a path, user or password from the URL. */
function endpointOrigin(env: NodeJS.ProcessEnv, fallback: string): string {
  const value = setting(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? setting(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  try {
    return new URL(value ?? fallback).origin;
  } catch {
    // The SDK warns about it and falls back to its default endpoint.
    return new URL(fallback).origin;
  }
}

/** The SDK's own messages, through the service's logger, one line each. */
const diagLogger: DiagLogger = {
  error: (message, ...args) => logger.error(oneLine(message, args)),
  warn: (message, ...args) => logger.warn(oneLine(message, args)),
  info: (message, ...args) => logger.log(oneLine(message, args)),
  debug: (message, ...args) => logger.debug(oneLine(message, args)),
  verbose: (message, ...args) => logger.verbose(oneLine(message, args)),
};

/** OTEL_LOG_LEVEL (none, error, warn, info, debug, verbose, all); warn when unset or unknown. */
function diagLevel(env: NodeJS.ProcessEnv): DiagLogLevel {
  const value = setting(env, 'OTEL_LOG_LEVEL');
  if (value === undefined) return DiagLogLevel.WARN;
  const level = DiagLogLevel[value.toUpperCase() as keyof typeof DiagLogLevel];
  if (typeof level === 'number') return level;
  logger.warn(
    `tracing: OTEL_LOG_LEVEL "${value}" is not one of none, error, warn, info, debug, verbose, all; using warn`,
  );
  return DiagLogLevel.WARN;
}

function oneLine(message: string, args: unknown[]): string {
  const text = [message, ...args.map(describe)].join(' ');
  return `tracing: ${text.replace(/\s*\n\s*/g, ' ').slice(0, 1000)}`;
}

/** An error's message (never its stack), or a short rendering of anything else. */
function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') {
    return (value as { message: string }).message;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A variable as the SDK reads it: trimmed, and empty counts as unset. */
function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function listSetting(env: NodeJS.ProcessEnv, name: string): string[] {
  return (setting(env, name) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && entry !== 'null');
}

let version: string | null | undefined;

/** package.json's version, beside dist/ in the image as in a checkout. */
function serviceVersion(): string | undefined {
  if (version === undefined) {
    try {
      const text = readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8');
      version = (JSON.parse(text) as { version?: string }).version ?? null;
    } catch {
      version = null;
    }
  }
  return version ?? undefined;
}

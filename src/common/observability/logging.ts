import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig, LogLevel } from '../../config/app-config';
import { principalOfRequest } from '../../modules/auth/actor';
import { UNMATCHED_ROUTE } from './metrics';

/** The header a request id is read from and returned in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A request id a caller may choose: up to 128 characters that are safe in a header and in
 * a log line (letters, digits and `._:@=+/-`: UUIDs, W3C trace ids, AWS trace headers).
 * Anything else is replaced by a generated id rather than refused: a bad id is no reason
 * to fail the request, and it must not reach the logs as written.
 */
const REQUEST_ID = /^[\w.:@=+/-]{1,128}$/;

/** A GraphQL operation name as the spec defines one, and short enough for a log line. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** Nest's level names as pino's. */
const PINO_LEVELS: Readonly<Record<LogLevel, Level>> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Fields no log line may carry, wherever a caller or a library puts them: API keys travel
 * in `Authorization`. The request line never logs headers; this is the net under it.
 */
const REDACTED = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'headers.cookie',
  'req.headers.cookie',
];

/**
 * The service's one logger: pino, writing one JSON object per line to standard output
 * (or to `destination`), with ISO timestamps and level names; coloured text instead when
 * LOG_FORMAT=pretty. Fastify, Nest (through nestjs-pino) and the service's own lines all
 * go through it, so every line of a request carries its `requestId`.
 */
export function createLogger(
  config: Pick<AppConfig, 'logLevel' | 'logFormat'>,
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: PINO_LEVELS[config.logLevel],
    timestamp: isoTimeOncePerMillisecond(),
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED, censor: '[redacted]' },
  };
  if (destination !== undefined) return pino(options, destination);
  if (config.logFormat === 'pretty') {
    return pino(
      options,
      pretty({ sync: true, colorize: process.stdout.isTTY, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }),
    );
  }
  // Asynchronous writes: while one write is under way the next lines are gathered and
  // written together, instead of one system call per line (pino flushes what is left when
  // the process exits, graceful shutdown included).
  return pino(options, pino.destination({ dest: 1, sync: false }));
}

/**
 * pino's isoTime, formatted once per millisecond: under load many lines share one, and
 * Date#toISOString was a tenth of the cost of a request's line (measured with --cpu-prof).
 */
function isoTimeOncePerMillisecond(): () => string {
  let last = -1;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== last) {
      last = now;
      text = `,"time":"${new Date(now).toISOString()}"`;
    }
    return text;
  };
}

/** Fastify's genReqId: the caller's X-Request-Id when it is a valid one, a new UUID otherwise. */
export function requestIdOf(request: IncomingMessage | Http2ServerRequest): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Returns the request id on every response; registered before the rate limits, so refusals carry it too. */
export function registerRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}

/**
 * Fastify's own request logging, reshaped: instead of an "incoming" and a "completed"
 * line (and a third for an unknown route), one line per request once its response has
 * been sent, with method, route pattern, status, duration, request id (pino's child
 * binding, `requestId`), the id of the API key it was made with (never the key) and the
 * GraphQL operation name. Requests the rate limits or the response cache answered before
 * routing get their line too.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // Below LOG_LEVEL=log only failures are written: a success costs nothing then.
    if (!error && reply.statusCode < 500 && !(request.log as unknown as Logger).isLevelEnabled('info')) return;
    const line = requestLine(request, reply);
    // A failure of the service is an error; 503 (a known outage, already logged once, or a
    // shutdown) a warning, so that it does not bury the error that began it.
    if (error || reply.statusCode === 500) request.log.error(error ? { ...line, err: error } : line, 'request failed');
    else if (reply.statusCode > 500) request.log.warn(line, 'request failed');
    else request.log.info(line, 'request completed');
  }
}

/** The request line's fields; built field by field (no spreads): it is made for every request. */
interface RequestLine {
  method: string;
  route: string;
  status: number;
  durationMs: number;
  keyId?: string;
  operation?: string;
}

function requestLine(request: FastifyRequest, reply: FastifyReply): RequestLine {
  const line: RequestLine = {
    method: request.method,
    route: request.routeOptions.url ?? UNMATCHED_ROUTE,
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 10) / 10,
  };
  const principal = principalOfRequest(request);
  if (principal) line.keyId = principal.kind === 'api-key' ? principal.keyId : 'ADMIN_API_KEY';
  const operation = (request.body as { operationName?: unknown } | undefined)?.operationName;
  if (typeof operation === 'string' && OPERATION_NAME.test(operation)) line.operation = operation;
  return line;
}

import { ArgumentsHost, Catch, Inject, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseHealth } from '../../database/database-health';
import { Metrics } from '../observability/metrics';
import { MethodNotAllowedError, RateLimitedError, UnauthenticatedError } from './domain-error';
import { toErrorResponse, type ErrorResponse } from './error-response';

const GRAPHQL_PATH = '/graphql';

/** The one place REST errors take their shape: `{statusCode, code, message, details?}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(DatabaseHealth) private readonly database: DatabaseHealth,
    private readonly metrics: Metrics,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { expose, retryAfterSeconds, ...body } = toErrorResponse(error);
    // An outage is logged once, by DatabaseHealth, not once per request.
    this.database.noteFailure(error);
    if (!expose) {
      // The request's own logger: the line carries its requestId.
      request.log.error(
        { context: 'HttpExceptionFilter', stack: (error as Error)?.stack },
        `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]} failed unexpectedly`,
      );
    }
    if (body.statusCode === 401) {
      // RFC 9110: a 401 names the scheme that would work.
      void reply.header('WWW-Authenticate', error instanceof UnauthenticatedError ? error.challenge : 'Bearer');
    }
    // RFC 9110: a 405 lists the methods the resource answers.
    if (error instanceof MethodNotAllowedError) void reply.header('Allow', error.allowed.join(', '));
    if (retryAfterSeconds !== undefined) void reply.header('Retry-After', String(retryAfterSeconds));
    // Both limits end here on REST, and the per-address one on GraphQL too (RetryAfterPlugin
    // counts GraphQL's per-key refusals).
    if (error instanceof RateLimitedError) this.metrics.countRefusal(error.limit);
    // Refused before Apollo ran (the per-address limit, a body too large, too deep or not
    // JSON, the database unavailable): a GraphQL client reads `errors`, so it gets what
    // formatGraphQLError would have given it, with the same status.
    if (request.url.split('?')[0] === GRAPHQL_PATH) {
      void reply.status(body.statusCode).send(asGraphQLResponse(body));
      return;
    }
    void reply.status(body.statusCode).send(body);
  }
}

function asGraphQLResponse({ statusCode, code, message, details }: ErrorResponse) {
  return { errors: [{ message, extensions: { code, statusCode, ...(details ? { details } : {}) } }] };
}

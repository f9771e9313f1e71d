import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnauthenticatedError } from './domain-error';
import { toErrorResponse } from './error-response';

/** The one place REST errors take their shape: `{statusCode, code, message, details?}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { expose, ...body } = toErrorResponse(error);
    if (!expose) {
      this.logger.error(`${request.method} ${request.url} failed (request ${request.id})`, (error as Error)?.stack);
    }
    if (body.statusCode === 401) {
      // RFC 9110: a 401 names the scheme that would work.
      void reply.header('WWW-Authenticate', error instanceof UnauthenticatedError ? error.challenge : 'Bearer');
    }
    void reply.status(body.statusCode).send(body);
  }
}

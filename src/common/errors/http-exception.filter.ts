import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
    void reply.status(body.statusCode).send(body);
  }
}

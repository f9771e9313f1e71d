import { HttpException } from '@nestjs/common';
import { DatabaseUnavailableError, DomainError, RateLimitedError } from './domain-error';
import { ErrorCode, errorCodeOfStatus, httpStatusOf } from './error-code';
import { Prisma } from '../../database/generated/client';

/** What a client is told about a failure, whichever transport it came through. */
export interface ErrorResponse {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** How a transport answers an error: the body, whether to log it, and when to retry. */
export interface ErrorAnswer extends ErrorResponse {
  /** False for what the client must not see: log it (with its stack), never show it. */
  readonly expose: boolean;
  /** Seconds for a `Retry-After` header, when trying again later can succeed. */
  readonly retryAfterSeconds?: number;
}

/**
 * Turns any thrown value into the client's view of it. Domain errors, HTTP errors and the
 * Prisma errors that mean "exists already" or "gone" keep their message; errors that
 * mean the database is unavailable become a 503 with Retry-After; anything else becomes a
 * generic internal error (`expose` false: log it, never show it).
 */
export function toErrorResponse(error: unknown): ErrorAnswer {
  const domain = error instanceof DomainError ? error : DatabaseUnavailableError.from(error);
  if (domain !== undefined) {
    return {
      statusCode: httpStatusOf(domain.code),
      code: domain.code,
      message: domain.message,
      details: domain.details,
      expose: true,
      ...(domain instanceof RateLimitedError || domain instanceof DatabaseUnavailableError
        ? { retryAfterSeconds: domain.retryAfterSeconds }
        : {}),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { statusCode: status, code: errorCodeOfStatus(status), message: httpMessage(error), expose: status < 500 };
  }
  if (isFastifyClientError(error)) {
    return {
      statusCode: error.statusCode,
      code: errorCodeOfStatus(error.statusCode),
      message: error.message,
      expose: true,
    };
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2002') {
      return {
        statusCode: 409,
        code: ErrorCode.Conflict,
        message: 'a resource with the same name already exists',
        expose: true,
      };
    }
    if (error.code === 'P2025') {
      return {
        statusCode: 404,
        code: ErrorCode.NotFound,
        message: 'the resource was not found',
        details: { kind: 'resource' },
        expose: true,
      };
    }
  }
  return { statusCode: 500, code: ErrorCode.Internal, message: 'internal error', expose: false };
}

function httpMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

/** Fastify's own 4xx errors (malformed JSON, body too large, bad content type). */
function isFastifyClientError(error: unknown): error is { statusCode: number; message: string } {
  const candidate = error as { statusCode?: unknown; code?: unknown };
  return (
    typeof candidate?.statusCode === 'number' &&
    candidate.statusCode >= 400 &&
    candidate.statusCode < 500 &&
    typeof candidate.code === 'string' &&
    candidate.code.startsWith('FST_')
  );
}

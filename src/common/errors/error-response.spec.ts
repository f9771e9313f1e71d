import { describe, expect, it } from 'vitest';
import { DatabaseFailure } from '../../database/database-failure';
import { Prisma } from '../../database/generated/client';
import { DATABASE_RETRY_AFTER_SECONDS, DatabaseUnavailableError, RateLimitedError } from './domain-error';
import { ErrorCode } from './error-code';
import { toErrorResponse } from './error-response';

const UNAVAILABLE = {
  statusCode: 503,
  code: ErrorCode.ServiceUnavailable,
  message: `the database is unavailable; retry in ${DATABASE_RETRY_AFTER_SECONDS} s`,
  details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  expose: true,
  retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
};

describe('toErrorResponse', () => {
  it.each<[string, unknown]>([
    [
      'a Prisma error of an unreachable server',
      new Prisma.PrismaClientKnownRequestError("Can't reach database server at 127.0.0.1:5432", {
        code: 'P1001',
        clientVersion: '7.10.0',
        meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } } },
      }),
    ],
    ['a pg query timeout', new Error('Query read timeout')],
    ['a DatabaseUnavailableError', new DatabaseUnavailableError(DatabaseFailure.StartingUp)],
  ])('answers %s with a 503 that says when to retry, and nothing more', (_name, error) => {
    expect(toErrorResponse(error)).toEqual(UNAVAILABLE);
  });

  it('gives a rate limit its Retry-After too', () => {
    const response = toErrorResponse(new RateLimitedError('too many requests', 'per-key', 10, 7));
    expect(response).toMatchObject({ statusCode: 429, code: ErrorCode.TooManyRequests, retryAfterSeconds: 7 });
  });

  it('keeps anything else a hidden 500 without Retry-After', () => {
    expect(toErrorResponse(new Error('Cannot read properties of undefined'))).toEqual({
      statusCode: 500,
      code: ErrorCode.Internal,
      message: 'internal error',
      expose: false,
    });
  });

  it('keeps a unique violation a 409', () => {
    const error = new Prisma.PrismaClientKnownRequestError('Unique constraint failed', {
      code: 'P2002',
      clientVersion: '7.10.0',
    });
    expect(toErrorResponse(error)).toMatchObject({ statusCode: 409, code: ErrorCode.Conflict });
    expect(toErrorResponse(error).retryAfterSeconds).toBeUndefined();
  });
});

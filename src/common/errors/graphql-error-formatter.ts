import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './error-code';
import { toErrorResponse } from './error-response';

const logger = new Logger('GraphQL');

/**
 * The one place GraphQL errors take their shape: the message a REST client would get,
 * `extensions.code` with the same code, never a stack trace.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original === undefined || original === null) {
    // Syntax, validation and depth/complexity errors from the GraphQL layer itself.
    const code = formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' ? ErrorCode.Internal : ErrorCode.BadRequest;
    const message = code === ErrorCode.Internal ? 'internal error' : formatted.message;
    return { message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  const response = toErrorResponse(original);
  if (!response.expose) logger.error(`resolver at ${formatted.path?.join('.') ?? '?'} failed`, original.stack);
  return {
    message: response.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: response.code, statusCode: response.statusCode, ...(response.details ? { details: response.details } : {}) },
  };
}

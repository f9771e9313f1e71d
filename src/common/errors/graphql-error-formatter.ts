import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, httpStatusOf } from './error-code';
import { toErrorResponse } from './error-response';

/**
 * Apollo's codes for requests that are wrong before any resolver runs, and the code the
 * client sees for each: Apollo's own where the vocabulary lists it, so GraphQL tooling
 * recognises them, BAD_REQUEST for the rest (a request Apollo cannot even run).
 */
const CLIENT_ERROR_CODES: ReadonlyMap<string, ErrorCode> = new Map([
  ['GRAPHQL_PARSE_FAILED', ErrorCode.GraphQLParseFailed],
  ['GRAPHQL_VALIDATION_FAILED', ErrorCode.GraphQLValidationFailed],
  ['BAD_USER_INPUT', ErrorCode.BadUserInput],
  ['BAD_REQUEST', ErrorCode.BadRequest],
  ['OPERATION_RESOLUTION_FAILURE', ErrorCode.BadRequest],
  ['PERSISTED_QUERY_NOT_SUPPORTED', ErrorCode.BadRequest],
  ['PERSISTED_QUERY_NOT_FOUND', ErrorCode.BadRequest],
]);

/**
 * What to log about a GraphQL error the client is not told about (GraphQLErrorLogPlugin
 * writes it with the request's logger); undefined for errors that are the client's or
 * expected (a 4xx, an outage, a rate limit).
 */
export function unexpectedGraphQLError(error: GraphQLError): { message: string; stack?: string } | undefined {
  const original = error.originalError;
  if (original === undefined || original === null || original instanceof GraphQLError) {
    return CLIENT_ERROR_CODES.has(String(error.extensions?.code))
      ? undefined
      : { message: `GraphQL error: ${error.message}` };
  }
  if (toErrorResponse(original).expose) return undefined;
  return { message: `resolver at ${error.path?.join('.') ?? '?'} failed`, stack: original.stack };
}

/**
 * The one place GraphQL errors take their shape: the message a REST client would get,
 * `extensions.code` with the same code, never a stack trace.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof GraphQLError || original === undefined || original === null) {
    // Syntax and validation errors, and errors the GraphQL layer raised itself.
    const code = CLIENT_ERROR_CODES.get(String(formatted.extensions?.code));
    return code !== undefined
      ? { ...base, message: formatted.message, extensions: { code, statusCode: httpStatusOf(code) } }
      : { ...base, message: 'internal error', extensions: { code: ErrorCode.Internal, statusCode: 500 } };
  }
  const response = toErrorResponse(original);
  return {
    ...base,
    message: response.message,
    extensions: {
      code: response.code,
      statusCode: response.statusCode,
      ...(response.details ? { details: response.details } : {}),
    },
  };
}

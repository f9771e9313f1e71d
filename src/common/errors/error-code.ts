/**
 * Every error a client can be told about, by its stable code: one code per fault, the same
 * on every endpoint and over REST and GraphQL alike. What differs between faults of one
 * code is in `details`: `field` for bad input, `kind` and `key` for a missing thing.
 */
export enum ErrorCode {
  /** The request cannot be read at all: a body that is not JSON or UTF-8, a malformed query string. */
  BadRequest = 'BAD_REQUEST',
  /** A value is wrong (unknown role or parameter, out of range, too long, an invalid catalog): `details.field` names it. */
  ValidationFailed = 'VALIDATION_FAILED',
  /** GraphQL only (Apollo's own code): the document is not GraphQL. */
  GraphQLParseFailed = 'GRAPHQL_PARSE_FAILED',
  /** GraphQL only (Apollo's own code): the document does not fit the schema, or is too deep or costly. */
  GraphQLValidationFailed = 'GRAPHQL_VALIDATION_FAILED',
  /** GraphQL only (Apollo's own code): a variable's value does not fit its type. */
  BadUserInput = 'BAD_USER_INPUT',
  /** Something named does not exist: `details.kind` says what (catalog-version, profile, flow, ...), `details.key` which. */
  NotFound = 'NOT_FOUND',
  /** A known path asked with a method it does not answer; `Allow` lists those it does. */
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  /** No representation the request's `Accept` takes: `details.available` lists those there are. */
  NotAcceptable = 'NOT_ACCEPTABLE',
  /** `If-Match` or an expected revision no longer holds. */
  PreconditionFailed = 'PRECONDITION_FAILED',
  Conflict = 'CONFLICT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UriTooLong = 'URI_TOO_LONG',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL',
}

/** The HTTP status of each code; the switch is exhaustive, so a new code cannot be forgotten. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BadRequest:
    case ErrorCode.ValidationFailed:
    case ErrorCode.GraphQLParseFailed:
    case ErrorCode.GraphQLValidationFailed:
    case ErrorCode.BadUserInput:
      return 400;
    case ErrorCode.Unauthenticated:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.MethodNotAllowed:
      return 405;
    case ErrorCode.NotAcceptable:
      return 406;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.PreconditionFailed:
      return 412;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UriTooLong:
      return 414;
    case ErrorCode.TooManyRequests:
      return 429;
    case ErrorCode.ServiceUnavailable:
      return 503;
    case ErrorCode.Internal:
      return 500;
    default: {
      const unknown: never = code;
      throw new Error(`unmapped error code ${String(unknown)}`);
    }
  }
}

/** The code of an HTTP status that Nest or Fastify produced on their own (404 route, 413 body). */
export function errorCodeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.BadRequest;
    case 401:
      return ErrorCode.Unauthenticated;
    case 403:
      return ErrorCode.Forbidden;
    case 404:
      return ErrorCode.NotFound;
    case 405:
      return ErrorCode.MethodNotAllowed;
    case 406:
      return ErrorCode.NotAcceptable;
    case 409:
      return ErrorCode.Conflict;
    case 413:
      return ErrorCode.PayloadTooLarge;
    case 414:
      return ErrorCode.UriTooLong;
    case 429:
      return ErrorCode.TooManyRequests;
    case 503:
      return ErrorCode.ServiceUnavailable;
    default:
      return status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest;
  }
}

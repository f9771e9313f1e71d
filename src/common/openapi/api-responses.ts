import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type HeaderObject } from '@nestjs/swagger';
import { ErrorResponseModel } from './error-response.model';

/**
 * Response headers, written out where they are sent rather than referenced: generators
 * (openapi-typescript) make a referenced header required, and `required` is what tells a
 * client whether a header is always there.
 */
export const RESPONSE_HEADERS = {
  ETag: {
    required: true,
    description:
      "The representation's entity tag (a row's revision, or a hash); send it back in If-None-Match or If-Match",
    schema: { type: 'string', example: '"3"' },
  },
  'Retry-After': {
    required: true,
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1, example: 5 },
  },
  'WWW-Authenticate': {
    required: true,
    description: 'The scheme that would work: Bearer, with error="invalid_token" for a key that is not valid',
    schema: { type: 'string', example: 'Bearer' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed per minute by the rate limit that counts this request (when a limit is on)',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current minute (when a limit is on)',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the current window ends (when a limit is on)',
    schema: { type: 'integer' },
  },
  Link: {
    description: 'With ?limit, when more items follow: <url of the next page>; rel="next"',
    schema: { type: 'string' },
  },
  'Content-Disposition': {
    required: true,
    description: 'attachment, with the file name to save the answer under',
    schema: { type: 'string', example: 'attachment; filename="catalog-1.30.0.yaml"' },
  },
} satisfies Record<string, HeaderObject>;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

export function responseHeaders(...names: ResponseHeaderName[]): Record<string, HeaderObject> {
  return Object.fromEntries(names.map((name) => [name, { ...RESPONSE_HEADERS[name] }]));
}

/** The statuses an error can have (httpStatusOf), with what each means for a client. */
const ERRORS = {
  400: 'Bad input: a value that is wrong (VALIDATION_FAILED, details.field names it) or a request that cannot be read (BAD_REQUEST)',
  401: 'No API key, or one that is unknown, revoked or expired (UNAUTHENTICATED)',
  403: 'The API key does not have the scope the operation needs (FORBIDDEN)',
  404: 'No such catalog version, profile, row, key or format (NOT_FOUND; details.kind says what, details.key which)',
  406: 'No representation the Accept header takes (NOT_ACCEPTABLE); details.available lists those there are',
  409: 'The request conflicts with the current state: not a draft, the name exists, still in use (CONFLICT)',
  412: 'If-Match (or a revision in the body) does not hold: it changed since it was read (PRECONDITION_FAILED)',
  413: 'The request body is larger than the service accepts (PAYLOAD_TOO_LARGE)',
  414: 'The request target (path and query) is longer than the service accepts (URI_TOO_LONG)',
  429: 'Over a rate limit, per address or per API key (TOO_MANY_REQUESTS); Retry-After says when to retry',
  500: 'An unexpected failure; the message says no more (INTERNAL)',
  503: 'The database is unavailable or the service is shutting down (SERVICE_UNAVAILABLE); Retry-After says when to retry',
} as const;

export type ErrorStatus = keyof typeof ERRORS;
export const ERROR_STATUSES = Object.keys(ERRORS).map(Number) as ErrorStatus[];

const ERROR_HEADERS: Partial<Record<ErrorStatus, Record<string, HeaderObject>>> = {
  401: responseHeaders('WWW-Authenticate'),
  429: responseHeaders('Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'),
  // Not when the service is shutting down: another replica answers at once.
  503: { 'Retry-After': { ...RESPONSE_HEADERS['Retry-After'], required: false } },
};

/** The response object of an error status: the one body HttpExceptionFilter sends, as JSON. */
export function errorResponse(status: ErrorStatus, description: string = ERRORS[status]) {
  const headers = ERROR_HEADERS[status];
  return {
    description,
    ...(headers ? { headers: structuredClone(headers) } : {}),
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseModel) } } },
  };
}

/**
 * Declares error statuses an operation answers besides those every operation can
 * (finishOpenApiDocument adds 400, 401 unless public, 414, 429, 500 and 503), each with
 * the ErrorResponseModel body. A `[status, description]` pair says what the status means
 * for this operation.
 */
export function ApiErrorResponses(
  ...statuses: (ErrorStatus | [ErrorStatus, string])[]
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorResponseModel),
    ...statuses.map((entry) => {
      const [status, description] = Array.isArray(entry) ? entry : [entry, undefined];
      return ApiResponse({ status, ...errorResponse(status, description) });
    }),
  );
}

import { classifyDatabaseFailure, DatabaseFailure } from '../../database/database-failure';
import { ErrorCode } from './error-code';

/** An error the domain raises on purpose; its message is safe to show to the client. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** What kinds of thing a client can name that may not exist (`details.kind` of NOT_FOUND). */
export type NotFoundKind =
  | 'catalog-version'
  | 'profile'
  | 'flow'
  | 'role'
  | 'parameter'
  | 'artifact-format'
  | 'api-key'
  | 'webhook'
  | 'webhook-delivery'
  | 'resource';

/** Something named does not exist: NOT_FOUND (404) with `details.kind` and `details.key`. */
export class NotFoundError extends DomainError {
  constructor(
    readonly kind: NotFoundKind,
    readonly key: string,
    message: string,
    details?: Readonly<Record<string, unknown>>,
  ) {
    super(ErrorCode.NotFound, message, { kind, key, ...details });
  }
}

export class CatalogVersionNotFoundError extends NotFoundError {
  constructor(label: string) {
    super(
      'catalog-version',
      label,
      label === 'latest' ? 'no published catalog version yet' : `catalog version "${label}" not found`,
    );
  }
}

export class ProfileNotFoundError extends NotFoundError {
  constructor(name: string) {
    super('profile', name, `profile "${name}" not found`);
  }
}

/**
 * A value the client sent is wrong: VALIDATION_FAILED (400) with `details.field` naming
 * it (an argument, a query parameter, a body field or a catalog parameter's name).
 */
export class ValidationFailedError extends DomainError {
  constructor(field: string, message: string, details?: Readonly<Record<string, unknown>>) {
    super(ErrorCode.ValidationFailed, message, { field, ...details });
  }
}

/** A path the API has, asked with a method it does not answer there: 405 with `Allow`. */
export class MethodNotAllowedError extends DomainError {
  constructor(
    method: string,
    path: string,
    /** The methods the path answers, for the Allow header. */
    readonly allowed: readonly string[],
  ) {
    super(ErrorCode.MethodNotAllowed, `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, {
      allowed,
    });
  }
}

/** A conditional write (If-Match) whose condition no longer holds. */
export class PreconditionFailedError extends DomainError {
  constructor(message: string, details?: Readonly<Record<string, unknown>>) {
    super(ErrorCode.PreconditionFailed, message, details);
  }
}

/**
 * No credentials, or credentials that do not identify a usable API key (unknown, revoked,
 * expired, malformed). REST answers 401 with `WWW-Authenticate: <challenge>`.
 */
export class UnauthenticatedError extends DomainError {
  constructor(
    message: string,
    /** RFC 6750: a bare "Bearer" when no key was sent, `error="invalid_token"` for a bad one. */
    readonly challenge = 'Bearer',
  ) {
    super(ErrorCode.Unauthenticated, message);
  }
}

/** A valid API key whose scopes do not cover the operation (403). */
export class ForbiddenError extends DomainError {
  constructor(message: string, details?: Readonly<Record<string, unknown>>) {
    super(ErrorCode.Forbidden, message, details);
  }
}

/** Which limit a request went over. */
export type RateLimitKind = 'per-address' | 'per-key';

/**
 * Over a rate limit: 429 with `Retry-After`. The per-address limit refuses a request
 * before routing, GraphQL included. The per-key limit is checked by the AuthGuard, which
 * for GraphQL runs inside a resolver: there `extensions.http` is how Apollo is told the
 * status and the `Retry-After` header (graphql-js copies an error's `extensions` onto the
 * GraphQLError that wraps it; Apollo takes `http` out before formatGraphQLError shapes the
 * rest). Nest's Apollo driver then puts the status of an answer that has `data` back to
 * 200 (its preserveHttpStatusForExecutionErrors, on by default), so such a GraphQL answer
 * is a 200 with TOO_MANY_REQUESTS and statusCode 429 in the error, and `Retry-After`.
 */
export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(
    message: string,
    readonly limit: RateLimitKind,
    requestsPerMinute: number,
    retryAfterSeconds: number,
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(ErrorCode.TooManyRequests, `${message}; retry in ${seconds} s`, {
      limit,
      requestsPerMinute,
      retryAfterSeconds: seconds,
    });
    this.retryAfterSeconds = seconds;
  }

  get extensions(): { http: { status: number; headers: Map<string, string> } } {
    return { http: { status: 429, headers: new Map([['retry-after', String(this.retryAfterSeconds)]]) } };
  }
}

/** The process is stopping (/ready during a graceful shutdown): other replicas answer. */
export class ShuttingDownError extends DomainError {
  constructor() {
    super(ErrorCode.ServiceUnavailable, 'the service is shutting down');
  }
}

/** How long a client is asked to wait before it retries while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database is down, frozen, restarting or out of connections: 503 with `Retry-After`
 * on both transports (over GraphQL, RetryAfterPlugin sets the header), and nothing logged
 * per request (DatabaseHealth logs the outage once). `from` is the one place where errors
 * of Prisma, its driver adapter and pg turn into this answer (through
 * classifyDatabaseFailure); the message never says more than that the database is
 * unavailable.
 */
export class DatabaseUnavailableError extends DomainError {
  readonly retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;

  constructor(readonly failure: DatabaseFailure) {
    super(ErrorCode.ServiceUnavailable, `the database is unavailable; retry in ${DATABASE_RETRY_AFTER_SECONDS} s`, {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    });
  }

  /** The error as a DatabaseUnavailableError, or undefined when the database is not why it failed. */
  static from(error: unknown): DatabaseUnavailableError | undefined {
    if (error instanceof DatabaseUnavailableError) return error;
    const failure = classifyDatabaseFailure(error);
    return failure === undefined ? undefined : new DatabaseUnavailableError(failure);
  }
}

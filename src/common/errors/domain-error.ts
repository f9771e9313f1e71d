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

export class CatalogVersionNotFoundError extends DomainError {
  constructor(label: string) {
    super(
      ErrorCode.CatalogVersionNotFound,
      label === 'latest' ? 'no published catalog version yet' : `catalog version "${label}" not found`,
      { version: label },
    );
  }
}

export class ProfileNotFoundError extends DomainError {
  constructor(name: string) {
    super(ErrorCode.ProfileNotFound, `profile "${name}" not found`, { profile: name });
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

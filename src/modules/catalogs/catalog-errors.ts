import { InvalidCatalogError, readCatalogDocument } from '../../core/catalog/catalog-document';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import { DomainError, ValidationFailedError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';

/**
 * The domain error of an invalid catalog or item: VALIDATION_FAILED (400) with every
 * problem and its path; `field` is the first problem's path ("/flows/3/ports", "" for the
 * whole document).
 */
export function invalid(error: InvalidCatalogError): ValidationFailedError {
  return new ValidationFailedError(error.problems[0]?.path ?? '', error.message, { problems: error.problems });
}

/** A document from a request (text or parsed JSON), or the 400 that names its problems. */
export function readCatalogInput(document: unknown): CatalogDefinition {
  try {
    return readCatalogDocument(document);
  } catch (error) {
    if (error instanceof InvalidCatalogError) throw invalid(error);
    throw error;
  }
}

/** A write to a version that is not a draft. */
export function notADraft(label: string, status: string): DomainError {
  return new DomainError(
    ErrorCode.Conflict,
    `catalog version "${label}" is ${status}, and only a draft can change; create a new draft with {"version": "...", "cloneFrom": "${label}"}`,
    { version: label, status },
  );
}

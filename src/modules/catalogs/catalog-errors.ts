import { checkCatalogDocument, InvalidCatalogError, type CatalogReading } from '../../core/catalog/catalog-document';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import { DomainError, ValidationFailedError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';

/**
 * The domain error of an invalid catalog or item: VALIDATION_FAILED (400) with every
 * problem and its path; `field` is the first problem's path ("/flows/3/ports"), or
 * "document" when the problem is the document as a whole. Warnings (repeated rows), when
 * there are any, come along in the same shape.
 */
export function invalid(error: InvalidCatalogError): ValidationFailedError {
  const field = error.problems[0]?.path || 'document';
  return new ValidationFailedError(field, error.message, {
    problems: error.problems,
    ...(error.warnings.length > 0 ? { warnings: error.warnings } : {}),
  });
}

/** A document from a request (text or parsed JSON), or the 400 that names its problems. */
export function readCatalogInput(document: unknown): CatalogDefinition {
  return checkCatalogInput(document).catalog;
}

/** Like readCatalogInput, with the document's warnings. */
export function checkCatalogInput(document: unknown): CatalogReading {
  try {
    return checkCatalogDocument(document);
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

import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-error';

/**
 * The one input pipe (global as APP_PIPE, and for bodies read as one of several shapes):
 * REST bodies and query strings and GraphQL arguments alike. A refusal is
 * VALIDATION_FAILED naming the field (`details.field`, a dotted path for nested input),
 * as every other bad value is, on both transports.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => validationFailed(errors),
  });
}

/** The first problem class-validator found, as the domain's VALIDATION_FAILED. */
export function validationFailed(errors: readonly ValidationError[]): ValidationFailedError {
  const problems = errors.flatMap((error) => flatten(error, ''));
  const first = problems[0] ?? { field: 'input', message: 'the input is not valid' };
  return new ValidationFailedError(first.field, problems.map((problem) => problem.message).join('; '));
}

function flatten(error: ValidationError, prefix: string): Array<{ field: string; message: string }> {
  const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
  const own = Object.values(error.constraints ?? {}).map((message) => ({
    field,
    message: prefix === '' ? message : `${field}: ${message}`,
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
}

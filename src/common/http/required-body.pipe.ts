import type { PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

/**
 * For a body an operation cannot do without: no body, an empty one (a JSON content type
 * with nothing after it, which the JSON parser reads as `{}`), `{}` or blank text is a 400
 * that says so and what to send, rather than a complaint about the first missing field.
 */
export class RequiredBodyPipe implements PipeTransform<unknown, unknown> {
  constructor(
    /** What the operation needs, for the message: "a catalog document (YAML or JSON)". */
    private readonly what: string,
  ) {}

  transform(body: unknown): unknown {
    if (isEmptyBody(body)) {
      throw new DomainError(ErrorCode.BadRequest, `the request body is empty; this operation needs ${this.what}`);
    }
    return body;
  }
}

export function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  if (typeof body === 'string') return body.trim() === '';
  return typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
}

export type ConditionErrorCode = 'syntax' | 'unknown-parameter' | 'type-mismatch' | 'unknown-value' | 'too-complex';

export interface ConditionErrorDetails {
  /** Zero-based offset in the condition source. */
  readonly position?: number;
  /** The parameter the error is about. */
  readonly parameter?: string;
}

/** Every failure to parse, check or evaluate a condition; the message is a single line. */
export class ConditionError extends Error {
  override readonly name = 'ConditionError';
  readonly position?: number;
  readonly parameter?: string;

  constructor(
    readonly code: ConditionErrorCode,
    message: string,
    details: ConditionErrorDetails = {},
  ) {
    super(message);
    if (details.position !== undefined) {
      this.position = details.position;
    }
    if (details.parameter !== undefined) {
      this.parameter = details.parameter;
    }
  }
}

export function isConditionError(error: unknown): error is ConditionError {
  return error instanceof ConditionError;
}

const MAX_QUOTED_LENGTH = 60;

/** Quotes user text for a message: JSON escapes keep it on one line, long text is cut. */
export function quoteText(text: string): string {
  const shown = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}...` : text;
  return JSON.stringify(shown);
}

/** " at position N" when the position is known. */
export function atPosition(position: number | undefined): string {
  return position === undefined ? '' : ` at position ${position}`;
}

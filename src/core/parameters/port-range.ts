/** An inclusive range of TCP/UDP ports; a single port has `from === to`. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export class InvalidPortRangeError extends Error {
  override readonly name = 'InvalidPortRangeError';

  constructor(
    /** The text that failed to parse. */
    readonly text: string,
    message: string,
  ) {
    super(message);
  }
}

const PORT_RANGE_PATTERN = /^(\d+)(?:-(\d+))?$/;
const MAX_QUOTED_LENGTH = 60;

/**
 * Parses "A" or "A-B" (1 <= A <= B <= 65535, surrounding whitespace ignored).
 * Throws InvalidPortRangeError with a single-line message naming the bad part.
 */
export function parsePortRange(text: string): PortRange {
  const result = readPortRange(text);
  if (typeof result === 'string') {
    throw new InvalidPortRangeError(text, result);
  }
  return result;
}

/** "A" for a single port, "A-B" otherwise. */
export function formatPortRange(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

export function isValidPortRange(text: string): boolean {
  return typeof readPortRange(text) !== 'string';
}

/** Parses and re-formats, e.g. "8080-8080" → "8080", " 080 " → "80". Throws like parsePortRange. */
export function normalizePortRange(text: string): string {
  return formatPortRange(parsePortRange(text));
}

/** The parsed range, or the problem as a message. */
function readPortRange(text: string): PortRange | string {
  const match = typeof text === 'string' ? PORT_RANGE_PATTERN.exec(text.trim()) : null;
  if (match === null) {
    return `${quote(String(text))} is not a port or a port range`;
  }
  const [, fromText, toText] = match;
  const problem = checkPort(fromText) ?? (toText === undefined ? undefined : checkPort(toText));
  if (problem !== undefined) {
    return problem;
  }
  const from = Number(fromText);
  const to = toText === undefined ? from : Number(toText);
  if (from > to) {
    return `range ${from}-${to} is written backwards`;
  }
  return { from, to };
}

function checkPort(digits: string): string | undefined {
  const port = Number(digits);
  if (port < MIN_PORT || port > MAX_PORT) {
    return `port ${digits.replace(/^0+(?=\d)/, '')} is outside ${MIN_PORT}-${MAX_PORT}`;
  }
  return undefined;
}

function quote(text: string): string {
  const shown = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}...` : text;
  return JSON.stringify(shown);
}

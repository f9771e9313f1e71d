import type { DestinationStream } from 'pino';

/** One parsed log line: pino's fields (level name, time, msg, requestId, ...). */
export type LogRecord = Readonly<Record<string, unknown>> & { readonly level: string; readonly msg?: string };

/**
 * Where the log lines of every app a test file starts go: kept in memory for assertions
 * and for the check that no secret is ever logged (test/support/log-secrets.setup.ts),
 * printed too when TEST_LOGS is set.
 */
export class LogCapture implements DestinationStream {
  private readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
    if (process.env.TEST_LOGS) process.stdout.write(line);
  }

  /** The raw text of every line written so far. */
  get text(): readonly string[] {
    return this.lines;
  }

  /** How many lines have been written: a mark for `since`. */
  get size(): number {
    return this.lines.length;
  }

  /** Every line, parsed (each line is one JSON object). */
  records(since = 0): LogRecord[] {
    return this.lines.slice(since).map((line) => JSON.parse(line) as LogRecord);
  }
}

/** The capture of the current test file (Vitest gives each file its own module instances). */
export const testLogs = new LogCapture();

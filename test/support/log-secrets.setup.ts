import { afterAll, expect } from 'vitest';
import { testLogs } from './log-capture';
import { TEST_ADMIN_API_KEY } from './test-app';

/**
 * Runs after every test file: no line that any app of the file logged may carry an API
 * key or an Authorization header. Every test app writes its logs to `testLogs` at the
 * production level, so this covers every request the whole suite sends.
 */
afterAll(() => {
  const leaks = testLogs.text.filter((line) => findSecret(line) !== undefined);
  expect(leaks, 'log lines that carry a secret').toEqual([]);
});

/** The secret a log line carries, if any: the test admin key, a generated key, a bearer token. */
export function findSecret(line: string): string | undefined {
  if (line.includes(TEST_ADMIN_API_KEY)) return TEST_ADMIN_API_KEY;
  return /nrk_[0-9A-Za-z]{8}_[A-Za-z0-9_-]{43}/.exec(line)?.[0] ?? /Bearer\s+[^\s"\\]+/i.exec(line)?.[0];
}

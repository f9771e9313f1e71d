import { afterAll, expect } from 'vitest';
import { openApiConformance } from './openapi-conformance';

/**
 * Runs after every test file: every response its test apps sent fits openapi.json (its
 * route, status, media type and JSON schema), so a new endpoint or answer is checked
 * without a test of its own.
 */
afterAll(() => {
  expect(openApiConformance.problems, 'responses that openapi.json does not describe').toEqual([]);
});

import { afterAll, expect } from 'vitest';
import { collectConcurrentQueryWarnings } from './driver-queries';

// Every test file fails if pg warned that a query was sent on a client still running
// another (pg 9 refuses it): see GuardedClient in src/database/database-pool.ts.
const collected = collectConcurrentQueryWarnings();

afterAll(async () => {
  // Node emits warnings on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  collected.stop();
  expect(collected.warnings, 'pg: a query was sent on a connection still running another').toEqual([]);
});

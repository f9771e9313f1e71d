import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Test } from 'supertest';
import { createApp } from '../../src/app.factory';
import { DEFAULT_REDIS_KEY_PREFIX, DEFAULT_WEBHOOK_SETTINGS, type AppConfig } from '../../src/config/app-config';
import { testLogs } from './log-capture';
import { openApiConformance } from './openapi-conformance';
import { createTestDatabase, type TestDatabase } from './test-database';

/** ADMIN_API_KEY of every test app unless a test passes its own (or undefined for none). */
export const TEST_ADMIN_API_KEY = 'test-admin-key-0123456789abcdef';

/** A supertest request with the test admin key, for tests about something other than access. */
export function authorized(test: Test, key = TEST_ADMIN_API_KEY): Test {
  return test.set('Authorization', `Bearer ${key}`);
}

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly database: TestDatabase;
  /** The Node server to hand to supertest. */
  readonly server: ReturnType<NestFastifyApplication['getHttpServer']>;
  close(): Promise<void>;
}

/** The production application on a database of its own, seeded with the Kublr catalog. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  return startApp(database, configFor(database, overrides), () => database.drop());
}

/**
 * A second instance of the service on the database of `first`, as another replica would
 * run (its own process state, caches and change listener); closing it leaves the database.
 */
export async function createPeerApp(first: TestApp, overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  return startApp(first.database, configFor(first.database, overrides), async () => undefined);
}

function configFor(database: TestDatabase, overrides: Partial<AppConfig>): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: database.url,
    // An embedded test database is one PGlite backend: one connection, as the service uses.
    databasePoolSize: database.embedded ? 1 : 10,
    // The defaults: the whole suite runs with the timeouts a default start has.
    databaseConnectTimeoutMs: 5_000,
    databaseStatementTimeoutMs: 5_000,
    databaseTransactionTimeoutMs: 10_000,
    dataDir: './.data-unused',
    adminApiKey: TEST_ADMIN_API_KEY,
    // As in production: every request's line is written (to testLogs), so the check that
    // no log line carries a key sees them all.
    logLevel: 'log',
    logFormat: 'json',
    seedOnStart: true,
    readsRequireKey: false,
    // Off unless a test sets them: test files send many requests from one address.
    rateLimitPerAddress: 0,
    rateLimitPerKey: 0,
    // The rate-limit tests speak from many addresses through X-Forwarded-For.
    trustProxy: true,
    cacheRecheckIntervalMs: 5_000,
    shutdownDelayMs: 0,
    shutdownTimeoutMs: 10_000,
    // Counted per process unless a test names a Redis.
    redisUrl: undefined,
    redisKeyPrefix: DEFAULT_REDIS_KEY_PREFIX,
    metricsPort: undefined,
    metricsEnabled: true,
    corsOrigins: [],
    // Receivers in tests listen on 127.0.0.1 over http; retries come quickly.
    webhooks: {
      ...DEFAULT_WEBHOOK_SETTINGS,
      allowHttp: true,
      allowPrivateNetworks: true,
      retryBaseMs: 200,
      pollIntervalMs: 500,
    },
    ...overrides,
  };
}

async function startApp(database: TestDatabase, config: AppConfig, release: () => Promise<void>): Promise<TestApp> {
  const app = await createApp(config, { logDestination: testLogs });
  // Every response is checked against openapi.json (openapi-conformance.setup.ts reports).
  openApiConformance.register(app.getHttpAdapter().getInstance());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    database,
    server: app.getHttpServer(),
    close: async () => {
      await app.close();
      await release();
    },
  };
}

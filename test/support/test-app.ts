import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import type { AppConfig } from '../../src/config/app-config';
import { createTestDatabase, type TestDatabase } from './test-database';

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
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: database.url,
    dataDir: './.data-unused',
    adminApiKey: undefined,
    logLevel: 'error',
    seedOnStart: true,
    ...overrides,
  };
  const app = await createApp(config, { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    database,
    server: app.getHttpServer(),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

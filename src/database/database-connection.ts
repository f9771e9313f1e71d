import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { redactDatabaseUrl } from '../config/app-config';
import { StartupError } from '../common/startup-error';
import { EMBEDDED_POOL_SIZE, EmbeddedPostgres } from './embedded-postgres';
import { applyMigrations, type MigrationResult } from './migrator';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * The database the service runs on: the PostgreSQL server named by DATABASE_URL, or an
 * embedded one under DATA_DIR. Opening it checks that it answers and brings its schema up
 * to date, so everything after can take a migrated database for granted.
 */
export class DatabaseConnection {
  private constructor(
    readonly url: string,
    readonly poolSize: number,
    readonly mode: 'external' | 'embedded',
    readonly migrations: MigrationResult,
    private readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  static async open(
    config: Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'databasePoolSize'>,
  ): Promise<DatabaseConnection> {
    if (config.databaseUrl !== undefined) {
      const migrations = await migrate(config.databaseUrl);
      return new DatabaseConnection(config.databaseUrl, config.databasePoolSize, 'external', migrations, undefined);
    }
    const embedded = await EmbeddedPostgres.start(config.dataDir);
    try {
      const migrations = await migrate(embedded.url);
      return new DatabaseConnection(embedded.url, EMBEDDED_POOL_SIZE, 'embedded', migrations, embedded);
    } catch (error) {
      await embedded.stop();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.embedded?.stop();
  }
}

async function migrate(url: string): Promise<MigrationResult> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(`cannot reach the database at ${redactDatabaseUrl(url)}: ${describeConnectError(error)}`);
  }
  try {
    return await applyMigrations(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describeConnectError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case '3D000':
      return 'the database does not exist';
    case '28P01':
    case '28000':
      return 'authentication failed';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
      return 'host not found';
    default:
      return (message ?? String(error)).split('\n')[0];
  }
}

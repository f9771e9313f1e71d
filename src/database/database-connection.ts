import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { redactDatabaseUrl } from '../config/app-config';
import { StartupError } from '../common/startup-error';
import type { DatabaseTimeouts } from './database-pool';
import { EMBEDDED_POOL_SIZE, EmbeddedPostgres } from './embedded-postgres';
import { applyMigrations, type MigrationResult } from './migrator';

type DatabaseSettings = Pick<
  AppConfig,
  | 'databaseUrl'
  | 'dataDir'
  | 'databasePoolSize'
  | 'databaseConnectTimeoutMs'
  | 'databaseStatementTimeoutMs'
  | 'databaseTransactionTimeoutMs'
>;

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
    /** The same for both: the embedded database is served over a socket like a server. */
    readonly timeouts: DatabaseTimeouts,
    readonly migrations: MigrationResult,
    private readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  static async open(config: DatabaseSettings): Promise<DatabaseConnection> {
    const timeouts: DatabaseTimeouts = {
      connectMs: config.databaseConnectTimeoutMs,
      statementMs: config.databaseStatementTimeoutMs,
      transactionMs: config.databaseTransactionTimeoutMs,
    };
    if (config.databaseUrl !== undefined) {
      const migrations = await migrate(config.databaseUrl, timeouts);
      return new DatabaseConnection(
        config.databaseUrl,
        config.databasePoolSize,
        'external',
        timeouts,
        migrations,
        undefined,
      );
    }
    const embedded = await EmbeddedPostgres.start(config.dataDir);
    try {
      const migrations = await migrate(embedded.url, timeouts);
      return new DatabaseConnection(embedded.url, EMBEDDED_POOL_SIZE, 'embedded', timeouts, migrations, embedded);
    } catch (error) {
      await embedded.stop();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.embedded?.stop();
  }
}

/** Migrations may run long: only connecting is bounded, not their statements. */
async function migrate(url: string, timeouts: DatabaseTimeouts): Promise<MigrationResult> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeouts.connectMs });
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

import { StartupError } from '../common/startup-error';
import { loadConfig, type AppConfig } from '../config/app-config';
import { DatabaseConnection } from '../database/database-connection';

/**
 * Runs a one-off command against the configured database (opened and migrated as at
 * start), and reports a failure on one line with exit code 1.
 */
export function runCommand(command: (connection: DatabaseConnection, config: AppConfig) => Promise<void>): void {
  const run = async () => {
    const config = loadConfig();
    const connection = await DatabaseConnection.open(config);
    try {
      await command(connection, config);
    } finally {
      await connection.close();
    }
  };
  run().catch((error: unknown) => {
    const message = error instanceof StartupError ? error.message : ((error as Error)?.message ?? String(error));
    process.stderr.write(`error: ${message.split('\n')[0]}\n`);
    process.exit(1);
  });
}

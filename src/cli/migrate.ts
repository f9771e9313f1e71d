import { runCommand } from './run-command';

// Opening the database applies pending migrations; report what happened.
runCommand(async (connection) => {
  const { applied, alreadyApplied } = connection.migrations;
  const where = connection.mode === 'embedded' ? 'embedded database' : 'database';
  console.log(
    applied.length === 0
      ? `${where} is up to date (${alreadyApplied} migrations applied earlier)`
      : `applied ${applied.length} migration(s) to the ${where}: ${applied.join(', ')}`,
  );
});

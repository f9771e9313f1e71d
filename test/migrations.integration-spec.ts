import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { applyMigrations, readMigrations } from '../src/database/migrator';
import { StartupError } from '../src/common/startup-error';
// The drift check drives Prisma's own schema engine (WebAssembly build).
import { diffMigrationsToSchema, isEmptyMigration } from '../scripts/schema-engine.mjs';
import { createEmptyDatabase, type TestDatabase } from './support/test-database';

const databases: TestDatabase[] = [];
const clients: Client[] = [];

async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createEmptyDatabase();
  databases.push(database);
  return database;
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end()));
  await Promise.all(databases.splice(0).map((database) => database.drop()));
});

describe('schema.prisma and prisma/migrations', () => {
  it('agree: the schema engine finds nothing to migrate after the migrations', async () => {
    const shadow = await emptyDatabase();
    const sql = await diffMigrationsToSchema(shadow.url);
    expect(
      isEmptyMigration(sql),
      `schema.prisma drifted from prisma/migrations; the missing migration is:\n${sql}`,
    ).toBe(true);
  });
});

describe('migrator', () => {
  it('applies every migration once and records it as prisma migrate deploy does', async () => {
    const database = await emptyDatabase();
    const client = await connect(database.url);
    const migrations = readMigrations();
    const first = await applyMigrations(client);
    expect(first.applied).toEqual(migrations.map((migration) => migration.name));
    const second = await applyMigrations(client);
    expect(second).toEqual({ applied: [], alreadyApplied: migrations.length });

    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows).toHaveLength(migrations.length);
    rows.forEach((row, index) => {
      expect(row.migration_name).toBe(migrations[index].name);
      expect(row.checksum).toBe(createHash('sha256').update(migrations[index].sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
    });
    const tables = await client.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'catalog_versions',
        'roles',
        'role_inclusions',
        'parameters',
        'flows',
        'profiles',
        'api_keys',
        'audit_events',
      ]),
    );
  });

  // PGlite has a single backend, so advisory locks cannot exclude its connections from one
  // another; the embedded database is kept to one process by its data-directory lock instead.
  const onServer = inject('testDatabase').kind === 'server';
  if (!onServer) console.log('skipped: concurrent migrations need a PostgreSQL server (set DATABASE_URL; CI does)');
  it.runIf(onServer)('lets several instances start at once: one applies, the others find nothing to do', async () => {
    const database = await emptyDatabase();
    const instances = await Promise.all([1, 2, 3].map(() => connect(database.url)));
    const results = await Promise.all(instances.map((client) => applyMigrations(client)));
    const appliedCounts = results.map((result) => result.applied.length).sort();
    expect(appliedCounts).toEqual([0, 0, readMigrations().length]);
    const { rows } = await instances[0].query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(rows[0].n).toBe(readMigrations().length);
  });

  it('leaves nothing behind when a migration fails, and says which one', async () => {
    const database = await emptyDatabase();
    const client = await connect(database.url);
    const broken = [
      ...readMigrations(),
      {
        name: '29991231000000_broken',
        sql: 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;',
        checksum: 'x',
      },
    ];
    await expect(applyMigrations(client, broken)).rejects.toThrow(
      new StartupError('migration 29991231000000_broken failed: relation "no_such_table" does not exist'),
    );
    const leftover = await client.query("SELECT to_regclass('public.half_done') AS t");
    expect(leftover.rows[0].t).toBeNull();
    const recorded = await client.query(
      `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`,
    );
    expect(recorded.rows[0].n).toBe(0);
  });

  it('refuses to run past a migration that changed after it was applied', async () => {
    const database = await emptyDatabase();
    const client = await connect(database.url);
    await applyMigrations(client);
    const [first, ...rest] = readMigrations();
    const edited = [{ ...first, checksum: 'edited' }, ...rest];
    await expect(applyMigrations(client, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('refuses to run past a failed migration that prisma recorded and nobody resolved', async () => {
    const database = await emptyDatabase();
    const client = await connect(database.url);
    await applyMigrations(client);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('x', 'y', '20990101000000_failed', now())`,
    );
    await expect(applyMigrations(client)).rejects.toThrow(/20990101000000_failed failed earlier/);
  });
});

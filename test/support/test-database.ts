import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { inject } from 'vitest';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { withDatabase } from './server-url';

export interface TestDatabase {
  readonly url: string;
  /** PGlite rather than a PostgreSQL server. */
  readonly embedded: boolean;
  drop(): Promise<void>;
}

/** A migrated, empty database of this test file's own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const setup = inject('testDatabase');
  if (setup.kind === 'embedded') {
    const embedded = await EmbeddedPostgres.fromDump(new Blob([readFileSync(setup.dumpPath)]));
    return { url: embedded.url, embedded: true, drop: () => embedded.stop() };
  }
  const name = `nr_test_${randomBytes(6).toString('hex')}`;
  await onServer(setup.serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${setup.template}"`);
  return {
    url: withDatabase(setup.serverUrl, name),
    embedded: false,
    drop: () => onServer(setup.serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** An empty database with no schema at all (migration tests start from nothing). */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const setup = inject('testDatabase');
  if (setup.kind === 'embedded') {
    const embedded = await EmbeddedPostgres.start();
    return { url: embedded.url, embedded: true, drop: () => embedded.stop() };
  }
  const name = `nr_empty_${randomBytes(6).toString('hex')}`;
  await onServer(setup.serverUrl, `CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(setup.serverUrl, name),
    embedded: false,
    drop: () => onServer(setup.serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

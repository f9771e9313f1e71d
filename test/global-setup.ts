import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { applyMigrations } from '../src/database/migrator';
import { withDatabase } from './support/server-url';

/**
 * Builds one migrated template per run; each test file then gets a database of its own
 * cloned from it (immich's way): `CREATE DATABASE x TEMPLATE t` on the PostgreSQL server
 * named by DATABASE_URL, or a copy of a dumped embedded database when none is set.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const template = `nr_template_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    const client = new Client({ connectionString: withDatabase(serverUrl, template) });
    await client.connect();
    await applyMigrations(client);
    await client.end();
    project.provide('testDatabase', { kind: 'server', serverUrl, template });
    console.log(`tests run on PostgreSQL at DATABASE_URL, one database per file cloned from ${template}`);
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await admin.end();
    };
  }

  const embedded = await EmbeddedPostgres.start();
  const client = new Client({ connectionString: embedded.url });
  await client.connect();
  await applyMigrations(client);
  await client.end();
  const dumpPath = join(tmpdir(), `nr-template-${process.pid}.tar`);
  writeFileSync(dumpPath, Buffer.from(await (await embedded.dump()).arrayBuffer()));
  await embedded.stop();
  project.provide('testDatabase', { kind: 'embedded', dumpPath });
  console.log('DATABASE_URL is not set: tests run on embedded PostgreSQL (PGlite), one instance per file');
  return async () => rmSync(dumpPath, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'server'; serverUrl: string; template: string } | { kind: 'embedded'; dumpPath: string };
  }
}

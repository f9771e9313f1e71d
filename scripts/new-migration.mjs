// Writes the next migration: the SQL that takes prisma/migrations to prisma/schema.prisma,
// computed by Prisma's schema engine (WebAssembly build) against a scratch database.
//
//   npm run db:migration -- add_profile_notes
//
// The scratch database is a new one on DATABASE_URL's server when it is set (dropped
// afterwards), an in-memory embedded PostgreSQL otherwise.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { diffMigrationsToSchema, isEmptyMigration, migrationsDir } from './schema-engine.mjs';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name in snake_case>');
  process.exit(2);
}

async function withScratchDatabase(use) {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const scratch = `nr_shadow_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${scratch}"`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${scratch}`;
      return await use(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
      await admin.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  try {
    return await use(`postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`);
  } finally {
    await server.stop();
    await db.close();
  }
}

const sql = await withScratchDatabase(diffMigrationsToSchema);
if (isEmptyMigration(sql)) {
  console.log('prisma/schema.prisma and prisma/migrations agree: no migration to write');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir);
writeFileSync(join(dir, 'migration.sql'), `${sql}\n`);
console.log(`wrote ${dir}/migration.sql:\n\n${sql}`);
process.exit(0);

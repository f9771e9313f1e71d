// Prisma's schema engine as WebAssembly, driven through the pg driver adapter.
//
// `prisma migrate diff` needs a native engine that cannot be downloaded here; the same
// engine ships as WebAssembly in @prisma/schema-engine-wasm. This module loads it and
// answers the one question the project asks of it: what SQL takes the database built by
// prisma/migrations to the one described by prisma/schema.prisma? An empty answer means
// the two agree (the drift test); a non-empty one is the next migration
// (`npm run db:migration -- <name>`).
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const schemaPath = join(projectRoot, 'prisma', 'schema.prisma');
export const migrationsDir = join(projectRoot, 'prisma', 'migrations');

async function loadSchemaEngine() {
  // The package is built for bundlers (`import * as wasm from "./x.wasm"`), which Node
  // cannot load; instantiate the module by hand with the same glue.
  // A panic inside the engine reports its message here before it aborts.
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      console.error(`schema engine panicked: ${message}`);
    },
  };
  const dir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const glue = await import(join(dir, 'schema_engine_bg.js'));
  const bytes = readFileSync(join(dir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return glue.SchemaEngine;
}

function migrationList() {
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  const directories = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const path = join(migrationsDir, name);
      const sqlPath = join(path, 'migration.sql');
      return {
        path,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(sqlPath)
            ? { tag: 'ok', value: readFileSync(sqlPath, 'utf8') }
            : { tag: 'error', value: 'missing' },
        },
      };
    });
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: directories,
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The engine's catalog queries read columns of Postgres' internal one-byte `"char"` type
 * (pg_class.relkind, pg_constraint.contype), which the adapter refuses to deserialise.
 * Let pg read them as text, then tell the engine they are characters, as it expects.
 */
function readCharAsText(adapter) {
  const performIO = adapter.performIO.bind(adapter);
  let charColumns = [];
  adapter.performIO = async (query) => {
    const result = await performIO(query);
    charColumns = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        charColumns.push(index);
      }
    });
    return result;
  };
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
}

/**
 * SQL that takes a database migrated with prisma/migrations to prisma/schema.prisma.
 * `shadowUrl` must name an empty database the engine may fill and leave behind.
 */
export async function diffMigrationsToSchema(shadowUrl) {
  const SchemaEngine = await loadSchemaEngine();
  const schema = readFileSync(schemaPath, 'utf8');
  const adapters = [];
  const connect = async () => {
    // The adapter's own shadow-database handling would land on the main database; give
    // the engine a scratch database for both roles instead.
    const factory = new PrismaPg({ connectionString: shadowUrl, max: 1 });
    const adapter = await factory.connect();
    readCharAsText(adapter);
    adapters.push(adapter);
    return adapter;
  };
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect,
    connectToShadowDb: connect,
  });
  const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, factory);
  try {
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrationList() },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return (result.stdout ?? '').trim();
  } finally {
    engine.free();
    // The engine disposes some adapters itself; a second dispose only complains.
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
  }
}

/** True when a diff script contains no statement. */
export function isEmptyMigration(sql) {
  return sql.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'));
}

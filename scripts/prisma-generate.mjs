// Generates the Prisma client without network access.
//
// `prisma generate` does not use the native schema engine, but the CLI insists on
// resolving (and otherwise downloading) it before running any command. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at an existing file satisfies that check, so install
// and build work where only the npm registry is reachable.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');

const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);

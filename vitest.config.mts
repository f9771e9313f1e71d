import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts', 'test/**/*-spec.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: [
      'test/support/log-secrets.setup.ts',
      'test/support/no-concurrent-queries.setup.ts',
      'test/support/openapi-conformance.setup.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
  resolve: {
    // graphql ships ESM and CommonJS builds; Nest loads the CommonJS one, so the tests must
    // too, or a scalar built from one copy is not recognised by the other.
    alias: [{ find: /^graphql$/, replacement: resolve('node_modules/graphql/index.js') }],
  },
  plugins: [swc.vite({ module: { type: 'es6' } })],
});

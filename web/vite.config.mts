import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The web explorer: Preact, compiled by Vite into dist/web, which the service serves at
 * `/` (hashed files under /assets, cached for good; index.html revalidated).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // Preact's JSX runtime, with Vite's own transform (no framework plugin needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(import.meta.dirname, '..', 'dist', 'web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:3000', '/api': 'http://127.0.0.1:3000' } },
});

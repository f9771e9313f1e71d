// The explorer's weight as a browser downloads it: every JavaScript and CSS file of the built
// page (dist/web, from `npm run build`) raw, gzip and brotli (node:zlib, best compression, as
// a server or CDN that precompresses would send them). GraphiQL (dist/web/graphiql) is left
// out: only GET /graphql loads it, never the explorer. `npm run web:size`; --json for a machine.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');
/** GraphiQL's own files: not part of the explorer's page. */
const EXCLUDED = new Set(['graphiql']);
const KINDS = { '.js': 'JavaScript', '.mjs': 'JavaScript', '.css': 'CSS' };

if (!existsSync(resolve(root, 'index.html'))) {
  console.error(`the explorer is not built (${root}/index.html is missing): run npm run build first`);
  process.exit(1);
}

/** Every file under `dir`, GraphiQL's folder skipped. */
function* filesUnder(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = resolve(dir, name);
    if (statSync(path).isDirectory()) {
      if (!(dir === root && EXCLUDED.has(name))) yield* filesUnder(path);
    } else yield path;
  }
}

/** One file's sizes in bytes. */
function sizesOf(path) {
  const content = readFileSync(path);
  return {
    raw: content.length,
    gzip: gzipSync(content, { level: 9 }).length,
    brotli: brotliCompressSync(content, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
    }).length,
  };
}

const files = [];
for (const path of filesUnder(root)) {
  const kind = KINDS[extname(path)];
  if (kind !== undefined) files.push({ file: relative(root, path), kind, ...sizesOf(path) });
}
const total = (kind) =>
  files
    .filter((file) => kind === undefined || file.kind === kind)
    .reduce(
      (sum, file) => ({ raw: sum.raw + file.raw, gzip: sum.gzip + file.gzip, brotli: sum.brotli + file.brotli }),
      {
        raw: 0,
        gzip: 0,
        brotli: 0,
      },
    );
const totals = { JavaScript: total('JavaScript'), CSS: total('CSS'), all: total() };

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ files, totals }, null, 2));
} else {
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(11);
  const row = (label, sizes) => `${label.padEnd(40)}${kib(sizes.raw)}${kib(sizes.gzip)}${kib(sizes.brotli)}`;
  console.log(
    `${'dist/web (graphiql/ excluded)'.padEnd(40)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`,
  );
  for (const file of files) console.log(row(file.file, file));
  console.log(row('JavaScript, total', totals.JavaScript));
  console.log(row('CSS, total', totals.CSS));
  console.log(row('JavaScript + CSS', totals.all));
}

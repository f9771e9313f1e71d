// Copies GraphiQL's own UMD bundle (graphiql, with the React 18 it needs) and the page's start
// script into dist/web/graphiql/, each under a name carrying a hash of its content, so the
// service can cache them for good (src/modules/web/graphiql-page.ts). manifest.json names them.
// Run by `npm run build:web`, after vite (which empties dist/web).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where npm installed a package (read directly: their `exports` do not list the UMD files). */
const packageDir = (name) => resolve(root, 'node_modules', name);
const out = resolve(root, 'dist', 'web', 'graphiql');

/** The installed version of a package (its package.json), named in the manifest. */
function versionOf(name) {
  return JSON.parse(readFileSync(resolve(packageDir(name), 'package.json'), 'utf8')).version;
}

/**
 * The files, as the page loads them. The source map comments go: the maps are not copied,
 * and a browser's developer tools would ask for them and get a 404.
 */
const files = {
  react: { from: resolve(packageDir('react'), 'umd', 'react.production.min.js'), name: 'react.production.min.js' },
  reactDom: {
    from: resolve(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
    name: 'react-dom.production.min.js',
  },
  script: { from: resolve(packageDir('graphiql'), 'graphiql.min.js'), name: 'graphiql.min.js' },
  style: { from: resolve(packageDir('graphiql'), 'graphiql.min.css'), name: 'graphiql.min.css' },
  start: { from: resolve(root, 'scripts', 'graphiql-start.js'), name: 'graphiql-start.js' },
};

/**
 * A stylesheet that would load something from elsewhere (an @import, or a url() that is not a
 * data: URL or a relative path): the page must make no request to another origin. GraphiQL
 * 3.8.2 inlines its fonts as data: URLs; a later version that did not would stop the build here.
 */
export function remoteReferences(css) {
  const found = [];
  for (const match of css.matchAll(/@import\s+(?:url\()?\s*['"]?([^'")\s;]+)/gi)) found.push(`@import ${match[1]}`);
  for (const match of css.matchAll(/url\(\s*['"]?([^'")]+)/gi)) {
    const target = match[1].trim();
    if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(target) && !/^data:/i.test(target)) found.push(`url(${target})`);
  }
  return found;
}

mkdirSync(out, { recursive: true });
const manifest = {
  versions: { graphiql: versionOf('graphiql'), react: versionOf('react'), 'react-dom': versionOf('react-dom') },
  files: {},
};
for (const [role, { from, name }] of Object.entries(files)) {
  const text = readFileSync(from, 'utf8').replace(/\n?\/[/*]# sourceMappingURL=\S+(?:\s*\*\/)?\s*$/, '\n');
  if (role === 'style') {
    const remote = remoteReferences(text);
    if (remote.length > 0) throw new Error(`${from} loads from another origin: ${remote.join(', ')}; strip them first`);
  }
  const hash = createHash('sha256').update(text).digest('base64url').replace(/[-_]/g, '').slice(0, 10);
  const hashed = name.replace(/(\.min)?\.(js|css)$/, `-${hash}$&`);
  writeFileSync(resolve(out, hashed), text);
  manifest.files[role] = hashed;
}
writeFileSync(resolve(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

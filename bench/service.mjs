// What the benchmarks share: the service started as `node dist/main.js` in a child process,
// the way `npm start` runs it, on loopback only, and taken down again however the script ends.
//
// DATABASE_URL, when set, is the service's database; otherwise an embedded database in a
// temporary directory that is removed at the end. ADMIN_API_KEY is generated per run (the
// benchmarks write their own profile with it); the per-address rate limit stays on, so its
// cost is measured, but far above what one address sends here.
//
// BENCH_OBSERVABILITY=on (the default) runs it as in production: a JSON line per request
// (LOG_LEVEL=log) written to a file, as a container runtime collects standard output, and
// metrics on. BENCH_OBSERVABILITY=off: warnings only (nothing per request), metrics off.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const LOOPBACK = '127.0.0.1';

const children = new Set();
const cleanups = [];

function killAll(signal) {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

process.on('exit', () => {
  killAll('SIGKILL');
  for (const cleanup of cleanups.splice(0)) cleanup();
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping`);
    process.exit(130);
  });
}

/** A whole number from the environment, or the default; anything else stops the script, naming it. */
export function envInteger(name, fallback, { min = 1 } = {}) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name} must be a whole number >= ${min} (got "${text}")`);
    process.exit(1);
  }
  return value;
}

export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer()
      .on('error', fail)
      .listen(0, LOOPBACK, () => {
        const { port } = server.address();
        server.close(() => done(port));
      });
  });
}

/** A node child process whose stdout is dropped (or written to `stdout`, a file descriptor) and stderr shown; it dies with this script. */
export function startProcess(args, env = {}, { ipc = false, stdout = 'ignore' } = {}) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'inherit', ...(ipc ? ['ipc'] : [])],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Polls `url` until it answers 2xx; fails at once when `child` exits first. */
export async function waitFor(url, child, { attempts = 300, intervalMs = 200 } = {}) {
  let exited;
  const onExit = (code, signal) => (exited = `exited (${signal ?? code}) before ${url} answered`);
  child?.once('exit', onExit);
  try {
    for (let i = 0; i < attempts; i++) {
      if (exited) throw new Error(exited);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        if (res.ok) return;
      } catch {
        // not up yet
      }
      await new Promise((done) => setTimeout(done, intervalMs));
    }
    throw new Error(`${url} did not answer within ${(attempts * intervalMs) / 1000} s`);
  } finally {
    child?.off('exit', onExit);
  }
}

/**
 * Starts the service and waits until it is ready. Returns its base URL, the child process
 * (its pid is the service's: node runs main.js itself), the admin key and a stop function.
 * `onSpawn(child)` runs right after the process is spawned, before it is ready (the
 * resource bench moves it into a memory cgroup there).
 */
export async function startService({ onSpawn } = {}) {
  const port = await freePort();
  const adminApiKey = `bench-${randomBytes(24).toString('base64url')}`;
  const embedded = !process.env.DATABASE_URL;
  const dataDir = embedded ? mkdtempSync(join(tmpdir(), 'nr-bench-')) : undefined;
  if (dataDir) cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const observability = observabilityMode();
  const logDir = mkdtempSync(join(tmpdir(), 'nr-bench-log-'));
  cleanups.push(() => rmSync(logDir, { recursive: true, force: true }));
  const logFile = join(logDir, 'service.log');
  const child = startProcess(
    [join(ROOT, 'dist', 'main.js')],
    {
      PORT: String(port),
      HOST: LOOPBACK,
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      LOG_LEVEL: observability === 'on' ? 'log' : 'warn',
      METRICS_ENABLED: observability === 'on' ? 'true' : 'false',
      NODE_ENV: 'production',
      ADMIN_API_KEY: adminApiKey,
      // On, so its cost is measured, but far above what the connections from this one
      // address can send (tens of thousands of requests a second).
      RATE_LIMIT_PER_ADDRESS: '100000000',
      SHUTDOWN_DELAY_MS: '0',
    },
    { stdout: openSync(logFile, 'a') },
  );
  onSpawn?.(child);
  const url = `http://${LOOPBACK}:${port}`;
  await waitFor(`${url}/ready`, child);
  return {
    url,
    child,
    adminApiKey,
    database: embedded ? `embedded (${dataDir})` : 'DATABASE_URL',
    observability,
    /** Bytes the service has logged so far. */
    loggedBytes: () => statSync(logFile).size,
    stop: () => stopProcess(child),
  };
}

/** BENCH_OBSERVABILITY: `on` (logs and metrics as in production, the default) or `off`. */
export function observabilityMode() {
  const mode = process.env.BENCH_OBSERVABILITY ?? 'on';
  if (mode !== 'on' && mode !== 'off') {
    console.error(`BENCH_OBSERVABILITY must be on or off (got "${mode}")`);
    process.exit(1);
  }
  return mode;
}

/** SIGTERM, then SIGKILL when the process has not exited within `graceMs`. */
export function stopProcess(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Stops every child still running and removes the temporary data directories. */
export async function stopAll() {
  await Promise.all([...children].map((child) => stopProcess(child)));
  for (const cleanup of cleanups.splice(0)) cleanup();
}

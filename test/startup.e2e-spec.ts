import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  cleanUpServiceProcesses,
  freePort,
  startService,
  stderrMessages,
  tempDir,
  waitUntilAnswering,
  type ServiceProcess,
} from './support/service-process';
import { createEmptyDatabase } from './support/test-database';

afterAll(cleanUpServiceProcesses);

/** A start as a person makes one; no shutdown delay, since nothing balances load here. */
function start(env: Record<string, string | undefined>): ServiceProcess {
  return startService({ SHUTDOWN_DELAY_MS: '0', ...env });
}

async function waitForCatalogs(
  port: number,
  started: ServiceProcess,
): Promise<{ catalogs: Array<Record<string, unknown>> }> {
  const res = await waitUntilAnswering(port, started, '/api/v1/catalogs');
  return (await res.json()) as { catalogs: Array<Record<string, unknown>> };
}

/** SIGTERM is a graceful stop that exits 0; the embedded database's lock file being gone shows the close ran. */
async function stop(started: ServiceProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string | null> {
  started.child.kill(signal);
  return started.exited;
}

describe('starting on the embedded database', () => {
  it('seeds at first start, keeps its data across restarts and refuses a second process on the directory', async () => {
    const dataDir = join(tempDir(), 'data');
    const port = await freePort();
    const first = start({ DATA_DIR: dataDir, PORT: String(port) });
    const listed = await waitForCatalogs(port, first);
    expect(listed.catalogs).toEqual([
      expect.objectContaining({ version: '1.30.0', status: 'published', flowCount: 24 }),
    ]);

    const second = start({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(stderrMessages(second)).toEqual([expect.stringMatching(/^data directory .* is in use by another process/)]);

    expect(await stop(first)).toBe(0);
    expect(existsSync(join(dataDir, 'service.pid'))).toBe(false);
    const restarted = start({ DATA_DIR: dataDir, PORT: String(port) });
    const again = await waitForCatalogs(port, restarted);
    expect(again.catalogs).toEqual(listed.catalogs);

    // A crash leaves the lock file behind; the next start takes it over.
    await stop(restarted, 'SIGKILL');
    const afterCrash = start({ DATA_DIR: dataDir, PORT: String(port) });
    expect((await waitForCatalogs(port, afterCrash)).catalogs).toEqual(listed.catalogs);
    expect(await stop(afterCrash)).toBe(0);
  }, 120_000);
});

describe('a start that cannot succeed', () => {
  it.each([
    [
      'a port that is not a number',
      { PORT: 'eighty' },
      /^invalid configuration: PORT must be a whole number between 1 and 65535 \(got "eighty"\)$/,
    ],
    ['a port out of range', { PORT: '70000' }, /^invalid configuration: PORT must be a whole number/],
    [
      'a malformed DATABASE_URL',
      { DATABASE_URL: 'postgres//nope' },
      /^invalid configuration: DATABASE_URL is not a URL/,
    ],
    [
      'a DATABASE_URL of another kind',
      { DATABASE_URL: 'mysql://root@127.0.0.1/db' },
      /^invalid configuration: DATABASE_URL must start with postgresql:\/\//,
    ],
    [
      'a METRICS_PORT equal to PORT',
      { PORT: '8080', METRICS_PORT: '8080' },
      /^invalid configuration: METRICS_PORT must differ from PORT, or be unset to serve \/metrics on PORT \(both are 8080\)$/,
    ],
    [
      'an unreachable database',
      { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nr' },
      /^cannot reach the database at 127\.0\.0\.1:1\/nr: connection refused$/,
    ],
    [
      'a bad value with LOG_FORMAT=pretty, as plain text for a person',
      { LOG_FORMAT: 'pretty', PORT: 'eighty' },
      /^error: invalid configuration: PORT must be a whole number/,
    ],
  ])('stops with one line naming %s, and creates nothing', async (_, env, message) => {
    const dataDir = join(tempDir(), 'data');
    const started = start({ DATA_DIR: dataDir, ...env });
    expect(await started.exited).toBe(1);
    expect(stderrMessages(started)).toEqual([expect.stringMatching(message)]);
    expect(existsSync(dataDir)).toBe(false);
  });
});

const setup = inject('testDatabase');
if (setup.kind !== 'server') console.log('skipped: starting on a PostgreSQL server needs DATABASE_URL (CI sets it)');
describe.runIf(setup.kind === 'server')('starting on a PostgreSQL server', () => {
  it('migrates and seeds a new database at first start', async () => {
    const database = await createEmptyDatabase();
    try {
      const port = await freePort();
      const started = start({ DATABASE_URL: database.url, PORT: String(port), DATA_DIR: join(tempDir(), 'unused') });
      const listed = await waitForCatalogs(port, started);
      expect(listed.catalogs).toEqual([
        expect.objectContaining({ version: '1.30.0', status: 'published', flowCount: 24 }),
      ]);
      expect(await stop(started)).toBe(0);
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('serves /metrics on METRICS_PORT only, and stops with one line when that port is taken', async () => {
    const database = await createEmptyDatabase();
    // A port something else listens on.
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    try {
      const [port, metricsPort] = [await freePort(), await freePort()];
      const env = { DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: tempDir() };
      const started = start({ ...env, METRICS_PORT: String(metricsPort) });
      await waitForCatalogs(port, started);
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(
        /^nr_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/catalogs",status_code="200"\} \d+$/m,
      );
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      expect(await stop(started)).toBe(0);

      const takenPort = (taken.address() as { port: number }).port;
      const refused = start({ ...env, METRICS_PORT: String(takenPort) });
      expect(await refused.exited).toBe(1);
      expect(stderrMessages(refused)).toEqual([
        `cannot serve metrics on METRICS_PORT=${takenPort}: the port is already in use`,
      ]);
    } finally {
      taken.close();
      await database.drop();
    }
  }, 60_000);
});

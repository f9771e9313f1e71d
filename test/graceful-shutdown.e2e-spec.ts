import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cleanUpServiceProcesses,
  freePort,
  startService,
  tempDir,
  waitUntilAnswering,
  type ServiceProcess,
} from './support/service-process';
import { createEmptyDatabase, type TestDatabase } from './support/test-database';

afterAll(cleanUpServiceProcesses);

const DELAY_MS = 1_500;

/**
 * A request whose body arrives slowly, as from a slow client: the server has it in flight
 * from the first byte until the last one is sent and the answer is back.
 */
function slowGraphQLRequest(port: number) {
  const body = JSON.stringify({ query: '{ catalogs { version status } }' });
  const half = Math.floor(body.length / 2);
  let finish: () => void = () => undefined;
  const answered = new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      finish = () => req.end(body.slice(half));
    },
  );
  return { answered, finish: () => finish() };
}

/** Whether a new TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function readyStatus(port: number): Promise<number> {
  // A new connection each time, as a probe makes.
  const res = await fetch(`http://127.0.0.1:${port}/ready`, { headers: { connection: 'close' } });
  return res.status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGTERM', () => {
  let database: TestDatabase;

  afterAll(async () => {
    await database?.drop();
  });

  async function started(env: Record<string, string> = {}): Promise<{ service: ServiceProcess; port: number }> {
    database ??= await createEmptyDatabase();
    const port = await freePort();
    const service = startService({
      DATABASE_URL: database.url,
      DATA_DIR: tempDir(),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'log',
      SHUTDOWN_DELAY_MS: String(DELAY_MS),
      ...env,
    });
    await waitUntilAnswering(port, service);
    return { service, port };
  }

  it('lets a request in flight finish, answers /ready with 503 meanwhile, refuses new connections after the delay, exits 0', async () => {
    const { service, port } = await started();
    const slow = slowGraphQLRequest(port);
    await sleep(200);
    const signalledAt = Date.now();
    service.child.kill('SIGTERM');
    await sleep(200);

    // During the delay: still accepting, but not ready.
    expect(await readyStatus(port)).toBe(503);
    expect(await fetch(`http://127.0.0.1:${port}/health`, { headers: { connection: 'close' } })).toHaveProperty(
      'status',
      200,
    );
    // After it: the listener is closed.
    await sleep(DELAY_MS + 300 - (Date.now() - signalledAt));
    expect(await accepts(port)).toBe(false);

    // The request that was in flight all along completes normally.
    slow.finish();
    const answer = await slow.answered;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      data: { catalogs: [{ version: '1.30.0', status: 'published' }] },
    });

    expect(await service.exited).toBe(0);
    const messages = service.logs().map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^shutting down: \/ready answers 503; the listener closes in 1500 ms$/),
        'closing the listener; waiting for requests in flight',
        'shut down',
      ]),
    );
    const slowLine = service.logs().find((line) => line.route === '/graphql');
    expect(slowLine).toMatchObject({ status: 200, msg: 'request completed' });
    expect(service.stderr()).toBe('');
  }, 60_000);

  it('exits at once, with 1, on a second signal', async () => {
    const { service, port } = await started({ SHUTDOWN_DELAY_MS: '20000', SHUTDOWN_TIMEOUT_MS: '30000' });
    service.child.kill('SIGTERM');
    await sleep(300);
    expect(await readyStatus(port)).toBe(503);
    const secondAt = Date.now();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(1);
    expect(Date.now() - secondAt).toBeLessThan(5_000);
    expect(service.logs().map((line) => line.msg)).toContain('second signal during shutdown: exiting now');
  }, 60_000);

  it('exits with 1 at SHUTDOWN_TIMEOUT_MS when a request never finishes', async () => {
    const { service, port } = await started({ SHUTDOWN_DELAY_MS: '200', SHUTDOWN_TIMEOUT_MS: '2000' });
    const stuck = slowGraphQLRequest(port);
    stuck.answered.catch(() => undefined);
    await sleep(200);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(1);
    expect(service.logs().map((line) => line.msg)).toContain(
      'shutdown took longer than SHUTDOWN_TIMEOUT_MS: exiting now',
    );
  }, 60_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RateLimits } from '../src/common/http/rate-limit';
import type { Actor } from '../src/modules/auth/actor';
import { ApiKeyScope } from '../src/modules/auth/api-key-scope';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import type { AppConfig } from '../src/config/app-config';
import { testLogs, type LogRecord } from './support/log-capture';
import { freePort } from './support/private-postgres';
import { PrivateRedis, privateRedisUnavailable } from './support/private-redis';
import { createPeerApp, createTestApp, TEST_ADMIN_API_KEY, type TestApp } from './support/test-app';

/**
 * Rate limits shared by the fleet: with REDIS_URL, two instances of the service count in
 * one place, so together they allow the configured rate, not twice it. A Redis that goes
 * away (here one the test started itself and kills) leaves the service answering, each
 * instance counting on its own, with one log line when Redis goes and one when it is back.
 */

/** The machine's Redis (TEST_REDIS_URL to use another). */
const MACHINE_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Keys of this run only: runs (and work trees) sharing the machine's Redis never meet. */
const RUN_PREFIX = `nr-test-${randomUUID().slice(0, 8)}`;
/** Longest wait for something that happens in the background (a reconnection after backoff). */
const BACKGROUND_MS = 20_000;

const from = (address: string) => ({ 'X-Forwarded-For': address });
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const health = (app: TestApp, address: string) => request(app.server).get('/health').set(from(address));

/** The log lines written from now on (every app of this file writes to testLogs). */
function logsFromNow(): () => LogRecord[] {
  const mark = testLogs.size;
  return () => testLogs.records(mark);
}

const messageOf = (record: LogRecord) => String(record.msg ?? '');
const aboutRedis = (records: LogRecord[]) => records.filter((record) => /redis/i.test(messageOf(record)));
const lostLines = (records: LogRecord[]) => records.filter((record) => / lost \(/.test(messageOf(record)));
const backLines = (records: LogRecord[]) => records.filter((record) => / is back: /.test(messageOf(record)));

/** Whether something takes TCP connections where `url` points. */
async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((answer) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (result: boolean) => {
      socket.destroy();
      answer(result);
    };
    socket.setTimeout(1_000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** Two instances on one database with the same settings, as two replicas. */
async function twoInstances(settings: Partial<AppConfig>): Promise<[TestApp, TestApp]> {
  const first = await createTestApp(settings);
  try {
    return [first, await createPeerApp(first, settings)];
  } catch (error) {
    await first.close();
    throw error;
  }
}

async function closeAll(...apps: Array<TestApp | undefined>): Promise<void> {
  for (const app of apps.reverse()) await app?.close();
}

describe("two instances on the machine's Redis", () => {
  let inspector: Redis | undefined;
  /** Why these tests cannot run here, or undefined. */
  let machineRedisMissing: string | undefined;

  beforeAll(async () => {
    if (await reachable(MACHINE_REDIS_URL)) {
      inspector = new Redis(MACHINE_REDIS_URL, { lazyConnect: true });
    } else {
      machineRedisMissing = `nothing answers at ${MACHINE_REDIS_URL} (start Redis, or set TEST_REDIS_URL)`;
      console.warn(`test/rate-limit-redis.e2e-spec.ts: the machine's Redis tests skipped: ${machineRedisMissing}`);
    }
  });

  afterAll(async () => {
    if (inspector === undefined) return;
    const keys = await inspector.keys(`${RUN_PREFIX}*`);
    if (keys.length > 0) await inspector.del(...keys);
    inspector.disconnect();
  });

  it('refuse the request over the per-address limit between them', async ({ skip }) => {
    skip(machineRedisMissing !== undefined, machineRedisMissing);
    const limit = 5;
    const prefix = `${RUN_PREFIX}-address:`;
    const [a, b] = await twoInstances({
      rateLimitPerAddress: limit,
      redisUrl: MACHINE_REDIS_URL,
      redisKeyPrefix: prefix,
    });
    try {
      expect(a.app.get(RateLimits).counting).toBe('shared');
      expect(b.app.get(RateLimits).counting).toBe('shared');
      const address = '203.0.113.10';
      for (let i = 1; i <= limit; i++) {
        const res = await health(i % 2 === 1 ? a : b, address).expect(200);
        // The remaining count is the fleet's, whichever instance answers.
        expect(res.headers['x-ratelimit-remaining']).toBe(String(limit - i));
      }
      // Counted per process, each would still allow 2 or 3 more (10 in all).
      for (const instance of [a, b]) {
        const refused = await health(instance, address).expect(429);
        expect(refused.body).toMatchObject({
          code: 'TOO_MANY_REQUESTS',
          message: expect.stringMatching(/^too many requests from this address: at most 5 a minute; retry in \d+ s$/),
          details: { limit: 'per-address', requestsPerMinute: limit },
        });
        expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      // Other addresses have buckets of their own, and the count sits in Redis under the prefix.
      await health(b, '203.0.113.11').expect(200);
      expect(await inspector?.get(`${prefix}rate-limit:per-address:${address}`)).toBe(String(limit + 2));
    } finally {
      await closeAll(a, b);
    }
  });

  it('refuse the request over the per-key limit between them', async ({ skip }) => {
    skip(machineRedisMissing !== undefined, machineRedisMissing);
    const limit = 3;
    const prefix = `${RUN_PREFIX}-key:`;
    const [a, b] = await twoInstances({
      rateLimitPerKey: limit,
      readsRequireKey: true,
      redisUrl: MACHINE_REDIS_URL,
      redisKeyPrefix: prefix,
    });
    try {
      const actor: Actor = { principal: { kind: 'bootstrap', scopes: [ApiKeyScope.admin] }, requestId: undefined };
      const created = await a.app.get(ApiKeyService).createKey({ name: 'fleet', scopes: [ApiKeyScope.reader] }, actor);
      const read = (instance: TestApp, key: string) =>
        request(instance.server).get('/api/v1/catalogs').set(bearer(key));

      for (let i = 0; i < limit; i++) await read(i % 2 === 0 ? a : b, created.key).expect(200);
      for (const instance of [b, a]) {
        const refused = await read(instance, created.key).expect(429);
        expect(refused.body.message).toMatch(/^too many requests with the API key "fleet": at most 3 a minute/);
        expect(refused.body.details).toMatchObject({ limit: 'per-key', requestsPerMinute: limit });
      }
      // ADMIN_API_KEY is one key for the whole fleet too.
      for (let i = 0; i < limit; i++) await read(i % 2 === 0 ? b : a, TEST_ADMIN_API_KEY).expect(200);
      await read(a, TEST_ADMIN_API_KEY).expect(429);
      await read(b, TEST_ADMIN_API_KEY).expect(429);
    } finally {
      await closeAll(a, b);
    }
  });
});

const redisServerMissing = privateRedisUnavailable();
if (redisServerMissing !== undefined) {
  console.warn(`test/rate-limit-redis.e2e-spec.ts: the outage tests skipped: ${redisServerMissing}`);
}

describe.skipIf(redisServerMissing !== undefined)('a Redis that goes away', () => {
  it('leaves both instances answering and counting on their own, and they share again when it is back', async () => {
    const limit = 3;
    const redis = await PrivateRedis.create();
    const logs = logsFromNow();
    let a: TestApp | undefined;
    let b: TestApp | undefined;
    try {
      [a, b] = await twoInstances({
        rateLimitPerAddress: limit,
        rateLimitPerKey: limit,
        redisUrl: redis.url,
        redisKeyPrefix: `${RUN_PREFIX}-outage:`,
      });
      const [first, second] = [a, b];
      const counting = () => [first, second].map((instance) => instance.app.get(RateLimits).counting);
      expect(counting()).toEqual(['shared', 'shared']);
      const started = logs().filter((record) => messageOf(record).startsWith('rate limits are counted in Redis at'));
      expect(started).toHaveLength(2);

      // Shared: the fourth request refused, whichever instance it reaches.
      for (let i = 0; i < limit; i++) await health(i % 2 === 0 ? first : second, '203.0.113.20').expect(200);
      await health(second, '203.0.113.20').expect(429);

      await redis.kill();

      // Both keep answering, at once (no request waits for Redis) ...
      await health(first, '203.0.113.21').expect(200);
      await health(second, '203.0.113.21').expect(200);
      await vi.waitFor(() => expect(lostLines(logs())).toHaveLength(2), { timeout: BACKGROUND_MS, interval: 50 });
      expect(counting()).toEqual(['per-process', 'per-process']);

      // ... and each counts on its own: together they allow twice the limit, then refuse.
      const address = '203.0.113.22';
      for (const instance of [first, second]) {
        for (let i = 0; i < limit; i++) await health(instance, address).expect(200);
      }
      await health(first, address).expect(429);
      await health(second, address).expect(429);
      // The per-key limit too (from a fresh address each time, so that only it can refuse).
      let sender = 30;
      const keyRead = (instance: TestApp) =>
        request(instance.server)
          .get('/api/v1/api-keys')
          .set({ ...bearer(TEST_ADMIN_API_KEY), ...from(`198.51.100.${sender++}`) });
      for (let i = 0; i < limit; i++) await keyRead(first).expect(200);
      const keyRefused = await keyRead(first).expect(429);
      expect(keyRefused.body.details).toMatchObject({ limit: 'per-key' });
      await keyRead(second).expect(200);

      // Still one line per instance for the whole outage, however many requests it saw.
      expect(lostLines(logs())).toHaveLength(2);
      for (const line of lostLines(logs())) {
        expect(line).toMatchObject({ level: 'warn', context: 'RateLimits' });
        expect(line.msg).toMatch(
          new RegExp(
            `^Redis at 127\\.0\\.0\\.1:${redis.port} lost \\(.+\\): rate limits count per process until it is back$`,
          ),
        );
      }

      await redis.start();
      await vi.waitFor(() => expect(backLines(logs())).toHaveLength(2), { timeout: BACKGROUND_MS, interval: 50 });
      expect(counting()).toEqual(['shared', 'shared']);
      for (const line of backLines(logs())) expect(line).toMatchObject({ level: 'info', context: 'RateLimits' });

      // Shared again (the restarted Redis kept nothing: a fresh count).
      for (let i = 0; i < limit; i++) await health(i % 2 === 0 ? second : first, '203.0.113.23').expect(200);
      await health(first, '203.0.113.23').expect(429);
      await health(second, '203.0.113.23').expect(429);

      expect(lostLines(logs())).toHaveLength(2);
      expect(backLines(logs())).toHaveLength(2);
      // Nothing about Redis reached the logs as an error or with a stack trace.
      expect(aboutRedis(logs())).toHaveLength(6);
      for (const record of logs()) {
        expect(record.level).not.toBe('error');
        expect(record.err).toBeUndefined();
        expect(JSON.stringify(record)).not.toMatch(/\\n\s+at /);
      }
    } finally {
      await closeAll(a, b);
      await redis.destroy();
    }
  });

  it('leaves both instances answering while Redis is frozen, and they share again once it answers', async () => {
    const limit = 3;
    const redis = await PrivateRedis.create();
    const logs = logsFromNow();
    let a: TestApp | undefined;
    let b: TestApp | undefined;
    try {
      [a, b] = await twoInstances({
        rateLimitPerAddress: limit,
        redisUrl: redis.url,
        redisKeyPrefix: `${RUN_PREFIX}-frozen:`,
      });
      const [first, second] = [a, b];
      const counting = () => [first, second].map((instance) => instance.app.get(RateLimits).counting);
      expect(counting()).toEqual(['shared', 'shared']);

      // Connections open, nothing answered: each instance's first request waits for the
      // command timeout, then every instance counts on its own.
      redis.freeze();
      const address = '203.0.113.40';
      for (const instance of [first, second]) {
        for (let i = 0; i < limit; i++) await health(instance, address).expect(200);
      }
      await health(first, address).expect(429);
      await health(second, address).expect(429);
      expect(counting()).toEqual(['per-process', 'per-process']);
      expect(lostLines(logs())).toHaveLength(2);
      for (const line of lostLines(logs())) expect(line.msg).toContain('Command timed out');

      // The connection never dropped, so no reconnection says it is back: a request tries
      // Redis again now and then, and the first that gets an answer brings the sharing back.
      redis.thaw();
      let sender = 0;
      await vi.waitFor(
        async () => {
          await health(first, `198.51.100.${++sender}`).expect(200);
          await health(second, `198.51.100.${++sender}`).expect(200);
          expect(backLines(logs())).toHaveLength(2);
        },
        { timeout: BACKGROUND_MS, interval: 200 },
      );
      expect(counting()).toEqual(['shared', 'shared']);
      for (let i = 0; i < limit; i++) await health(i % 2 === 0 ? first : second, '203.0.113.41').expect(200);
      await health(first, '203.0.113.41').expect(429);
      await health(second, '203.0.113.41').expect(429);
      expect(lostLines(logs())).toHaveLength(2);
      expect(backLines(logs())).toHaveLength(2);
    } finally {
      redis.thaw();
      await closeAll(a, b);
      await redis.destroy();
    }
  });

  it('starts and answers when nothing listens at REDIS_URL, counting per process', async () => {
    const port = await freePort();
    const password = 'not-a-real-password';
    const logs = logsFromNow();
    const app = await createTestApp({
      rateLimitPerAddress: 2,
      redisUrl: `redis://:${password}@127.0.0.1:${port}/3`,
      redisKeyPrefix: `${RUN_PREFIX}-none:`,
    });
    try {
      expect(app.app.get(RateLimits).counting).toBe('per-process');
      await health(app, '203.0.113.30').expect(200);
      await health(app, '203.0.113.30').expect(200);
      const refused = await health(app, '203.0.113.30').expect(429);
      expect(refused.body.details).toMatchObject({ limit: 'per-address', requestsPerMinute: 2 });
      await request(app.server).get('/api/v1/catalogs').set(from('203.0.113.31')).expect(200);

      const lines = aboutRedis(logs());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 'warn', context: 'RateLimits' });
      expect(lines[0].msg).toMatch(
        new RegExp(
          `^Redis at 127\\.0\\.0\\.1:${port}/3 is unreachable \\(.*ECONNREFUSED.*\\): rate limits count per process until it answers$`,
        ),
      );
      expect(testLogs.text.join('')).not.toContain(password);
    } finally {
      await app.close();
    }
  });
});

/**
 * The connection to Redis never keeps the process alive once closed (the app closes it when
 * it closes), also while it is between two reconnection attempts: a real Node process,
 * which must end by itself. Runs the build (`npm run build`, as `npm test` does first).
 */
describe.skipIf(redisServerMissing !== undefined)('closing the connection to Redis', () => {
  const compiled = resolve(__dirname, '..', 'dist', 'common', 'http', 'rate-limit-redis.js');
  const children: ChildProcess[] = [];

  // A process that failed the test by not ending is ended here.
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  async function runToTheEnd(url: string): Promise<{ code: number | null; output: string }> {
    expect(existsSync(compiled), `${compiled} is missing: run npm run build`).toBe(true);
    const script = `
      const { RateLimitRedis } = require(${JSON.stringify(compiled)});
      const redis = new RateLimitRedis(${JSON.stringify(url)});
      redis.connect().then(() => {
        console.log('counting: ' + redis.counting);
        // Long enough for a reconnection attempt or two after a refused one.
        setTimeout(() => redis.close(), 700);
      });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((exited) => child.once('exit', (exitCode) => exited(exitCode)));
    return { code, output };
  }

  it('lets the process end while Redis is unreachable', async () => {
    const { code, output } = await runToTheEnd(`redis://127.0.0.1:${await freePort()}`);
    expect(code, output).toBe(0);
    expect(output).toContain('counting: per-process');
  });

  it('lets the process end while connected', async () => {
    const redis = await PrivateRedis.create();
    try {
      const { code, output } = await runToTheEnd(redis.url);
      expect(code, output).toBe(0);
      expect(output).toContain('counting: shared');
    } finally {
      await redis.destroy();
    }
  });
});

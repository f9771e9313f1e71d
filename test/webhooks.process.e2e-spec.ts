import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import {
  cleanUpServiceProcesses,
  freePort,
  startService,
  tempDir,
  waitUntilAnswering,
  type ServiceProcess,
} from './support/service-process';
import { signedWith, startReceiver, type Receiver } from './support/webhook-receiver';

/**
 * Webhook delivery as production runs it: real service processes (`node dist/main.js`) on
 * one database. A publication's deliveries survive the process that committed it being
 * killed, and with two instances each delivery arrives once.
 */
const ADMIN_KEY = 'webhook-process-admin-key-0123456789';
const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
const receivers: Receiver[] = [];
const databases: TestDatabase[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

afterAll(async () => {
  cleanUpServiceProcesses();
  await Promise.all(databases.map((database) => database.drop()));
});

interface Instance {
  readonly process: ServiceProcess;
  readonly port: number;
}

async function start(env: Record<string, string | undefined>): Promise<Instance> {
  const port = await freePort();
  const process = startService({
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: ADMIN_KEY,
    SHUTDOWN_DELAY_MS: '0',
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_POLL_INTERVAL_MS: '500',
    // Secrets are sealed at rest: a delivery signed after a restart shows the key opens them.
    WEBHOOK_SECRET_KEY: SECRET_KEY,
    ...env,
  });
  await waitUntilAnswering(port, process);
  return { process, port };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes
async function call(instance: Instance, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${instance.port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** Profiles that follow latest, a subscription to all of them, and a draft ready to publish. */
async function prepare(instance: Instance, profiles: readonly string[], receiver: Receiver): Promise<string> {
  for (const name of profiles) {
    await call(instance, 'PUT', `/api/v1/profiles/${name}`, { version: 'latest', params: { cni: 'calico' } });
  }
  await call(instance, 'PUT', '/api/v1/profiles/pinned', { version: '1.30.0', params: {} });
  const { secret } = await call(instance, 'POST', '/api/v1/webhooks', {
    url: receiver.url,
    events: ['catalog.published'],
    format: 'iptables',
  });
  await call(instance, 'POST', '/api/v1/catalogs', { version: '1.31.0', cloneFrom: 'latest' });
  await call(instance, 'POST', '/api/v1/catalogs/1.31.0/flows', {
    key: 'cilium-health',
    source: 'node',
    destination: 'node',
    protocol: 'tcp',
    ports: '4240',
  });
  return secret;
}

async function serverDatabase(): Promise<string> {
  const database = await createTestDatabase();
  databases.push(database);
  return database.url;
}

describe('webhook delivery across processes', () => {
  it(
    'delivers after a restart what was published just before the process was killed (SIGKILL)',
    { timeout: 120_000 },
    async () => {
      const databaseUrl = await serverDatabase();
      const receiver = await startReceiver();
      receivers.push(receiver);
      // The first instance looks for due deliveries once a minute: it is killed long before its next look.
      const first = await start({ DATABASE_URL: databaseUrl, WEBHOOK_POLL_INTERVAL_MS: '60000' });
      const secret = await prepare(first, ['prod-eu'], receiver);
      await call(first, 'POST', '/api/v1/catalogs/1.31.0/publish');
      first.process.child.kill('SIGKILL');
      expect(await first.process.exited).toBe('SIGKILL');
      expect(receiver.received).toHaveLength(0);

      await start({ DATABASE_URL: databaseUrl });
      const [hook] = await receiver.waitFor(1);
      expect(signedWith(hook, secret)).toBe(true);
      expect(JSON.parse(hook.body)).toMatchObject({ profile: 'prod-eu', catalog: { from: '1.30.0', to: '1.31.0' } });
    },
  );

  it('with two instances running, every delivery arrives exactly once', { timeout: 120_000 }, async () => {
    const databaseUrl = await serverDatabase();
    const receiver = await startReceiver();
    receivers.push(receiver);
    const [a, b] = [await start({ DATABASE_URL: databaseUrl }), await start({ DATABASE_URL: databaseUrl })];
    const profiles = Array.from({ length: 12 }, (_, index) => `cluster-${index}`);
    const secret = await prepare(a, profiles, receiver);
    await call(b, 'POST', '/api/v1/catalogs/1.31.0/publish');
    const hooks = await receiver.waitFor(profiles.length);
    // Time for any second copy to arrive: both instances poll every 500 ms.
    await new Promise((wait) => setTimeout(wait, 3_000));
    expect(receiver.received).toHaveLength(profiles.length);
    const ids = hooks.map((hook) => hook.headers['x-webhook-delivery']);
    expect(new Set(ids).size).toBe(profiles.length);
    expect(hooks.map((hook) => JSON.parse(hook.body).profile).sort()).toEqual([...profiles].sort());
    for (const hook of hooks) expect(signedWith(hook, secret)).toBe(true);
  });

  // A first start on the embedded database creates it (initdb, migrations, seed): allow it time on a busy machine.
  it('delivers on the embedded database too (one process, no DATABASE_URL)', { timeout: 120_000 }, async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const instance = await start({ DATA_DIR: tempDir() });
    const secret = await prepare(instance, ['edge'], receiver);
    await call(instance, 'POST', '/api/v1/catalogs/1.31.0/publish');
    const [hook] = await receiver.waitFor(1, 60_000);
    expect(signedWith(hook, secret)).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({ profile: 'edge', catalog: { from: '1.30.0', to: '1.31.0' } });
  });
});

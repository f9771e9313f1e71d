import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WEBHOOK_SETTINGS } from '../src/config/app-config';
import { PrismaService } from '../src/database/prisma.service';
import { HostResolver } from '../src/modules/webhooks/webhook.service';
import { authorized, createPeerApp, createTestApp, type TestApp } from './support/test-app';
import { signedWith, startReceiver, type Answer, type Receiver } from './support/webhook-receiver';

/**
 * Webhooks end to end: subscriptions over REST and GraphQL, events written with the change
 * that causes them, deliveries to receivers this test runs on 127.0.0.1 (the service is
 * started with WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOW_PRIVATE_NETWORKS, as on-premises
 * installations and tests set them), retries, the delivery log and redelivery.
 */
let t: TestApp;
/** A second instance on the same database with the default network policy; it delivers nothing. */
let strict: TestApp;
const receivers: Receiver[] = [];

const WEBHOOK_SETTINGS = {
  ...DEFAULT_WEBHOOK_SETTINGS,
  allowHttp: true,
  allowPrivateNetworks: true,
  timeoutMs: 1_000,
  maxAttempts: 3,
  retryBaseMs: 200,
  pollIntervalMs: 500,
};

beforeAll(async () => {
  t = await createTestApp({ webhooks: WEBHOOK_SETTINGS });
  strict = await createPeerApp(t, {
    webhooks: { ...DEFAULT_WEBHOOK_SETTINGS, allowHttp: true, deliveryConcurrency: 0 },
  });
});

afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await strict?.close();
  await t?.close();
});

async function receiver(answer?: (index: number) => Answer): Promise<Receiver> {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}

const admin = (app: TestApp = t) => ({
  post: (path: string) => authorized(request(app.server).post(path)),
  put: (path: string) => authorized(request(app.server).put(path)),
  get: (path: string) => authorized(request(app.server).get(path)),
  delete: (path: string) => authorized(request(app.server).delete(path)),
});

async function subscribe(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await admin().post('/api/v1/webhooks').send(body).expect(201);
  return res.body;
}

async function deliveries(id: string): Promise<Delivery[]> {
  return (await admin().get(`/api/v1/webhooks/${id}/deliveries`).expect(200)).body.deliveries;
}

/** Waits until the log shows every delivery settled (delivered or failed). */
async function settled(id: string, count: number): Promise<Delivery[]> {
  for (let tries = 0; tries < 200; tries++) {
    const log = await deliveries(id);
    if (log.length >= count && log.every((delivery) => delivery.status !== 'pending')) return log;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`deliveries of ${id} did not settle: ${JSON.stringify(await deliveries(id))}`);
}

/** A delivery as the log shows it (GET /api/v1/webhooks/{id}/deliveries). */
interface Delivery {
  readonly id: string;
  readonly profile: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly attemptLog: Array<{ number: number; outcome: string; statusCode: number | null }>;
}

/** The README's receiver code (under `<!-- verify-webhook -->`), run as a receiver would run it. */
function readmeVerifier(): (signature: string, rawBody: string, secret: string) => boolean {
  const readme = readFileSync(resolve(__dirname, '..', 'README.md'), 'utf8');
  const code = /<!-- verify-webhook -->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined) throw new Error('README.md has no verify-webhook code block');
  return runInNewContext(`${code}\nverifyWebhook;`, { require: createRequire(__filename), Buffer });
}

const PROFILE = (version: string, cni = 'calico') => ({
  version,
  params: { cni },
  addresses: { master: ['10.0.1.0/24'], worker: ['10.0.2.0/24'] },
});

describe('subscriptions', () => {
  it('answers the secret once, never again, and audits the change', async () => {
    const hook = await receiver();
    const created = await admin()
      .post('/api/v1/webhooks')
      .send({ url: hook.url, events: ['catalog.published'], profiles: ['prod-eu'], format: 'iptables' })
      .expect(201);
    expect(created.body).toMatchObject({
      url: hook.url,
      events: ['catalog.published'],
      profiles: ['prod-eu'],
      format: 'iptables',
      previousSecretExpiresAt: null,
    });
    expect(created.body.secret).toMatch(/^whsec_/);
    const shown = await admin().get(`/api/v1/webhooks/${created.body.id}`).expect(200);
    expect(shown.body).not.toHaveProperty('secret');
    const listed = await admin().get('/api/v1/webhooks').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const firstPage = await admin().get('/api/v1/webhooks?limit=1').expect(200);
    expect(firstPage.body.webhooks).toHaveLength(1);
    await admin().get('/api/v1/webhooks?limit=0').expect(400);
    const audit = await admin().get('/api/v1/audit-events?entityType=webhook').expect(200);
    expect(audit.body.events.map((event: { action: string }) => event.action)).toContain('webhook.create:bootstrap');
    expect(JSON.stringify(audit.body)).not.toContain(created.body.secret);
    await admin().delete(`/api/v1/webhooks/${created.body.id}`).expect(204);
    await admin().get(`/api/v1/webhooks/${created.body.id}`).expect(404);
  });

  it('refuses bad input with a 400 naming it, and anyone but an admin', async () => {
    const bad = async (body: Record<string, unknown>, pattern: RegExp) => {
      const res = await admin().post('/api/v1/webhooks').send(body).expect(400);
      expect(res.body.message).toMatch(pattern);
    };
    await bad({ url: 'http://127.0.0.1:1/', events: ['catalog.exploded'] }, /events must be one of/);
    await bad({ url: 'http://127.0.0.1:1/', events: [] }, /at least one event/);
    await bad(
      { url: 'http://127.0.0.1:1/', events: ['catalog.published'], format: 'telex' },
      /unknown artifact format "telex"/,
    );
    await bad({ url: 'not a url', events: ['catalog.published'] }, /url/);
    await request(t.server)
      .post('/api/v1/webhooks')
      .send({ url: 'https://a.example', events: ['catalog.published'] })
      .expect(401);
  });

  it('refuses loopback, private and cloud-metadata addresses without WEBHOOK_ALLOW_PRIVATE_NETWORKS', async () => {
    for (const url of [
      'http://169.254.169.254/',
      'http://127.0.0.1/',
      'http://10.0.0.8/hook',
      'http://[::1]/',
      'http://localhost/',
    ]) {
      const res = await admin(strict)
        .post('/api/v1/webhooks')
        .send({ url, events: ['catalog.published'] })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'url' } });
    }
    const ftp = await admin(strict)
      .post('/api/v1/webhooks')
      .send({ url: 'ftp://example.com/', events: ['catalog.published'] });
    expect(ftp.status).toBe(400);
  });

  it('is mirrored in GraphQL', async () => {
    const hook = await receiver();
    const created = await admin()
      .post('/graphql')
      .send({
        query: `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id url events secret } }`,
        variables: { input: { url: hook.url, events: ['profile.changed'], profiles: ['nobody'] } },
      })
      .expect(200);
    const { id, secret } = created.body.data.createWebhook;
    expect(secret).toMatch(/^whsec_/);
    const listed = await admin()
      .post('/graphql')
      .send({ query: `{ webhooks { id url } webhookDeliveries(id: "${id}") { id } }` })
      .expect(200);
    expect(listed.body.data.webhooks.map((hook: { id: string }) => hook.id)).toContain(id);
    expect(listed.body.data.webhookDeliveries).toEqual([]);
    const rotated = await admin()
      .post('/graphql')
      .send({ query: `mutation { rotateWebhookSecret(id: "${id}") { secret previousSecretExpiresAt } }` })
      .expect(200);
    expect(rotated.body.data.rotateWebhookSecret.secret).not.toBe(secret);
    const deleted = await admin()
      .post('/graphql')
      .send({ query: `mutation { deleteWebhook(id: "${id}") { id } }` })
      .expect(200);
    expect(deleted.body.data.deleteWebhook.id).toBe(id);
  });
});

describe('catalog.published', () => {
  it('delivers one signed event per subscribed profile that follows latest, with the diff and the since artifact', async () => {
    await admin().put('/api/v1/profiles/prod-eu').send(PROFILE('latest')).expect(201);
    await admin().put('/api/v1/profiles/staging').send(PROFILE('latest', 'canal')).expect(201);
    await admin().put('/api/v1/profiles/pinned').send(PROFILE('1.30.0')).expect(201);
    const all = await receiver();
    const staging = await receiver();
    const everyProfile = await subscribe({ url: all.url, events: ['catalog.published'], format: 'iptables' });
    const onlyStaging = await subscribe({ url: staging.url, events: ['catalog.published'], profiles: ['staging'] });

    await admin().post('/api/v1/catalogs').send({ version: '1.31.0', cloneFrom: 'latest' }).expect(201);
    await admin()
      .post('/api/v1/catalogs/1.31.0/flows')
      .send({
        key: 'cilium-health',
        source: 'node',
        destination: 'node',
        protocol: 'tcp',
        ports: '4240',
        component: 'Health',
      })
      .expect(201);
    await admin().post('/api/v1/catalogs/1.31.0/publish').expect(200);

    const hooks = await all.waitFor(2);
    await staging.waitFor(1);
    const verifyWebhook = readmeVerifier();
    const byProfile = new Map(hooks.map((hook) => [JSON.parse(hook.body).profile as string, hook]));
    expect([...byProfile.keys()].sort()).toEqual(['prod-eu', 'staging']);
    for (const [profile, hook] of byProfile) {
      expect(hook.headers['content-type']).toBe('application/json');
      expect(hook.headers['x-webhook-event']).toBe('catalog.published');
      expect(signedWith(hook, everyProfile.secret)).toBe(true);
      expect(signedWith(hook, onlyStaging.secret)).toBe(false);
      const signature = String(hook.headers['x-webhook-signature']);
      expect(verifyWebhook(signature, hook.body, everyProfile.secret)).toBe(true);
      expect(verifyWebhook(signature, hook.body, onlyStaging.secret)).toBe(false);
      expect(verifyWebhook(signature, hook.body.replace('1.31.0', '1.31.1'), everyProfile.secret)).toBe(false);
      const payload = JSON.parse(hook.body);
      expect(payload).toMatchObject({
        id: hook.headers['x-webhook-delivery'],
        event: 'catalog.published',
        catalog: { from: '1.30.0', to: '1.31.0' },
        problems: [],
      });
      const diff = await request(t.server).get(`/api/v1/catalogs/1.30.0/diff/1.31.0?profile=${profile}`).expect(200);
      expect(payload.diff).toEqual(diff.body);
      expect(payload.diff.added.map((flow: { key: string }) => flow.key)).toEqual(['cilium-health']);
      const artifact = await request(t.server)
        .get(`/api/v1/profiles/${profile}/artifacts/iptables?since=1.30.0`)
        .expect(200);
      expect(payload.artifact).toMatchObject({ format: 'iptables', contentType: artifact.headers['content-type'] });
      expect(payload.artifact.content).toBe(artifact.text);
    }
    const [stagingHook] = staging.received;
    expect(signedWith(stagingHook, onlyStaging.secret)).toBe(true);
    expect(JSON.parse(stagingHook.body)).toMatchObject({ profile: 'staging', artifact: null });

    const log = await settled(everyProfile.id, 2);
    expect(log.map((delivery) => delivery.profile).sort()).toEqual(['prod-eu', 'staging']);
    for (const delivery of log) {
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, nextAttemptAt: null });
      expect(delivery.attemptLog).toEqual([
        expect.objectContaining({ number: 1, outcome: 'delivered', statusCode: 200 }),
      ]);
    }
    // None for the pinned profile, and nothing more arrives.
    await new Promise((wait) => setTimeout(wait, 1_500));
    expect(all.received).toHaveLength(2);
    expect(staging.received).toHaveLength(1);

    const metrics = await request(t.server).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/nr_webhook_deliveries_total\{event="catalog.published",outcome="delivered"\} [3-9]/);
    expect(metrics.text).toMatch(/nr_webhook_attempt_duration_seconds_count\{outcome="delivered"\} \d+/);
  });

  it('deprecation tells the profiles fixed to the version, pointing at latest', async () => {
    const hook = await receiver();
    const subscription = await subscribe({ url: hook.url, events: ['catalog.deprecated'], format: 'nftables' });
    await admin().post('/api/v1/catalogs/1.30.0/deprecate').expect(200);
    const [event] = await hook.waitFor(1);
    const payload = JSON.parse(event.body);
    expect(payload).toMatchObject({
      event: 'catalog.deprecated',
      profile: 'pinned',
      catalog: { from: '1.30.0', to: '1.31.0' },
    });
    expect(signedWith(event, subscription.secret)).toBe(true);
    const artifact = await request(t.server)
      .get('/api/v1/catalogs/1.31.0/artifacts/nftables?profile=pinned&since=1.30.0')
      .expect(200);
    expect(payload.artifact.content).toBe(artifact.text);
    await new Promise((wait) => setTimeout(wait, 1_000));
    expect(hook.received).toHaveLength(1);
  });
});

describe('retries, the log and redelivery', () => {
  it('retries a 500 with the same delivery id until a 200, and the log shows each attempt', async () => {
    const hook = await receiver((index) => (index < 2 ? 500 : 200));
    const subscription = await subscribe({ url: hook.url, events: ['profile.changed'], profiles: ['prod-eu'] });
    await admin().put('/api/v1/profiles/prod-eu').send(PROFILE('latest', 'canal')).expect(200);
    const attempts = await hook.waitFor(3);
    expect(new Set(attempts.map((attempt) => attempt.headers['x-webhook-delivery'])).size).toBe(1);
    expect(attempts.map((attempt) => attempt.headers['x-webhook-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(attempts.map((attempt) => attempt.body)).size).toBe(1);
    for (const attempt of attempts) expect(signedWith(attempt, subscription.secret)).toBe(true);
    const payload = JSON.parse(attempts[0].body);
    expect(payload).toMatchObject({
      event: 'profile.changed',
      profile: 'prod-eu',
      catalog: { from: '1.31.0', to: '1.31.0' },
    });
    // calico → canal: the calico-only flow went away.
    expect(payload.diff.removed.length + payload.diff.added.length).toBeGreaterThan(0);

    const [delivery] = await settled(subscription.id, 1);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
    expect(delivery.attemptLog.map((attempt) => attempt.statusCode)).toEqual([500, 500, 200]);
    // A description alone changes no answer: no event.
    await admin()
      .put('/api/v1/profiles/prod-eu')
      .send({ ...PROFILE('latest', 'canal'), description: 'renamed' })
      .expect(200);
    await new Promise((wait) => setTimeout(wait, 1_500));
    expect(hook.received).toHaveLength(3);
  });

  it('gives up on a receiver that never answers in time, then redelivers on request', async () => {
    let answering = false;
    const hook = await receiver(() => (answering ? 204 : 'hang'));
    const subscription = await subscribe({ url: hook.url, events: ['profile.changed'], profiles: ['staging'] });
    await admin().put('/api/v1/profiles/staging').send(PROFILE('latest', 'weave')).expect(200);
    const [delivery] = await settled(subscription.id, 1);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: null, nextAttemptAt: null });
    expect(delivery.lastError).toMatch(/timed out/);
    expect(hook.received).toHaveLength(3);

    // Redelivery while it is pending is refused; once failed, it goes once more, same id.
    answering = true;
    const again = await admin()
      .post(`/api/v1/webhooks/${subscription.id}/deliveries/${delivery.id}/redeliver`)
      .expect(202);
    expect(again.body).toMatchObject({ id: delivery.id, status: 'pending' });
    const [redelivered] = await settled(subscription.id, 1);
    expect(redelivered).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 204 });
    expect(hook.received[3].headers['x-webhook-delivery']).toBe(delivery.id);
    expect(hook.received[3].body).toBe(hook.received[0].body);
    await admin()
      .post(`/api/v1/webhooks/${subscription.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`)
      .expect(404);
  });

  it('signs with both secrets during a rotation', async () => {
    const hook = await receiver();
    const subscription = await subscribe({ url: hook.url, events: ['profile.changed'], profiles: ['pinned'] });
    const rotated = await admin().post(`/api/v1/webhooks/${subscription.id}/rotate-secret`).expect(200);
    expect(rotated.body.secret).not.toBe(subscription.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now());
    await admin().put('/api/v1/profiles/pinned').send(PROFILE('1.31.0')).expect(200);
    const [event] = await hook.waitFor(1);
    expect(String(event.headers['x-webhook-signature']).match(/v1=/g)).toHaveLength(2);
    expect(signedWith(event, rotated.body.secret)).toBe(true);
    expect(signedWith(event, subscription.secret)).toBe(true);
    expect(signedWith(event, 'whsec_someone-else')).toBe(false);
  });
});

describe('server-side request forgery', () => {
  it('does not call a host name that resolves to a private address at delivery time', async () => {
    const guarded = await createTestApp({
      // This instance also seals secrets at rest.
      webhooks: { ...WEBHOOK_SETTINGS, allowPrivateNetworks: false, secretKey: 'ab'.repeat(32) },
    });
    try {
      const hook = await receiver();
      const port = new URL(hook.url).port;
      const resolver = guarded.app.get(HostResolver);
      // At subscription the name is public; by delivery it points at the receiver on 127.0.0.1.
      const lookup = vi
        .spyOn(resolver, 'lookup')
        .mockResolvedValueOnce([{ address: '93.184.215.14', family: 4 }])
        .mockResolvedValue([{ address: '127.0.0.1', family: 4 }]);
      const created = await authorized(request(guarded.server).post('/api/v1/webhooks'))
        .send({ url: `http://hooks.rebind.example:${port}/hooks`, events: ['profile.changed'] })
        .expect(201);
      const stored = await guarded.app
        .get(PrismaService)
        .webhookSubscription.findUniqueOrThrow({ where: { id: created.body.id }, select: { secret: true } });
      expect(stored.secret).toMatch(/^enc:v1:/);
      expect(stored.secret).not.toContain(created.body.secret.slice(6));
      await authorized(request(guarded.server).put('/api/v1/profiles/victim')).send(PROFILE('latest')).expect(201);
      await authorized(request(guarded.server).put('/api/v1/profiles/victim'))
        .send(PROFILE('latest', 'canal'))
        .expect(200);
      let log: Delivery[] = [];
      for (let tries = 0; tries < 200; tries++) {
        log = (await authorized(request(guarded.server).get(`/api/v1/webhooks/${created.body.id}/deliveries`))).body
          .deliveries;
        if (log[0]?.status === 'failed') break;
        await new Promise((wait) => setTimeout(wait, 100));
      }
      expect(log[0]).toMatchObject({ status: 'failed', attempts: 3 });
      expect(log[0].attemptLog.map((attempt) => attempt.outcome)).toEqual(['refused', 'refused', 'refused']);
      expect(log[0].lastError).toMatch(/127\.0\.0\.1/);
      expect(lookup).toHaveBeenCalledWith('hooks.rebind.example');
      expect(hook.received).toHaveLength(0);
    } finally {
      await guarded.close();
    }
  });
});

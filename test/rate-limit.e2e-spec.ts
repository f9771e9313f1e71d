import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ResponseCache } from '../src/common/http/response-cache';
import type { Actor } from '../src/modules/auth/actor';
import { ApiKeyScope } from '../src/modules/auth/api-key-scope';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import type { CreatedApiKeyModel } from '../src/modules/auth/models/api-key.model';
import { createTestApp, TEST_ADMIN_API_KEY, type TestApp } from './support/test-app';

/**
 * Rate limits, with small limits. With trustProxy the client address is the one
 * X-Forwarded-For names, so each test speaks from an address of its own (documentation
 * addresses, only ever written in a header) and starts with a full bucket.
 */
const PER_ADDRESS = 5;
const PER_KEY = 2;
const IMMUTABLE_URL = '/api/v1/catalogs/1.30.0/flows?from=worker&to=master&cni=calico';

/** Limited by address only; per-key limit 0 (off). */
let byAddress: TestApp;
/** Limited by key only (per-address limit 0, off); every read needs a key. */
let byKey: TestApp;

beforeAll(async () => {
  [byAddress, byKey] = await Promise.all([
    createTestApp({ rateLimitPerAddress: PER_ADDRESS, rateLimitPerKey: 0 }),
    createTestApp({ rateLimitPerAddress: 0, rateLimitPerKey: PER_KEY, readsRequireKey: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([byAddress?.close(), byKey?.close()]);
});

const from = (address: string) => ({ 'X-Forwarded-For': address });
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Retry-After: whole seconds, at most the one-minute window. */
function retryAfterOf(res: request.Response): number {
  const seconds = Number(res.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  return seconds;
}

describe('the per-address limit', () => {
  it('refuses the request after the limit with 429, Retry-After and the usual error body', async () => {
    const address = from('203.0.113.1');
    for (let i = 1; i <= PER_ADDRESS; i++) {
      const res = await request(byAddress.server).get('/health').set(address).expect(200);
      expect(res.headers['x-ratelimit-limit']).toBe(String(PER_ADDRESS));
      expect(res.headers['x-ratelimit-remaining']).toBe(String(PER_ADDRESS - i));
    }
    const refused = await request(byAddress.server).get('/health').set(address).expect(429);
    const seconds = retryAfterOf(refused);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(refused.body).toEqual({
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: `too many requests from this address: at most ${PER_ADDRESS} a minute; retry in ${seconds} s`,
      details: { limit: 'per-address', requestsPerMinute: PER_ADDRESS, retryAfterSeconds: seconds },
    });

    // Every request counts, whatever it asks for: documents, paths that match no route.
    await request(byAddress.server).get('/api/docs-json').set(address).expect(429);
    await request(byAddress.server).get('/no/such/path').set(address).expect(429);
    // Another address has a bucket of its own.
    await request(byAddress.server).get('/health').set(from('203.0.113.2')).expect(200);
  });

  it('counts GraphQL before it runs, and answers 429 in the shape GraphQL clients read', async () => {
    const address = from('203.0.113.3');
    const query = '{ catalogs { version } }';
    for (let i = 0; i < PER_ADDRESS; i++) {
      await request(byAddress.server).post('/graphql').set(address).send({ query }).expect(200);
    }
    const refused = await request(byAddress.server).post('/graphql').set(address).send({ query }).expect(429);
    const seconds = retryAfterOf(refused);
    expect(refused.body).toEqual({
      errors: [
        {
          message: `too many requests from this address: at most ${PER_ADDRESS} a minute; retry in ${seconds} s`,
          extensions: {
            code: 'TOO_MANY_REQUESTS',
            statusCode: 429,
            details: { limit: 'per-address', requestsPerMinute: PER_ADDRESS, retryAfterSeconds: seconds },
          },
        },
      ],
    });
  });

  it('counts the answers the immutable response cache gives before routing', async () => {
    const address = from('203.0.113.4');
    const cache = byAddress.app.get(ResponseCache);
    const first = await request(byAddress.server).get(IMMUTABLE_URL).set(address).expect(200);
    expect(first.headers['cache-control']).toContain('immutable');
    const throughNest = vi.spyOn(cache, 'send');
    try {
      for (let i = 1; i < PER_ADDRESS; i++) {
        const cached = await request(byAddress.server).get(IMMUTABLE_URL).set(address).expect(200);
        expect(cached.text).toBe(first.text);
      }
      await request(byAddress.server).get(IMMUTABLE_URL).set(address).expect(429);
      // None of those got as far as a controller: the cache answered them.
      expect(throughNest).not.toHaveBeenCalled();
    } finally {
      throughNest.mockRestore();
    }
  });

  it('counts nothing per key when RATE_LIMIT_PER_KEY is 0', async () => {
    // Different addresses, so that only a per-key limit could refuse these.
    for (let i = 0; i < PER_KEY * 5; i++) {
      await request(byAddress.server)
        .get('/api/v1/api-keys')
        .set({ ...bearer(TEST_ADMIN_API_KEY), ...from(`198.51.100.${i + 1}`) })
        .expect(200);
    }
  });
});

describe('the per-key limit', () => {
  const keys: Record<'first' | 'second' | 'third', CreatedApiKeyModel> = {} as never;

  beforeAll(async () => {
    // Created through the service, so that ADMIN_API_KEY's own bucket stays full.
    const actor: Actor = { principal: { kind: 'bootstrap', scopes: [ApiKeyScope.admin] }, requestId: undefined };
    const service = byKey.app.get(ApiKeyService);
    for (const name of ['first', 'second', 'third'] as const) {
      keys[name] = await service.createKey({ name, scopes: [ApiKeyScope.reader] }, actor);
    }
  });

  const read = (key: string) => request(byKey.server).get('/api/v1/catalogs').set(bearer(key));

  it('gives each verified key a bucket of its own', async () => {
    for (let i = 0; i < PER_KEY; i++) await read(keys.first.key).expect(200);
    for (let i = 0; i < PER_KEY; i++) await read(keys.second.key).expect(200);

    const refused = await read(keys.first.key).expect(429);
    const seconds = retryAfterOf(refused);
    expect(refused.body).toEqual({
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: `too many requests with the API key "first": at most ${PER_KEY} a minute; retry in ${seconds} s`,
      details: { limit: 'per-key', requestsPerMinute: PER_KEY, retryAfterSeconds: seconds },
    });
    await read(keys.second.key).expect(429);

    // Over GraphQL the key is checked by the guard inside a resolver: Nest's Apollo driver
    // keeps such answers at 200 (preserveHttpStatusForExecutionErrors), with the code and
    // the status in the error and Retry-After on the response.
    const gql = await request(byKey.server)
      .post('/graphql')
      .set(bearer(keys.first.key))
      .send({ query: '{ catalogs { version } }' })
      .expect(200);
    retryAfterOf(gql);
    expect(gql.body.data).toBeNull();
    expect(gql.body.errors).toHaveLength(1);
    expect(gql.body.errors[0]).toMatchObject({
      message: expect.stringMatching(
        /^too many requests with the API key "first": at most 2 a minute; retry in \d+ s$/,
      ),
      extensions: { code: 'TOO_MANY_REQUESTS', statusCode: 429, details: { limit: 'per-key' } },
    });
    expect(gql.body.errors[0].extensions.http).toBeUndefined();
  });

  it('never counts a key it could not verify against the real key with that prefix', async () => {
    const fake = `nrk_${keys.third.prefix}_${'A'.repeat(43)}`;
    for (let i = 0; i < PER_KEY * 3; i++) await read(fake).expect(401);
    for (let i = 0; i < PER_KEY; i++) await read(keys.third.key).expect(200);
    await read(keys.third.key).expect(429);
  });

  it('counts ADMIN_API_KEY as one key', async () => {
    for (let i = 0; i < PER_KEY; i++) await read(TEST_ADMIN_API_KEY).expect(200);
    const refused = await read(TEST_ADMIN_API_KEY).expect(429);
    expect(refused.body.message).toMatch(/^too many requests with ADMIN_API_KEY: at most 2 a minute/);
  });

  it('counts nothing per address when RATE_LIMIT_PER_ADDRESS is 0', async () => {
    for (let i = 0; i < PER_ADDRESS * 4; i++) {
      const res = await request(byKey.server).get('/health').expect(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('the client address', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY trusts the proxy, so a client cannot pick a fresh address', async () => {
    const direct = await createTestApp({ rateLimitPerAddress: 2, rateLimitPerKey: 0, trustProxy: false });
    try {
      await request(direct.server).get('/health').set(from('198.51.100.1')).expect(200);
      await request(direct.server).get('/health').set(from('198.51.100.2')).expect(200);
      await request(direct.server).get('/health').set(from('198.51.100.3')).expect(429);
    } finally {
      await direct.close();
    }
  });

  it('with TRUST_PROXY=1 believes only the nearest proxy: the last X-Forwarded-For entry', async () => {
    const proxied = await createTestApp({ rateLimitPerAddress: 2, rateLimitPerKey: 0, trustProxy: 1 });
    try {
      const via = (forwarded: string) => request(proxied.server).get('/health').set('X-Forwarded-For', forwarded);
      // The client wrote the first entries; the proxy appended the address it saw.
      await via('203.0.113.1, 198.51.100.7').expect(200);
      await via('203.0.113.2, 198.51.100.7').expect(200);
      await via('203.0.113.3, 198.51.100.7').expect(429);
      await via('198.51.100.7, 198.51.100.8').expect(200);
    } finally {
      await proxied.close();
    }
  });
});

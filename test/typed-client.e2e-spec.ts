import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_API_KEY, type TestApp } from './support/test-app';
import { runCatalogClient } from './typed-client/catalog-client';

/**
 * A client generated from openapi.json the way the user generates one
 * (openapi-typescript types, committed as test/typed-client/openapi.d.ts and kept current by
 * the api-artifacts test, with openapi-fetch): it type-checks under `tsc --strict` with no
 * casts, refuses the mistakes in type-errors.ts, and does a pipeline's work against the
 * service listening on a real port.
 */
const ROOT = resolve(__dirname, '..');
let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  baseUrl = await t.app.getUrl();
});

afterAll(async () => {
  await t?.close();
});

describe('a client generated from openapi.json', () => {
  it('type-checks with tsc --strict, and its types refuse wrong paths, parameters, bodies and error codes', async () => {
    const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc');
    const files = ['test/typed-client/catalog-client.ts', 'test/typed-client/type-errors.ts'];
    const options = [
      '--noEmit',
      '--strict',
      '--module',
      'commonjs',
      '--moduleResolution',
      'node',
      '--target',
      'ES2023',
    ];
    const run = promisify(execFile)(process.execPath, [tsc, ...options, '--esModuleInterop', ...files], { cwd: ROOT });
    await expect(
      run.catch((error: { stdout: string }) => Promise.reject(new Error(error.stdout))),
    ).resolves.toBeDefined();
  }, 60_000);

  it('lists catalogs, asks flows with {cni: "calico"}, stores a profile, downloads nftables, clones, edits, publishes and diffs', async () => {
    const result = await runCatalogClient(baseUrl, TEST_ADMIN_API_KEY, '1.99.0');

    expect(result.catalogVersions).toContain(result.latestVersion);
    // Asked of "latest" before the client published another version: the same as asking that version now.
    const latest = result.latestVersion;
    // {cni: "calico"} went out as ?cni=calico: the same flows as that query, not canal's.
    const flowsOf = async (cni: string) =>
      (
        await request(t.server).get(`/api/v1/catalogs/${latest}/flows?from=worker&cni=${cni}`).expect(200)
      ).body.flows.map(
        (flow: { source: string; destination: string; protocol: string }) =>
          `${flow.source}>${flow.destination} ${flow.protocol}`,
      );
    expect(result.calicoFlows).toEqual(await flowsOf('calico'));
    expect(result.calicoFlows).not.toEqual(await flowsOf('canal'));

    const nftables = await request(t.server)
      .get(`/api/v1/catalogs/${latest}/artifacts/nftables?cni=calico`)
      .expect(200);
    expect(result.nftables).toBe(nftables.text);
    expect(result.nftables).toContain('table inet');

    expect(result).toMatchObject({
      profileVersion: expect.any(String),
      draftStatus: 'draft',
      addedKey: 'typed-client-metrics',
      publishedStatus: 'published',
      addedInDiff: ['Node exporter'],
      notFoundStatus: 404,
      notFoundCode: 'NOT_FOUND',
    });
  });
});

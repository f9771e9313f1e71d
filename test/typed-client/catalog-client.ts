import createClient from 'openapi-fetch';
import type { components, paths } from './openapi';

type Flow = components['schemas']['FlowModel'];
type ErrorBody = components['schemas']['ErrorResponseModel'];

/**
 * What a client generated from openapi.json (openapi-typescript + openapi-fetch) does in a
 * provisioning pipeline, written with the generated types only: no casts, no `any`. The
 * typed-client test type-checks this file with `tsc --strict` and runs it against the
 * service. `apiKey` needs the editor and publisher scopes.
 */
export async function runCatalogClient(baseUrl: string, apiKey: string, draftVersion: string) {
  const client = createClient<paths>({
    baseUrl,
    // Catalog parameter values are one query object in form style, exploded: {cni: "calico"} is ?cni=calico.
    querySerializer: { object: { style: 'form', explode: true } },
  });
  const auth = { Authorization: `Bearer ${apiKey}` };

  const catalogs = ok(await client.GET('/api/v1/catalogs'));
  const latest = catalogs.catalogs.find((catalog) => catalog.status === 'published');
  if (latest === undefined) throw new Error('no published catalog version');

  const calicoFlows = ok(
    await client.GET('/api/v1/catalogs/{version}/flows', {
      params: { path: { version: 'latest' }, query: { from: 'worker', params: { cni: 'calico' } } },
    }),
  ).flows;

  const profile = ok(
    await client.PUT('/api/v1/profiles/{name}', {
      params: { path: { name: 'typed-client' } },
      headers: auth,
      body: { version: 'latest', params: { cni: 'calico', airGap: false }, addresses: { master: ['10.0.1.0/24'] } },
    }),
  );

  const nftables = ok(
    await client.GET('/api/v1/catalogs/{version}/artifacts/{format}', {
      params: { path: { version: 'latest', format: 'nftables' }, query: { params: { cni: 'calico' } } },
      parseAs: 'text',
    }),
  );

  const draft = ok(
    await client.POST('/api/v1/catalogs', { headers: auth, body: { version: draftVersion, cloneFrom: 'latest' } }),
  );

  const added = ok(
    await client.POST('/api/v1/catalogs/{version}/flows', {
      params: { path: { version: draft.version } },
      headers: auth,
      body: {
        key: 'typed-client-metrics',
        source: 'kcp',
        destination: 'node',
        protocol: 'tcp',
        ports: '9100',
        component: 'Node exporter',
        notes: 'added by the typed client',
      },
    }),
  );

  const published = ok(
    await client.POST('/api/v1/catalogs/{version}/publish', {
      params: { path: { version: draft.version } },
      headers: auth,
    }),
  );

  const diff = ok(
    await client.GET('/api/v1/catalogs/{from}/diff/{to}', {
      params: { path: { from: latest.version, to: published.version } },
    }),
  );

  // An error answer is typed: its code is one of the ErrorCode values, not `never`.
  const missing = await client.GET('/api/v1/catalogs/{version}', { params: { path: { version: '0.0.0-none' } } });
  const notFoundCode: ErrorBody['code'] | undefined = missing.error?.code;

  return {
    catalogVersions: catalogs.catalogs.map((catalog) => catalog.version),
    /** The version "latest" was before this published another. */
    latestVersion: latest.version,
    calicoFlows: calicoFlows.map((flow: Flow) => `${flow.source}>${flow.destination} ${flow.protocol}`),
    profileVersion: profile.version,
    nftables,
    draftStatus: draft.status,
    addedKey: added.key,
    publishedStatus: published.status,
    addedInDiff: diff.added.map((flow: Flow) => flow.component),
    notFoundStatus: missing.response.status,
    notFoundCode,
  };
}

/** The body of a successful answer; an error answer, typed as the ErrorResponseModel it is, is thrown. */
function ok<T>(result: { data?: T; error?: ErrorBody; response: Response }): T {
  if (result.error !== undefined) {
    throw new Error(`${result.response.status} ${result.error.code}: ${result.error.message}`);
  }
  if (result.data === undefined) throw new Error(`${result.response.status} without a body`);
  return result.data;
}

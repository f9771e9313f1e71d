import type { Client } from 'openapi-fetch';
import type { paths } from './openapi';

const FLOWS = '/api/v1/catalogs/{version}/flows';
const latest = { version: 'latest' };

/**
 * Mistakes the generated types must refuse: `tsc --strict` fails on any `@ts-expect-error`
 * below that no longer has an error to expect. Type-checked only, never run.
 */
export async function mistakes(client: Client<paths>) {
  // @ts-expect-error a path the API does not have
  await client.GET('/api/v1/catalog');
  const listValue = { cni: ['calico'] };
  // @ts-expect-error a catalog parameter value is a string, number or boolean
  await client.GET(FLOWS, { params: { path: latest, query: { params: listValue } } });
  // @ts-expect-error a typo in a query option
  await client.GET(FLOWS, { params: { path: latest, query: { form: 'worker' } } });
  // @ts-expect-error a new draft needs a version
  await client.POST('/api/v1/catalogs', { body: { cloneFrom: 'latest' } });
  const sctp = { source: 'a', destination: 'b', protocol: 'sctp' } as const;
  // @ts-expect-error a flow's protocol is tcp, udp, tcp/udp or ipip
  await client.POST(FLOWS, { params: { path: latest }, body: sctp });
  const { error } = await client.GET('/api/v1/profiles/{name}', { params: { path: { name: 'x' } } });
  // @ts-expect-error error codes are the ErrorCode values
  const code: 'NO_SUCH_CODE' | undefined = error?.code;
  return code;
}

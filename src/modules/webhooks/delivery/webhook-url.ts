import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { forbiddenAddressReason, type WebhookNetworkPolicy } from './address-policy';

/** A subscription URL the service will not call; the message names the problem (a 400 on "url"). */
export class WebhookUrlError extends Error {
  override readonly name = 'WebhookUrlError';
}

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a host name to every address it has. Injected so that tests (and the rebinding
 * checks) can answer for names that do not exist in real DNS.
 */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

/** Longest URL accepted; receivers' URLs are short and the delivery log stores it. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * The operating system's resolver (what an HTTP client would use): every address, in the
 * order the resolver gives them. An IP literal answers itself without asking DNS.
 */
export const systemLookup: HostLookup = async (hostname) => {
  const literal = literalAddress(hostname);
  if (literal) return [literal];
  const answers = await dns.lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * The address a URL host names literally ("127.0.0.1", "[::1]"), or undefined for a name.
 * WHATWG URL parsing has already turned "0x7f.1" and "2130706433" into dotted IPv4.
 */
export function literalAddress(hostname: string): ResolvedAddress | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const family = isIP(bare);
  return family === 0 ? undefined : { address: bare, family: family === 6 ? 6 : 4 };
}

/**
 * Parses and checks a subscription URL without touching the network. Refuses: text that is
 * not an absolute URL, or longer than 2048 characters; any scheme but https (http only with
 * policy.allowHttp); a user name or password (they would be sent to the receiver in clear
 * and end up in logs; the signature authenticates instead); a fragment (a client never
 * sends it, so a URL with one is a mistake we would rather report than silently drop);
 * a literal IP host that is not a public address, unless policy.allowPrivateNetworks.
 * Host names are checked by checkWebhookTarget, which resolves them.
 */
export function checkWebhookUrl(raw: string, policy: WebhookNetworkPolicy): URL {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new WebhookUrlError(
      `the webhook URL is ${raw.length} characters long; at most ${MAX_WEBHOOK_URL_LENGTH} are allowed`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError(`${JSON.stringify(shorten(raw))} is not an absolute URL`);
  }
  if (url.protocol === 'http:') {
    if (!policy.allowHttp) {
      throw new WebhookUrlError('the webhook URL must use https (http is allowed only with WEBHOOK_ALLOW_HTTP=true)');
    }
  } else if (url.protocol !== 'https:') {
    throw new WebhookUrlError(`the webhook URL must use https, not ${JSON.stringify(url.protocol.slice(0, -1))}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new WebhookUrlError('the webhook URL must not contain a user name or password');
  }
  if (url.hash !== '' || raw.includes('#')) {
    throw new WebhookUrlError('the webhook URL must not contain a fragment ("#...")');
  }
  const literal = literalAddress(url.hostname);
  if (literal && !policy.allowPrivateNetworks) {
    const reason = forbiddenAddressReason(literal.address);
    if (reason !== undefined) throw forbiddenAddressError(url.hostname, literal.address, reason);
  }
  return url;
}

/**
 * Resolves the URL's host (every address) and throws WebhookUrlError when the name does not
 * resolve or any address is not public (unless policy.allowPrivateNetworks): a name with one
 * public and one private address could be steered to the private one. Used when a
 * subscription is made; each delivery checks again (webhook-sender.ts), since DNS answers change.
 */
export async function checkWebhookTarget(url: URL, policy: WebhookNetworkPolicy, lookup: HostLookup): Promise<void> {
  const addresses = await resolveHost(url.hostname, lookup);
  if (addresses.length === 0)
    throw new WebhookUrlError(`the webhook host ${url.hostname} does not resolve to any address`);
  const refusal = refusalFor(url.hostname, addresses, policy);
  if (refusal) throw refusal;
}

/**
 * The addresses of a URL host: a literal answers itself, a name goes to lookup. Throws
 * WebhookUrlError naming the host when the lookup fails.
 */
export async function resolveHost(hostname: string, lookup: HostLookup): Promise<ResolvedAddress[]> {
  const literal = literalAddress(hostname);
  if (literal) return [literal];
  try {
    return await lookup(hostname);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WebhookUrlError(`the webhook host ${hostname} does not resolve${code ? ` (${code})` : ''}`);
  }
}

/** The error for the first forbidden address, or undefined when the policy allows them all. */
export function refusalFor(
  hostname: string,
  addresses: readonly ResolvedAddress[],
  policy: WebhookNetworkPolicy,
): WebhookUrlError | undefined {
  if (policy.allowPrivateNetworks) return undefined;
  for (const { address } of addresses) {
    const reason = forbiddenAddressReason(address);
    if (reason !== undefined) return forbiddenAddressError(hostname, address, reason);
  }
  return undefined;
}

function forbiddenAddressError(hostname: string, address: string, reason: string): WebhookUrlError {
  const bare = literalAddress(hostname)?.address;
  const where =
    bare === address ? `the webhook host ${address}` : `the webhook host ${hostname} resolves to ${address}, which`;
  return new WebhookUrlError(
    `${where} is a ${reason} address; webhooks go only to public addresses (unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true)`,
  );
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { WebhookNetworkPolicy } from './address-policy';
import {
  checkWebhookUrl,
  type HostLookup,
  refusalFor,
  type ResolvedAddress,
  resolveHost,
  WebhookUrlError,
} from './webhook-url';

/** Sent with every delivery so receivers and their proxies can tell webhooks apart. */
export const WEBHOOK_USER_AGENT = 'kublr-network-requirements-webhooks/1';
/** How much of a receiver's answer the delivery log keeps. */
export const RESPONSE_EXCERPT_CHARS = 256;

/** One POST to a receiver. */
export interface WebhookSendRequest {
  url: string;
  /** X-Webhook-Event, X-Webhook-Delivery, X-Webhook-Signature...; content-type and user-agent are set here. */
  headers: Record<string, string>;
  /** The raw JSON body, sent byte for byte as signed. */
  body: string;
  /** Bounds the whole exchange: DNS, connect, TLS, response headers and body. */
  timeoutMs: number;
  /** Reading of the response body stops after this many bytes. */
  maxResponseBytes: number;
  policy: WebhookNetworkPolicy;
  lookup: HostLookup;
}

/**
 * What happened to one attempt. delivered: the receiver answered 2xx. failed: any other
 * status (3xx too: redirects are never followed), a network error or the timeout; worth
 * retrying. refused: the URL or an address it resolved to is not allowed by the policy; no
 * connection was made. latencyMs runs from the start of the attempt (DNS included) to the
 * response headers, or to the failure.
 */
export interface SendOutcome {
  outcome: 'delivered' | 'failed' | 'refused';
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

/** Headers the sender owns; a caller's value for them is dropped, not merged. */
const OWN_HEADERS = new Set([
  'content-type',
  'user-agent',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
]);

class DeadlineExceeded extends Error {}

/**
 * POSTs one webhook. The host is resolved once with request.lookup and every address is
 * checked against the policy (DNS rebinding: a name that answered a public address when the
 * subscription was made may answer 127.0.0.1 now); the connection then goes to those checked
 * addresses only, through a lookup function that hands them to the socket instead of asking
 * DNS again, so no second answer can slip in between check and connect. For https the TLS
 * server name (SNI) and the certificate check still use the host name.
 *
 * Built on node:http/https rather than fetch or undici: their `lookup` option pins the
 * address without a new dependency, `agent: false` keeps a pooled socket (connected under
 * another check) from being reused, redirects are never followed, and the response stream
 * can be cut after maxResponseBytes. Never throws for anything the receiver or the network
 * does; the outcome says what happened.
 */
export async function sendWebhook(request: WebhookSendRequest): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const settleEarly = (outcome: 'failed' | 'refused', error: string): SendOutcome => ({
    outcome,
    statusCode: null,
    latencyMs: elapsed(),
    error,
    responseExcerpt: null,
  });

  let url: URL;
  try {
    url = checkWebhookUrl(request.url, request.policy);
  } catch (error) {
    if (error instanceof WebhookUrlError) return settleEarly('refused', error.message);
    throw error;
  }

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DeadlineExceeded()), request.timeoutMs);
  try {
    let addresses: ResolvedAddress[];
    try {
      addresses = await untilAborted(resolveHost(url.hostname, request.lookup), deadline.signal);
    } catch (error) {
      if (error instanceof DeadlineExceeded) {
        return settleEarly('failed', `timed out after ${request.timeoutMs} ms resolving ${url.hostname}`);
      }
      return settleEarly('failed', error instanceof Error ? error.message : String(error));
    }
    if (addresses.length === 0) {
      return settleEarly('failed', `the webhook host ${url.hostname} does not resolve to any address`);
    }
    const refusal = refusalFor(url.hostname, addresses, request.policy);
    if (refusal) return settleEarly('refused', refusal.message);
    return await exchange(url, addresses, request, deadline.signal, elapsed);
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP part of sendWebhook: connect to the checked addresses, POST, read the answer. */
function exchange(
  url: URL,
  addresses: readonly ResolvedAddress[],
  request: WebhookSendRequest,
  deadline: AbortSignal,
  elapsed: () => number,
): Promise<SendOutcome> {
  return new Promise<SendOutcome>((resolve) => {
    const timedOut = `timed out after ${request.timeoutMs} ms`;
    let settled = false;
    let response: IncomingMessage | undefined;
    let latencyMs = 0;
    const chunks: Buffer[] = [];
    let received = 0;

    const settle = (outcome: SendOutcome): void => {
      if (settled) return;
      settled = true;
      deadline.removeEventListener('abort', onDeadline);
      resolve(outcome);
    };
    const settleWithoutResponse = (error: string): void =>
      settle({ outcome: 'failed', statusCode: null, latencyMs: elapsed(), error, responseExcerpt: null });
    /** Once the status is in, it decides; the body is only an excerpt for the delivery log. */
    const settleWithResponse = (res: IncomingMessage, note: string | null): void => {
      const statusCode = res.statusCode ?? 0;
      const delivered = statusCode >= 200 && statusCode < 300;
      settle({
        outcome: delivered ? 'delivered' : 'failed',
        statusCode,
        latencyMs,
        error: delivered ? note : statusError(res, note),
        responseExcerpt: responseExcerpt(Buffer.concat(chunks)),
      });
    };
    function onDeadline(): void {
      if (response) settleWithResponse(response, `response body not complete ${timedOut}`);
      else settleWithoutResponse(timedOut);
      req.destroy();
    }

    const pinned: LookupFunction = (_hostname, options, callback) => {
      const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
      const usable = wanted ? addresses.filter((entry) => entry.family === wanted) : addresses;
      if (usable.length === 0) {
        const error: NodeJS.ErrnoException = new Error(`no checked IPv${wanted} address for ${url.hostname}`);
        error.code = 'ENOTFOUND';
        callback(error, '', 0);
      } else if (options.all) {
        // Node 20 asks for every address (all: true) to try them in turn (autoSelectFamily).
        (callback as unknown as (error: null, all: ResolvedAddress[]) => void)(null, [...usable]);
      } else {
        callback(null, usable[0].address, usable[0].family);
      }
    };

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!OWN_HEADERS.has(name.toLowerCase())) headers[name] = value;
    }
    headers['content-type'] = 'application/json';
    headers['user-agent'] = WEBHOOK_USER_AGENT;
    headers['content-length'] = String(Buffer.byteLength(request.body, 'utf8'));

    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: 'POST', headers, agent: false, lookup: pinned });
    req.on('error', (error) => {
      if (response) settleWithResponse(response, null);
      else settleWithoutResponse(networkError(error));
    });
    req.on('response', (res) => {
      response = res;
      latencyMs = elapsed();
      const limit = Math.max(0, request.maxResponseBytes);
      const stop = (): void => {
        settleWithResponse(res, null);
        res.destroy();
      };
      if (limit === 0) return stop();
      res.on('data', (chunk: Buffer) => {
        const take = Math.min(chunk.length, limit - received);
        chunks.push(chunk.subarray(0, take));
        received += take;
        if (received >= limit) stop();
      });
      // A body cut short by the receiver still leaves its status standing.
      for (const event of ['end', 'close', 'error']) res.on(event, () => settleWithResponse(res, null));
    });
    if (deadline.aborted) return onDeadline();
    deadline.addEventListener('abort', onDeadline);
    req.end(request.body, 'utf8');
  });
}

/** Rejects with the signal's reason once it aborts; the promise itself is left to finish. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function statusError(response: IncomingMessage, note: string | null): string {
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  const redirect =
    status >= 300 && status < 400 && location
      ? ` (a redirect to ${printable(location).slice(0, 200)}; not followed)`
      : '';
  return `the receiver answered ${status}${redirect}${note ? `; ${note}` : ''}`;
}

const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host not found',
};

/** "connection refused (127.0.0.1:8443)", or the error's own message for TLS and parse errors. */
function networkError(error: Error): string {
  const first = error instanceof AggregateError && error.errors.length > 0 ? (error.errors[0] as Error) : error;
  const { code, address, port } = first as NodeJS.ErrnoException & { address?: string; port?: number };
  const known = code ? NETWORK_ERRORS[code] : undefined;
  if (known) return address ? `${known} (${address}${port ? `:${port}` : ''})` : known;
  if (code?.startsWith('HPE_')) return `invalid HTTP response: ${first.message}`;
  return first.message || code || 'unknown network error';
}

/** The start of a response body as one printable line, or null when there is nothing to show. */
export function responseExcerpt(body: Buffer): string | null {
  const text = printable(body.toString('utf8')).slice(0, RESPONSE_EXCERPT_CHARS).trimEnd();
  return text === '' ? null : text;
}

function printable(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\uFFFD]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

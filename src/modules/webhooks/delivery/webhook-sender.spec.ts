import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { createSecureContext } from 'node:tls';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookNetworkPolicy } from './address-policy';
import { sendWebhook, type WebhookSendRequest, WEBHOOK_USER_AGENT } from './webhook-sender';
import { type HostLookup, systemLookup } from './webhook-url';

const open: WebhookNetworkPolicy = { allowHttp: true, allowPrivateNetworks: true };
const noPrivate: WebhookNetworkPolicy = { allowHttp: true, allowPrivateNetworks: false };

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

interface Receiver {
  port: number;
  received: Received[];
  /** Sockets that connected at all, answered or not. */
  connections: number;
}

const servers: Array<Server | HttpsServer> = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** An HTTP receiver on 127.0.0.1 that records each request (raw body bytes) before `answer` runs. */
async function receiver(answer: (res: ServerResponse, req: IncomingMessage) => void): Promise<Receiver> {
  const state: Receiver = { port: 0, received: [], connections: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      answer(res, req);
    });
  });
  server.on('connection', () => (state.connections += 1));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

function send(overrides: Partial<WebhookSendRequest> & { url: string }): ReturnType<typeof sendWebhook> {
  return sendWebhook({
    headers: {},
    body: '{}',
    timeoutMs: 10_000,
    maxResponseBytes: 4096,
    policy: open,
    lookup: systemLookup,
    ...overrides,
  });
}

/** A lookup stub for names that do not exist in real DNS; counts its calls. */
function stubLookup(address: string): HostLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = (hostname: string) => {
    calls.push(hostname);
    return Promise.resolve([{ address, family: address.includes(':') ? (6 as const) : (4 as const) }]);
  };
  return Object.assign(lookup, { calls });
}

describe('sendWebhook', () => {
  it.each([200, 204])('delivers on %i', async (status) => {
    const server = await receiver((res) => res.writeHead(status).end(status === 204 ? undefined : 'ok, thanks'));
    const outcome = await send({ url: `http://127.0.0.1:${server.port}/hook` });
    expect(outcome).toMatchObject({ outcome: 'delivered', statusCode: status, error: null });
    expect(outcome.responseExcerpt).toBe(status === 204 ? null : 'ok, thanks');
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.received).toHaveLength(1);
  });

  it('sends the headers and the raw body exactly', async () => {
    const server = await receiver((res) => res.writeHead(200).end());
    const body = '{"event":"catalog.published","text":"é ✓ \\u0000","n":1}\n';
    const outcome = await send({
      url: `http://127.0.0.1:${server.port}/in/hook?x=1`,
      body,
      headers: {
        'X-Webhook-Event': 'catalog.published',
        'X-Webhook-Delivery': 'd-123',
        'X-Webhook-Signature': 't=1,v1=ab',
        'Content-Type': 'text/plain',
        'User-Agent': 'spoofed',
      },
    });
    expect(outcome.outcome).toBe('delivered');
    const [got] = server.received;
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/in/hook?x=1');
    expect(got.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
    expect(got.headers).toMatchObject({
      'x-webhook-event': 'catalog.published',
      'x-webhook-delivery': 'd-123',
      'x-webhook-signature': 't=1,v1=ab',
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'content-length': String(Buffer.byteLength(body)),
      host: `127.0.0.1:${server.port}`,
    });
  });

  it('fails on 500 with the status and the start of the answer', async () => {
    const server = await receiver((res) => res.writeHead(500).end('boom\n\tstack\u0007 trace'));
    const outcome = await send({ url: `http://127.0.0.1:${server.port}/` });
    expect(outcome).toMatchObject({
      outcome: 'failed',
      statusCode: 500,
      error: 'the receiver answered 500',
      responseExcerpt: 'boom stack trace',
    });
  });

  it('does not follow a redirect: failed with 302, the target never called', async () => {
    const target = await receiver((res) => res.writeHead(200).end());
    const redirecting = await receiver((res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${target.port}/elsewhere` }).end(),
    );
    const outcome = await send({ url: `http://127.0.0.1:${redirecting.port}/` });
    expect(outcome).toMatchObject({ outcome: 'failed', statusCode: 302 });
    expect(outcome.error).toContain(`a redirect to http://127.0.0.1:${target.port}/elsewhere; not followed`);
    expect(redirecting.received).toHaveLength(1);
    expect(target.connections).toBe(0);
  });

  it('fails with "timed out" when the receiver never answers', async () => {
    const server = await receiver(() => undefined);
    const outcome = await send({ url: `http://127.0.0.1:${server.port}/`, timeoutMs: 300 });
    expect(outcome).toMatchObject({ outcome: 'failed', statusCode: null, error: 'timed out after 300 ms' });
    expect(server.received).toHaveLength(1);
  });

  it('fails with "timed out" when the receiver never accepts the request (no HTTP at all)', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const outcome = await send({ url: `http://127.0.0.1:${port}/`, timeoutMs: 300 });
      expect(outcome).toMatchObject({ outcome: 'failed', statusCode: null, error: 'timed out after 300 ms' });
      expect(sockets).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('fails with "connection refused" naming the address', async () => {
    const closed = await receiver(() => undefined);
    const port = closed.port;
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
    const outcome = await send({ url: `http://127.0.0.1:${port}/` });
    expect(outcome).toMatchObject({
      outcome: 'failed',
      statusCode: null,
      error: `connection refused (127.0.0.1:${port})`,
    });
  });

  it('reads at most maxResponseBytes of a 1 MB answer and stops (never waits for its end)', async () => {
    let closedEarly = false;
    const server = await receiver((res) => {
      res.on('close', () => (closedEarly = !res.writableFinished));
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('x'.repeat(1024 * 1024));
      // never ends: a sender that read to the end would hit the deadline and say so in `error`
    });
    const outcome = await send({ url: `http://127.0.0.1:${server.port}/`, maxResponseBytes: 8192 });
    expect(outcome).toMatchObject({ outcome: 'delivered', statusCode: 200, error: null });
    expect(outcome.responseExcerpt).toBe('x'.repeat(256));
    await expect.poll(() => closedEarly).toBe(true);
  });

  it('keeps a long one-line excerpt of a failing answer at 256 characters', async () => {
    const server = await receiver((res) => res.writeHead(503).end(`${'é'.repeat(200)}\n${'y'.repeat(1024 * 1024)}`));
    const outcome = await send({ url: `http://127.0.0.1:${server.port}/`, maxResponseBytes: 1000 });
    expect(outcome.outcome).toBe('failed');
    expect(outcome.responseExcerpt).toHaveLength(256);
    expect(outcome.responseExcerpt).toBe(`${'é'.repeat(200)} ${'y'.repeat(55)}`);
  });

  it('refuses a private address without allowPrivateNetworks; the receiver is never called', async () => {
    const server = await receiver((res) => res.writeHead(200).end());
    const outcome = await send({ url: `http://127.0.0.1:${server.port}/`, policy: noPrivate });
    expect(outcome).toMatchObject({ outcome: 'refused', statusCode: null });
    expect(outcome.error).toContain('127.0.0.1 is a loopback address');
    expect(server.connections).toBe(0);
  });

  it('refuses http without allowHttp; the receiver is never called', async () => {
    const server = await receiver((res) => res.writeHead(200).end());
    const outcome = await send({
      url: `http://127.0.0.1:${server.port}/`,
      policy: { allowHttp: false, allowPrivateNetworks: true },
    });
    expect(outcome).toMatchObject({ outcome: 'refused', statusCode: null });
    expect(outcome.error).toMatch(/must use https/);
    expect(server.connections).toBe(0);
  });

  it('refuses a name that now resolves to 127.0.0.1 (DNS rebinding), naming host, address and reason', async () => {
    const server = await receiver((res) => res.writeHead(200).end());
    const lookup = stubLookup('127.0.0.1');
    const outcome = await send({ url: `http://hooks.example.test:${server.port}/`, policy: noPrivate, lookup });
    expect(outcome).toMatchObject({ outcome: 'refused', statusCode: null });
    expect(outcome.error).toBe(
      'the webhook host hooks.example.test resolves to 127.0.0.1, which is a loopback address; ' +
        'webhooks go only to public addresses (unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true)',
    );
    expect(server.connections).toBe(0);
  });

  it('connects to the address it checked: the name is resolved once, by the given lookup only', async () => {
    const server = await receiver((res) => res.writeHead(200).end());
    const lookup = stubLookup('127.0.0.1'); // hooks.example.test does not exist in real DNS
    const outcome = await send({ url: `http://hooks.example.test:${server.port}/pinned`, lookup });
    expect(outcome).toMatchObject({ outcome: 'delivered', statusCode: 200 });
    expect(lookup.calls).toEqual(['hooks.example.test']);
    expect(server.received[0].headers.host).toBe(`hooks.example.test:${server.port}`);
    expect(server.received[0].url).toBe('/pinned');
  });

  it('fails (not refused) when the name does not resolve', async () => {
    const lookup: HostLookup = () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    const outcome = await send({ url: 'https://nowhere.example.test/', lookup });
    expect(outcome).toMatchObject({
      outcome: 'failed',
      statusCode: null,
      error: 'the webhook host nowhere.example.test does not resolve (ENOTFOUND)',
    });
  });

  it('counts a lookup that never answers against the timeout', async () => {
    const outcome = await send({
      url: 'https://slow.example.test/',
      lookup: () => new Promise(() => undefined),
      timeoutMs: 200,
    });
    expect(outcome).toMatchObject({ outcome: 'failed', error: 'timed out after 200 ms resolving slow.example.test' });
  });

  it('keeps TLS on the host name over the pinned address: SNI is the name, an untrusted certificate fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-tls-'));
    try {
      // prettier-ignore
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/CN=hooks.example.test', '-addext', 'subjectAltName=DNS:hooks.example.test',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ], { stdio: 'ignore' });
      const context = createSecureContext({
        key: readFileSync(join(dir, 'key.pem')),
        cert: readFileSync(join(dir, 'cert.pem')),
      });
      const serverNames: string[] = [];
      let requests = 0;
      const server = createTlsServer(
        {
          SNICallback: (name, callback) => {
            serverNames.push(name);
            callback(null, context);
          },
        },
        (_req, res) => {
          requests += 1;
          res.writeHead(200).end();
        },
      );
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const outcome = await send({ url: `https://hooks.example.test:${port}/`, lookup: stubLookup('127.0.0.1') });
      expect(outcome).toMatchObject({ outcome: 'failed', statusCode: null });
      expect(outcome.error).toMatch(/self[- ]signed certificate/);
      expect(serverNames).toEqual(['hooks.example.test']);
      expect(requests).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, with its raw body. */
export interface ReceivedHook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly path: string;
}

/** How the receiver answers its n-th request (0-based): a status, or never. */
export type Answer = number | 'hang';

export interface Receiver {
  readonly url: string;
  readonly received: ReceivedHook[];
  /** Resolves once `count` requests have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1, as a ticketing system would run one: it records every
 * request with its raw body and answers as `answer` says (200 unless told otherwise).
 */
export async function startReceiver(answer: (index: number) => Answer = () => 200): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  const waiters: Array<() => void> = [];
  const hanging = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = received.length;
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        path: request.url ?? '',
      });
      for (const wake of waiters.splice(0)) wake();
      const status = answer(index);
      if (status === 'hang') {
        hanging.add(() => response.destroy());
        return;
      }
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`the receiver got ${received.length} requests, not ${count}, in ${timeoutMs} ms`);
        await new Promise<void>((wake) => {
          const timer = setTimeout(wake, left);
          waiters.push(() => {
            clearTimeout(timer);
            wake();
          });
        });
      }
      return received.slice(0, count);
    },
    close: () =>
      new Promise<void>((closed) => {
        for (const drop of hanging) drop();
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

/**
 * Checks X-Webhook-Signature as a receiver would, written here from the documented scheme
 * (not with the service's code): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`,
 * one `v1=` per signing secret; true when one of them is `secret`'s.
 */
export function signedWith(hook: ReceivedHook, secret: string): boolean {
  const header = String(hook.headers['x-webhook-signature'] ?? '');
  const parts = header.split(',').map((part) => part.split('='));
  const t = parts.find(([name]) => name === 't')?.[1];
  if (t === undefined || !/^\d+$/.test(t) || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${hook.body}`).digest();
  return parts
    .filter(([name]) => name === 'v1')
    .some(([, hex]) => {
      const given = Buffer.from(hex ?? '', 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

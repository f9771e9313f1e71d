import fastifyRateLimit from '@fastify/rate-limit';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { RateLimitedError } from '../errors/domain-error';

/** Both limits count requests in fixed windows of one minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** Addresses (or keys) whose counts are kept; the least recently seen go first. */
const TRACKED_CLIENTS = 10_000;

type KeyLimiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * The bucket of the verified key each request is being counted for, handed to the
 * library's keyGenerator (which receives only the request).
 */
const verifiedKeyBuckets = new WeakMap<object, string>();

/**
 * Rate limits, with @fastify/rate-limit (in-process counters: each instance of the service
 * counts its own requests).
 *
 * - Per client address (RATE_LIMIT_PER_ADDRESS): one root `onRequest` hook, so every
 *   request counts before routing, body parsing and the immutable response cache: REST,
 *   GraphQL, /api/docs and unmatched paths alike. The address is request.ip: the peer, or
 *   the client named by X-Forwarded-For when TRUST_PROXY trusts the proxy that sent it.
 * - Per API key (RATE_LIMIT_PER_KEY): a second limiter of the same plugin with a store of
 *   its own, which the AuthGuard calls once per HTTP request after it has verified the key
 *   (see AuthGuard for why there).
 *
 * createApp calls `register` before the routes are set up; until then (and with both
 * limits 0) nothing is counted.
 */
@Injectable()
export class RateLimits {
  private keyLimiter: KeyLimiter | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async register(fastify: FastifyInstance): Promise<void> {
    const { rateLimitPerAddress, rateLimitPerKey } = this.config;
    if (rateLimitPerAddress === 0 && rateLimitPerKey === 0) return;
    // global: false: no hook per route; the per-address hook below covers unmatched paths too.
    await fastify.register(fastifyRateLimit, { global: false });
    if (rateLimitPerAddress > 0) {
      fastify.addHook(
        'onRequest',
        fastify.rateLimit({
          max: rateLimitPerAddress,
          timeWindow: RATE_LIMIT_WINDOW_MS,
          cache: TRACKED_CLIENTS,
          errorResponseBuilder: (_request, { max, ttl }) =>
            new RateLimitedError(
              `too many requests from this address: at most ${max} a minute`,
              'per-address',
              max,
              ttl / 1000,
            ),
        }),
      );
    }
    if (rateLimitPerKey > 0) {
      this.keyLimiter = fastify.createRateLimit({
        max: rateLimitPerKey,
        timeWindow: RATE_LIMIT_WINDOW_MS,
        keyGenerator: (request) => verifiedKeyBuckets.get(request) ?? '',
      });
    }
  }

  /**
   * Counts one request made with a verified key. `bucket` identifies the key (its id; one
   * bucket for ADMIN_API_KEY), `keyName` names it in the message. Throws RateLimitedError
   * over the limit.
   */
  async countKeyRequest(request: object, bucket: string, keyName: string): Promise<void> {
    if (this.keyLimiter === undefined) return;
    verifiedKeyBuckets.set(request, bucket);
    const result = await this.keyLimiter(request as FastifyRequest);
    if (result.isAllowed || !result.isExceeded) return;
    throw new RateLimitedError(
      `too many requests with ${keyName}: at most ${result.max} a minute`,
      'per-key',
      result.max,
      result.ttl / 1000,
    );
  }
}

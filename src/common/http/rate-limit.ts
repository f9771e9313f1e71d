import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { RateLimitedError } from '../errors/domain-error';
import { RateLimitRedis, type RateLimitCounting } from './rate-limit-redis';
import { FallbackRateLimitStore } from './rate-limit-store';

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
 * Rate limits, with @fastify/rate-limit. Without REDIS_URL each instance of the service
 * counts its own requests (N instances allow N times the limit); with it the counters live
 * in Redis, so the instances together allow the limit, and while Redis cannot be reached
 * each instance counts on its own again (FallbackRateLimitStore, RateLimitRedis). Keys in
 * Redis: REDIS_KEY_PREFIX + `rate-limit:per-address:<address>` or `rate-limit:per-key:<bucket>`.
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
export class RateLimits implements OnApplicationShutdown {
  private keyLimiter: KeyLimiter | undefined;
  private redis: RateLimitRedis | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Where the counters are kept right now: in Redis, or in this process. */
  get counting(): RateLimitCounting {
    return this.redis?.counting ?? 'per-process';
  }

  async register(fastify: FastifyInstance): Promise<void> {
    const { rateLimitPerAddress, rateLimitPerKey, redisUrl, redisKeyPrefix } = this.config;
    if (rateLimitPerAddress === 0 && rateLimitPerKey === 0) return;
    if (redisUrl !== undefined) {
      this.redis = new RateLimitRedis(redisUrl);
      await this.redis.connect();
    }
    await fastify.register(fastifyRateLimit, {
      // No hook per route; the per-address hook below covers unmatched paths too.
      global: false,
      store: FallbackRateLimitStore.using(this.redis, `${redisKeyPrefix}rate-limit:`),
    });
    if (rateLimitPerAddress > 0) {
      fastify.addHook(
        'onRequest',
        fastify.rateLimit({
          max: rateLimitPerAddress,
          timeWindow: RATE_LIMIT_WINDOW_MS,
          cache: TRACKED_CLIENTS,
          // The plugin's own key (IPv6 addresses by /64), named apart from the per-key buckets.
          keyGenerator: (request) => `per-address:${normalizeIP(request.ip)}`,
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
        keyGenerator: (request) => `per-key:${verifiedKeyBuckets.get(request) ?? ''}`,
      });
    }
  }

  /** After the HTTP server has closed: the Redis connection goes, so the process can exit. */
  onApplicationShutdown(): void {
    this.redis?.close();
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

import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import LocalStore from '@fastify/rate-limit/store/LocalStore';
import RedisStore from '@fastify/rate-limit/store/RedisStore';
import type { RateLimitRedis } from './rate-limit-redis';

type StoreMethod = FastifyRateLimitStore['incr'];
type CountCallback = Parameters<StoreMethod>[1];

/**
 * What the plugin hands a store: the plugin's settings, then for each limiter its options
 * merged over them (the package types this argument as route options).
 */
interface LimiterParams {
  readonly continueExceeding?: boolean;
  readonly exponentialBackoff?: boolean;
  readonly cache?: number;
}

/**
 * The `store` of @fastify/rate-limit: the plugin's own Redis store (the same Lua script its
 * `redis` option would use) while Redis answers, the plugin's own in-process store when it
 * does not.
 *
 * Why not the plugin's `redis` option: with it, a Redis error fails the request, or with
 * `skipOnError` lets it through uncounted: while Redis is away there would be no limit at
 * all. Here a request Redis cannot count (not connected, timed out, refused) is counted in
 * the process instead, so every instance keeps its limit on its own until Redis is back;
 * Redis errors never reach the client. Whether to try Redis, and the log lines when it goes
 * and comes back, are RateLimitRedis's.
 *
 * The plugin builds the root store with `new` and calls `child` once for each limiter
 * (`rateLimit`, `createRateLimit`); each child has a Redis store and a local store of its
 * own. In Redis every key is `namespace` (what the plugin's `nameSpace` option would set)
 * + what the limiter's keyGenerator returns.
 */
export class FallbackRateLimitStore implements FastifyRateLimitStore {
  private readonly local: LocalStore;
  private readonly shared: RedisStore | undefined;

  constructor(
    private readonly redis: RateLimitRedis | undefined,
    private readonly namespace: string,
    params: object,
  ) {
    const { continueExceeding = false, exponentialBackoff = false, cache } = params as LimiterParams;
    this.local = new LocalStore(continueExceeding, exponentialBackoff, cache);
    this.shared =
      redis === undefined ? undefined : new RedisStore(continueExceeding, exponentialBackoff, redis.client, namespace);
  }

  /** The class to hand the plugin as its `store` option. */
  static using(redis: RateLimitRedis | undefined, namespace: string): FastifyRateLimitStoreCtor {
    return class extends FallbackRateLimitStore {
      constructor(params: object) {
        super(redis, namespace, params);
      }
    };
  }

  incr(key: string, callback: CountCallback, timeWindow: number, max: number): void {
    this.count('incr', key, callback, timeWindow, max);
  }

  /** The count without counting this request (`{ increment: false }`). */
  read(key: string, callback: CountCallback, timeWindow: number, max: number): void {
    this.count('read', key, callback, timeWindow, max);
  }

  child(params: object): FallbackRateLimitStore {
    return new FallbackRateLimitStore(this.redis, this.namespace, params);
  }

  private count(method: 'incr' | 'read', key: string, callback: CountCallback, timeWindow: number, max: number): void {
    const { redis, shared } = this;
    if (redis === undefined || shared === undefined || !redis.useRedis()) {
      this.local[method](key, callback, timeWindow, max);
      return;
    }
    const inProcess = (error: Error) => {
      redis.failed(error);
      this.local[method](key, callback, timeWindow, max);
    };
    try {
      shared[method](
        key,
        (error, result) => {
          if (error !== null || result === undefined) {
            inProcess(error ?? new Error('Redis gave no count'));
            return;
          }
          redis.succeeded();
          callback(null, result);
        },
        timeWindow,
        max,
      );
    } catch (error) {
      inProcess(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

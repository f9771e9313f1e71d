// The two stores @fastify/rate-limit ships (its index.js builds one from the `redis` or
// `cache` option). The package types their common interface, without `read`, and not the
// classes themselves.
declare module '@fastify/rate-limit/store/LocalStore' {
  import type { FastifyRateLimitStore } from '@fastify/rate-limit';

  /** Counters in an LRU map of this process, at most `cache` keys (5000 by default). */
  class LocalStore implements FastifyRateLimitStore {
    constructor(continueExceeding: boolean, exponentialBackoff: boolean, cache?: number);
    incr: FastifyRateLimitStore['incr'];
    /** The count of `key` without counting a request (`{ increment: false }`); same arguments as incr. */
    read: FastifyRateLimitStore['incr'];
    child: FastifyRateLimitStore['child'];
  }
  export = LocalStore;
}

declare module '@fastify/rate-limit/store/RedisStore' {
  import type { FastifyRateLimitStore } from '@fastify/rate-limit';
  import type Redis from 'ioredis';

  /** Counters in Redis under `key` + the limiter's key, kept by one Lua script (INCR, PEXPIRE). */
  class RedisStore implements FastifyRateLimitStore {
    constructor(continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key?: string);
    incr: FastifyRateLimitStore['incr'];
    /** The count of `key` without counting a request (`{ increment: false }`); same arguments as incr. */
    read: FastifyRateLimitStore['incr'];
    child: FastifyRateLimitStore['child'];
  }
  export = RedisStore;
}

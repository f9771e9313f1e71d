import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { describeRedisUrl } from '../../config/app-config';

/** Longest wait for a TCP (or TLS) connection to Redis, and for the first one at start. */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/** Longest a request waits for Redis to count it before it is counted in the process instead. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** Longest pause between two reconnection attempts while Redis is away. */
const MAX_RECONNECT_DELAY_MS = 5_000;
/**
 * After a command failed on a connection that stays open (a frozen Redis, or one refusing
 * writes), requests count in the process for this long before one of them tries Redis again.
 */
const RETRY_AFTER_FAILED_COMMAND_MS = 1_000;

/** Where the rate-limit counters are kept right now. */
export type RateLimitCounting = 'shared' | 'per-process';

/**
 * The connection to the Redis that holds the rate-limit counters of every instance
 * (REDIS_URL), and whether it can be used right now.
 *
 * A Redis that is down never holds up a request: no offline queue (a command while
 * disconnected fails at once), a bounded connect and command time, commands in flight when
 * the connection drops fail instead of being resent, and reconnection in the background
 * with a growing pause. `useRedis()` says whether a request should try Redis at all; the
 * store reports back with `succeeded()` / `failed()`. Losing Redis is one warning line,
 * getting it back one line, whatever the number of requests in between.
 */
export class RateLimitRedis {
  private readonly logger = new Logger('RateLimits');
  readonly client: Redis;
  /** Where Redis is, host:port/database: never the user or password. */
  private readonly location: string;
  private state: 'starting' | 'up' | 'down' = 'starting';
  /** While down on an open connection: when the next request may try Redis again. */
  private retryAt = 0;
  /** A request is trying Redis while it is down: the others do not wait on it. */
  private probing = false;
  private closing = false;

  constructor(url: string) {
    this.location = describeRedisUrl(url);
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      // Commands in flight when the connection drops fail at once, and are not resent later.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), MAX_RECONNECT_DELAY_MS),
    });
    // A listener on 'error' also keeps ioredis from printing each failed attempt with its stack.
    this.client.on('error', (error: Error) => this.markDown(error));
    this.client.on('close', () => this.markDown(new Error('connection closed')));
    this.client.on('ready', () => {
      this.retryAt = 0;
      this.markUp();
    });
  }

  /** Where the counters are kept right now (for tests and diagnostics). */
  get counting(): RateLimitCounting {
    return this.state === 'up' ? 'shared' : 'per-process';
  }

  /**
   * Connects, waiting at most REDIS_CONNECT_TIMEOUT_MS: the service starts either way, and
   * counts in the process until Redis answers.
   */
  async connect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, REDIS_CONNECT_TIMEOUT_MS);
    });
    try {
      // Rejects on the first failure; ioredis keeps reconnecting in the background.
      await Promise.race([this.client.connect().catch(() => undefined), deadline]);
    } finally {
      clearTimeout(timer);
    }
    if (this.state === 'starting') this.markDown(new Error(`no answer within ${REDIS_CONNECT_TIMEOUT_MS} ms`));
  }

  /** Whether this request should be counted in Redis. */
  useRedis(): boolean {
    if (this.closing || this.client.status !== 'ready') return false;
    if (this.state === 'up') return true;
    if (this.probing || Date.now() < this.retryAt) return false;
    this.probing = true;
    return true;
  }

  succeeded(): void {
    this.probing = false;
    this.markUp();
  }

  failed(error: Error): void {
    this.probing = false;
    this.retryAt = Date.now() + RETRY_AFTER_FAILED_COMMAND_MS;
    this.markDown(error);
  }

  /** Closes the connection and stops reconnecting; the process can exit. */
  close(): void {
    this.closing = true;
    this.client.disconnect();
  }

  private markUp(): void {
    if (this.closing || this.state === 'up') return;
    if (this.state === 'starting') {
      this.logger.log(`rate limits are counted in Redis at ${this.location}, shared by every instance`);
    } else {
      this.logger.log(`Redis at ${this.location} is back: rate limits are shared by every instance again`);
    }
    this.state = 'up';
  }

  private markDown(error: Error): void {
    if (this.closing || this.state === 'down') return;
    const reason = describeError(error);
    if (this.state === 'starting') {
      this.logger.warn(
        `Redis at ${this.location} is unreachable (${reason}): rate limits count per process until it answers`,
      );
    } else {
      this.logger.warn(`Redis at ${this.location} lost (${reason}): rate limits count per process until it is back`);
    }
    this.state = 'down';
  }
}

/** The error's message (and code) on one line, without the stack. */
function describeError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const message = error.message.split('\n')[0] || error.name;
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

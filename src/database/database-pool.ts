import { performance } from 'node:perf_hooks';
import { Client, Pool, type ClientConfig, type PoolClient, type PoolConfig } from 'pg';

/** How long the service waits on its database; see DATABASE_*_TIMEOUT_MS in app-config.ts. */
export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a pooled one to come free. */
  readonly connectMs: number;
  /** One statement, as the server counts it (statement_timeout). */
  readonly statementMs: number;
  /** One transaction, BEGIN to COMMIT (Prisma's interactive transaction timeout). */
  readonly transactionMs: number;
}

/**
 * How much longer than statement_timeout the client waits for an answer before it gives
 * up on the connection. A statement that merely runs long is cancelled by the server
 * first, with a clean error on a connection that stays usable; only a server that sends
 * nothing at all (frozen, cut off by the network) or one that has no statement_timeout
 * (the embedded database) reaches the client-side limit.
 */
export const CLIENT_TIMEOUT_GRACE_MS = 1_000;

/** The message pg's query_timeout rejects a query with (pg 8.23, lib/client.js). */
const QUERY_READ_TIMEOUT = 'Query read timeout';

/** Told of each statement's round trip, in seconds, and whether it succeeded. */
export type QueryObserver = (seconds: number, ok: boolean) => void;

/** A GuardedClient's settings: pg's, and who is told how long each statement took. */
export interface GuardedClientConfig extends ClientConfig {
  readonly observeQuery?: QueryObserver;
}

/**
 * A pg client that stops using its connection once a query on it got no answer in time.
 *
 * pg's query_timeout only fails the caller: the query stays on the wire, and whatever is
 * sent next waits behind it (pg answers queries in order). In a transaction that next
 * thing is Prisma's ROLLBACK, which then times out in turn, is dropped unsent, and the
 * adapter hands the connection back to the pool still inside the transaction: when the
 * server wakes up, the next caller's COMMIT commits the abandoned transaction's writes
 * (measured: a write answered with an error was in the table afterwards). Closing the
 * connection at once makes everything queued behind the query fail at once too, and the
 * server rolls the transaction back when it sees the connection gone.
 *
 * Every statement's round trip (from the call, so waiting behind an earlier statement on
 * the same connection counts) goes to `observeQuery`, with its outcome: the query metric.
 */
export class GuardedClient extends Client {
  private readonly observeQuery: QueryObserver;

  constructor(config: GuardedClientConfig = {}) {
    super(config);
    this.observeQuery = config.observeQuery ?? ignoreQuery;
  }

  // pg's query() has many overloads (promise or callback, text or config, Submittable);
  // every form is passed through unchanged and only its outcome is looked at.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const started = performance.now();
    const last = args.length > 0 ? args[args.length - 1] : undefined;
    if (typeof last === 'function') {
      args[args.length - 1] = (error: Error | null | undefined, ...rest: unknown[]) => {
        this.observeQuery((performance.now() - started) / 1000, !error);
        if (error) this.giveUpIfUnanswered(error);
        return (last as (...callbackArgs: unknown[]) => unknown)(error, ...rest);
      };
      return (super.query as (...queryArgs: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...queryArgs: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => {
          this.observeQuery((performance.now() - started) / 1000, true);
          return value;
        },
        (error: unknown) => {
          this.observeQuery((performance.now() - started) / 1000, false);
          this.giveUpIfUnanswered(error);
          throw error;
        },
      );
    }
    return result;
  }

  private giveUpIfUnanswered(error: unknown): void {
    // end() destroys the socket of a client with a query in flight (pg 8.23), and marks
    // the client so that the pool drops it instead of handing it out again.
    if ((error as Error)?.message === QUERY_READ_TIMEOUT) void this.end().catch(() => undefined);
  }
}

/**
 * The service's connection pool. Every timeout is set on it, so that a database that is
 * down, frozen or cut off answers within a bounded time; the server enforces its own
 * statement and idle-in-transaction limits too (the embedded database ignores those two).
 * `observeQuery` is told of every statement (see GuardedClient).
 */
export function createDatabasePool(
  url: string,
  size: number,
  timeouts: DatabaseTimeouts,
  observeQuery?: QueryObserver,
): Pool {
  // pg's Pool hands its whole configuration to each client it creates.
  const config: PoolConfig & GuardedClientConfig = {
    connectionString: url,
    max: size,
    Client: GuardedClient,
    connectionTimeoutMillis: timeouts.connectMs,
    query_timeout: timeouts.statementMs + CLIENT_TIMEOUT_GRACE_MS,
    statement_timeout: timeouts.statementMs,
    // A transaction that our side abandoned (its request timed out) does not hold its locks
    // longer than a whole transaction may last.
    idle_in_transaction_session_timeout: timeouts.transactionMs,
    observeQuery,
  };
  const pool = new Pool(config);
  // A connection goes back to the pool only outside a transaction: the driver adapter
  // releases a transaction's connection without an error even when its COMMIT or ROLLBACK
  // failed, and a connection left inside a transaction would run the next caller's
  // statements in it.
  pool.on('release', (error: Error | undefined, client: PoolClient) => {
    if (!error && client.getTransactionStatus() !== 'I') void client.end().catch(() => undefined);
  });
  // An idle connection that fails (server restarted) is dropped by the pool; the error
  // itself needs no handling, the next call opens a new connection.
  pool.on('error', () => undefined);
  return pool;
}

function ignoreQuery(): void {}

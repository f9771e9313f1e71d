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
 * A pg client that sends one query at a time and stops using its connection once a query
 * on it got no answer in time.
 *
 * One at a time: Prisma's query interpreter reads the relations of one nested select
 * (a version's roles, parameters and flows; a profile's version and address sets) with
 * concurrent calls on its queryable. On the pool each call gets a connection of its own,
 * but inside an interactive transaction they all land on this one client, and pg 8 queues
 * them behind the running one with a DeprecationWarning ("client.query() when the client
 * is already executing a query"); pg 9 refuses them. A connection answers one query after
 * the other anyway, so holding a call back until the one before it is answered loses
 * nothing. It also starts each query's read timeout when the query is sent, not while it
 * waits its turn.
 *
 * Giving up: pg's query_timeout only fails the caller: the query stays on the wire, and
 * whatever is sent next waits behind it (pg answers queries in order). In a transaction
 * that next thing is Prisma's ROLLBACK, which then times out in turn, is dropped unsent,
 * and the adapter hands the connection back to the pool still inside the transaction:
 * when the server wakes up, the next caller's COMMIT commits the abandoned transaction's
 * writes (measured: a write answered with an error was in the table afterwards). Closing
 * the connection at once makes everything waiting behind the query fail at once too, and
 * the server rolls the transaction back when it sees the connection gone.
 *
 * Every statement's round trip, from when it is sent (not while it waits its turn), goes
 * to `observeQuery` with its outcome: the query metric.
 */
export class GuardedClient extends Client {
  /** Queries handed to this client and not answered yet (the one on the wire included). */
  private unanswered = 0;
  /** Settles once the last query handed to this client is answered, however it ends. */
  private lastAnswered: Promise<void> = Promise.resolve();
  private readonly observeQuery: QueryObserver;

  constructor(config: GuardedClientConfig = {}) {
    super(config);
    this.observeQuery = config.observeQuery ?? ignoreQuery;
  }

  // pg's query() has many overloads (promise or callback, text or config, Submittable);
  // the promise and callback forms wait their turn, and only their outcome is looked at.
  // A Submittable (pg-cursor, pg-query-stream; the service uses none) is returned by pg
  // itself, so it goes through as it is.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const send = (...queryArgs: unknown[]) => (super.query as (...a: unknown[]) => unknown)(...queryArgs);
    if (typeof (args[0] as { submit?: unknown } | undefined)?.submit === 'function') return send(...args);
    const last = args.length > 0 ? args[args.length - 1] : undefined;
    if (typeof last === 'function') {
      const callback = last as (error: Error | null | undefined, ...rest: unknown[]) => unknown;
      void this.inTurn(
        () =>
          new Promise<void>((answered) => {
            const sent = performance.now();
            try {
              send(...args.slice(0, -1), (error: Error | null | undefined, ...rest: unknown[]) => {
                this.observeQuery((performance.now() - sent) / 1000, !error);
                if (error) this.giveUpIfUnanswered(error);
                answered();
                return callback(error, ...rest);
              });
            } catch (error) {
              // A query pg refuses outright (no text): the caller hears it like any other error.
              answered();
              callback(error as Error);
            }
          }),
      );
      return undefined;
    }
    return this.inTurn(() => {
      const sent = performance.now();
      return (send(...args) as Promise<unknown>).then(
        (value: unknown) => {
          this.observeQuery((performance.now() - sent) / 1000, true);
          return value;
        },
        (error: unknown) => {
          this.observeQuery((performance.now() - sent) / 1000, false);
          this.giveUpIfUnanswered(error);
          throw error;
        },
      );
    });
  }

  /** Runs `sendQuery` once every query handed to this client before it has been answered. */
  private inTurn<T>(sendQuery: () => Promise<T>): Promise<T> {
    const answer = this.unanswered === 0 ? sendQuery() : this.lastAnswered.then(sendQuery);
    this.unanswered += 1;
    const settled = () => {
      this.unanswered -= 1;
    };
    this.lastAnswered = answer.then(settled, settled);
    return answer;
  }

  private giveUpIfUnanswered(error: unknown): void {
    // end() destroys the socket of a client with a query in flight (pg 8.23), and marks
    // the client so that the pool drops it instead of handing it out again; the queries
    // waiting their turn then fail at once ("Client was closed and is not queryable").
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

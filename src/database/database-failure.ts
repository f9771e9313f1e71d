/**
 * Why the database could not serve a call, when the reason is the database (down, frozen,
 * restarting, overloaded) rather than the call: such a failure is worth a retry later,
 * and is answered 503 with Retry-After instead of 500.
 */
export enum DatabaseFailure {
  /** Nothing listens at the address, or the host name does not resolve. */
  Unreachable = 'unreachable',
  /** No connection, new or pooled, within the connect timeout. */
  ConnectTimeout = 'connect-timeout',
  /** An open connection was reset or closed under a call. */
  ConnectionLost = 'connection-lost',
  /** The server sent no answer within the client-side query timeout (frozen or cut off). */
  QueryTimeout = 'query-timeout',
  /** The server cancelled a statement that ran past statement_timeout. */
  StatementTimeout = 'statement-timeout',
  /** A transaction did not start or finish within its time (Prisma's maxWait and timeout). */
  TransactionTimeout = 'transaction-timeout',
  /** The server is shutting down and ended the session. */
  ShuttingDown = 'shutting-down',
  /** The server is starting or recovering and takes no connections yet. */
  StartingUp = 'starting-up',
  /** The server has no connection slot left. */
  TooManyConnections = 'too-many-connections',
}

/** The words a log line uses for a failure; the switch is exhaustive, so a new kind cannot be forgotten. */
export function describeDatabaseFailure(failure: DatabaseFailure): string {
  switch (failure) {
    case DatabaseFailure.Unreachable:
      return 'cannot reach the server (connection refused or host unknown)';
    case DatabaseFailure.ConnectTimeout:
      return 'no connection within the connect timeout';
    case DatabaseFailure.ConnectionLost:
      return 'the connection was closed';
    case DatabaseFailure.QueryTimeout:
      return 'no answer within the query timeout';
    case DatabaseFailure.StatementTimeout:
      return 'a statement ran past the statement timeout';
    case DatabaseFailure.TransactionTimeout:
      return 'a transaction did not start or finish within the transaction timeout';
    case DatabaseFailure.ShuttingDown:
      return 'the server is shutting down';
    case DatabaseFailure.StartingUp:
      return 'the server is starting up';
    case DatabaseFailure.TooManyConnections:
      return 'the server has no connection slot left';
    default: {
      const unknown: never = failure;
      throw new Error(`undescribed database failure ${String(unknown)}`);
    }
  }
}

/**
 * Prisma's error codes (PrismaClientKnownRequestError.code, and errorCode of an
 * initialisation error) that mean the database, not the query, failed. P2010 (raw query
 * failed) and P2039 (database error without a Prisma code) say nothing by themselves:
 * the driver adapter's error in their `meta` does.
 */
const PRISMA_CODES: ReadonlyMap<string, DatabaseFailure> = new Map([
  ['P1001', DatabaseFailure.Unreachable], // Can't reach database server
  ['P1002', DatabaseFailure.ConnectTimeout], // The database server was reached but timed out
  ['P1008', DatabaseFailure.ConnectTimeout], // Operations timed out (the adapter's SocketTimeout, ETIMEDOUT)
  ['P1017', DatabaseFailure.ConnectionLost], // Server has closed the connection
  ['P2024', DatabaseFailure.ConnectTimeout], // Timed out fetching a new connection from the pool
  ['P2028', DatabaseFailure.TransactionTimeout], // Transaction API error: could not start in time, expired
  ['P2037', DatabaseFailure.TooManyConnections], // Too many database connections opened
]);

/** Kinds of @prisma/driver-adapter-utils' DriverAdapterError (its `cause.kind`). */
const ADAPTER_KINDS: ReadonlyMap<string, DatabaseFailure> = new Map([
  ['DatabaseNotReachable', DatabaseFailure.Unreachable], // ECONNREFUSED, ENOTFOUND
  ['ConnectionClosed', DatabaseFailure.ConnectionLost], // ECONNRESET
  ['SocketTimeout', DatabaseFailure.ConnectTimeout], // ETIMEDOUT
  ['TooManyConnections', DatabaseFailure.TooManyConnections], // 53300
]);

/** PostgreSQL SQLSTATE codes; the whole class 08 (connection exception) is lost connections. */
const SQLSTATES: ReadonlyMap<string, DatabaseFailure> = new Map([
  ['57014', DatabaseFailure.StatementTimeout], // query_canceled: statement_timeout (or a cancel request)
  ['57P01', DatabaseFailure.ShuttingDown], // admin_shutdown: smart or fast shutdown, pg_terminate_backend
  ['57P02', DatabaseFailure.ShuttingDown], // crash_shutdown: another backend crashed
  ['57P03', DatabaseFailure.StartingUp], // cannot_connect_now: starting up, in recovery
  ['53300', DatabaseFailure.TooManyConnections], // too_many_connections
  ['25P03', DatabaseFailure.TransactionTimeout], // idle_in_transaction_session_timeout
  ['08001', DatabaseFailure.Unreachable], // sqlclient_unable_to_establish_sqlconnection
  ['08004', DatabaseFailure.Unreachable], // sqlserver_rejected_establishment_of_sqlconnection
]);

/** Node's socket error codes. */
const SOCKET_CODES: ReadonlyMap<string, DatabaseFailure> = new Map([
  ['ECONNREFUSED', DatabaseFailure.Unreachable],
  ['ENOTFOUND', DatabaseFailure.Unreachable],
  ['EAI_AGAIN', DatabaseFailure.Unreachable],
  ['EHOSTUNREACH', DatabaseFailure.Unreachable],
  ['ENETUNREACH', DatabaseFailure.Unreachable],
  ['ETIMEDOUT', DatabaseFailure.ConnectTimeout],
  ['ECONNRESET', DatabaseFailure.ConnectionLost],
  ['ECONNABORTED', DatabaseFailure.ConnectionLost],
  ['EPIPE', DatabaseFailure.ConnectionLost],
]);

/**
 * Errors pg (8.23) and pg-pool (3.14) raise with a message and no code. The Prisma
 * adapter passes them through as they are, so they reach the application unwrapped.
 */
const PG_MESSAGES: ReadonlyMap<string, DatabaseFailure> = new Map([
  // query_timeout: the server sent nothing back in time.
  ['Query read timeout', DatabaseFailure.QueryTimeout],
  // connectionTimeoutMillis, as a client raises it and as the pool wraps it.
  ['timeout expired', DatabaseFailure.ConnectTimeout],
  ['Connection terminated due to connection timeout', DatabaseFailure.ConnectTimeout],
  // connectionTimeoutMillis spent waiting for a pooled connection to come free.
  ['timeout exceeded when trying to connect', DatabaseFailure.ConnectTimeout],
  ['Connection terminated unexpectedly', DatabaseFailure.ConnectionLost],
  // A client closed (by us, after a query timeout) with calls still queued on it.
  ['Connection terminated', DatabaseFailure.ConnectionLost],
  ['Client has encountered a connection error and is not queryable', DatabaseFailure.ConnectionLost],
  ['Client was closed and is not queryable', DatabaseFailure.ConnectionLost],
]);

/** How deep `cause` chains are followed (pg-pool wraps a client's error in another). */
const MAX_CAUSE_DEPTH = 4;

/**
 * The database failure an error stands for, or undefined when it is anything else (a
 * constraint violation, a bug). Reads every shape measured with Prisma 7.10 on
 * @prisma/adapter-pg 7.10 and pg 8.23: Prisma's known request and initialisation errors
 * (by code, then by the driver adapter error in `meta.driverAdapterError`), the driver
 * adapter's own errors (`cause.kind`, `cause.originalCode`), pg's server errors (SQLSTATE),
 * Node's socket errors, and pg's coded-less errors by message, following `cause` chains.
 */
export function classifyDatabaseFailure(error: unknown, depth = 0): DatabaseFailure | undefined {
  if (typeof error !== 'object' || error === null || depth > MAX_CAUSE_DEPTH) return undefined;
  const candidate = error as {
    code?: unknown;
    errorCode?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: unknown };
    cause?: unknown;
    errors?: unknown;
  };

  const prismaCode = [candidate.code, candidate.errorCode].find(isPrismaCode);
  const byPrismaCode = prismaCode === undefined ? undefined : PRISMA_CODES.get(prismaCode);
  if (byPrismaCode !== undefined) return byPrismaCode;

  const adapterError = candidate.meta?.driverAdapterError ?? (isDriverAdapterError(error) ? error : undefined);
  if (adapterError !== undefined) {
    const cause = (adapterError as { cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } }).cause;
    const kind = typeof cause?.kind === 'string' ? cause.kind : undefined;
    const byKind = kind === undefined ? undefined : ADAPTER_KINDS.get(kind);
    if (byKind !== undefined) return byKind;
    const sqlState = [cause?.originalCode, cause?.code].find((code) => typeof code === 'string');
    if (sqlState !== undefined) return failureOfSqlState(sqlState as string);
    return undefined;
  }

  if (typeof candidate.code === 'string') {
    const byCode = SOCKET_CODES.get(candidate.code) ?? failureOfSqlState(candidate.code);
    if (byCode !== undefined) return byCode;
  }
  const byMessage = typeof candidate.message === 'string' ? PG_MESSAGES.get(candidate.message) : undefined;
  if (byMessage !== undefined) return byMessage;
  if (Array.isArray(candidate.errors)) {
    // AggregateError: Node's connect tries each address of a host name in turn.
    for (const inner of candidate.errors) {
      const failure = classifyDatabaseFailure(inner, depth + 1);
      if (failure !== undefined) return failure;
    }
  }
  return classifyDatabaseFailure(candidate.cause, depth + 1);
}

function failureOfSqlState(code: string): DatabaseFailure | undefined {
  return SQLSTATES.get(code) ?? (/^08[0-9A-Z]{3}$/.test(code) ? DatabaseFailure.ConnectionLost : undefined);
}

function isPrismaCode(code: unknown): code is string {
  return typeof code === 'string' && /^P\d{4}$/.test(code);
}

function isDriverAdapterError(error: object): boolean {
  return (error as { name?: unknown }).name === 'DriverAdapterError' && 'cause' in error;
}

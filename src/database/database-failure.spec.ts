import { DatabaseError } from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyDatabaseFailure, DatabaseFailure, describeDatabaseFailure } from './database-failure';
import { Prisma } from './generated/client';

// The shapes below are those Prisma 7.10, @prisma/adapter-pg 7.10 and pg 8.23 threw against
// a PostgreSQL 15 cluster that was frozen (SIGSTOP), stopped, restarting, or cancelling a
// statement (see the report of test/database-outage.e2e-spec.ts, which runs them for real).

const CLIENT_VERSION = '7.10.0';

/** The Prisma error of a query whose driver adapter error is `cause`, as Prisma wraps it. */
function prismaError(code: string, cause: Record<string, unknown>, message = 'Invalid invocation'): Error {
  return new Prisma.PrismaClientKnownRequestError(message, {
    code,
    clientVersion: CLIENT_VERSION,
    meta: { modelName: 'CatalogVersion', driverAdapterError: { name: 'DriverAdapterError', cause } },
  });
}

/** What the adapter makes of a PostgreSQL error it has no Prisma code for. */
function postgresCause(code: string, message: string, severity = 'FATAL') {
  return { originalCode: code, originalMessage: message, kind: 'postgres', code, severity, message };
}

function pgError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = 'FATAL';
  return error;
}

function socketError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });
}

describe('classifyDatabaseFailure', () => {
  it.each<[string, unknown, DatabaseFailure]>([
    // Stopped server: the adapter's DatabaseNotReachable, as P1001 (model query)...
    [
      'P1001 on a model query',
      prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }),
      DatabaseFailure.Unreachable,
    ],
    // ...and as P2010 on a raw query.
    [
      'P2010 wrapping DatabaseNotReachable',
      prismaError('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }),
      DatabaseFailure.Unreachable,
    ],
    // A query running while the server shuts down (pg_ctl stop -m fast).
    [
      'P2010 wrapping 57P01',
      prismaError('P2010', postgresCause('57P01', 'terminating connection due to administrator command')),
      DatabaseFailure.ShuttingDown,
    ],
    // Connecting while it starts (pg_ctl start without waiting).
    [
      'P2039 wrapping 57P03',
      prismaError('P2039', postgresCause('57P03', 'the database system is starting up')),
      DatabaseFailure.StartingUp,
    ],
    [
      'P2010 wrapping 57014',
      prismaError('P2010', postgresCause('57014', 'canceling statement due to statement timeout', 'ERROR')),
      DatabaseFailure.StatementTimeout,
    ],
    [
      'P2039 wrapping 25P03',
      prismaError('P2039', postgresCause('25P03', 'terminating connection due to idle-in-transaction timeout')),
      DatabaseFailure.TransactionTimeout,
    ],
    [
      'P2039 wrapping a class 08 code',
      prismaError('P2039', postgresCause('08006', 'connection failure')),
      DatabaseFailure.ConnectionLost,
    ],
    ['P1017 ConnectionClosed', prismaError('P1017', { kind: 'ConnectionClosed' }), DatabaseFailure.ConnectionLost],
    ['P1008 SocketTimeout', prismaError('P1008', { kind: 'SocketTimeout' }), DatabaseFailure.ConnectTimeout],
    [
      'P2037 TooManyConnections',
      prismaError('P2037', { kind: 'TooManyConnections', cause: 'sorry, too many clients already' }),
      DatabaseFailure.TooManyConnections,
    ],
    // Frozen server: a transaction that could not start within maxWait...
    [
      'P2028 start timeout',
      new Prisma.PrismaClientKnownRequestError(
        'Transaction API error: Unable to start a transaction in the given time.',
        { code: 'P2028', clientVersion: CLIENT_VERSION, meta: {} },
      ),
      DatabaseFailure.TransactionTimeout,
    ],
    // ...or that outlived its timeout.
    [
      'P2028 expired transaction',
      new Prisma.PrismaClientKnownRequestError(
        'Transaction API error: A commit cannot be executed on an expired transaction.',
        { code: 'P2028', clientVersion: CLIENT_VERSION, meta: { operation: 'commit', timeout: 2000, timeTaken: 2509 } },
      ),
      DatabaseFailure.TransactionTimeout,
    ],
    [
      'P2024 pool timeout',
      new Prisma.PrismaClientKnownRequestError('Timed out fetching a new connection from the connection pool.', {
        code: 'P2024',
        clientVersion: CLIENT_VERSION,
      }),
      DatabaseFailure.ConnectTimeout,
    ],
    [
      'P1002 as an initialisation error',
      new Prisma.PrismaClientInitializationError(
        'The database server was reached but timed out.',
        CLIENT_VERSION,
        'P1002',
      ),
      DatabaseFailure.ConnectTimeout,
    ],
    // The driver adapter's own error, before Prisma wraps it.
    [
      'a DriverAdapterError',
      Object.assign(new Error('DatabaseNotReachable'), {
        name: 'DriverAdapterError',
        cause: { kind: 'DatabaseNotReachable', host: 'db', port: 5432 },
      }),
      DatabaseFailure.Unreachable,
    ],
    // pg's errors that the adapter passes through unwrapped.
    ['pg query_timeout', new Error('Query read timeout'), DatabaseFailure.QueryTimeout],
    [
      'pg-pool connect timeout, wrapping the client',
      new Error('Connection terminated due to connection timeout', {
        cause: new Error('Connection terminated unexpectedly'),
      }),
      DatabaseFailure.ConnectTimeout,
    ],
    ['pg-pool wait timeout', new Error('timeout exceeded when trying to connect'), DatabaseFailure.ConnectTimeout],
    ['pg client connect timeout', new Error('timeout expired'), DatabaseFailure.ConnectTimeout],
    [
      'an idle connection the server dropped',
      new Error('Connection terminated unexpectedly'),
      DatabaseFailure.ConnectionLost,
    ],
    ['a client closed with calls queued', new Error('Connection terminated'), DatabaseFailure.ConnectionLost],
    ['a closed client', new Error('Client was closed and is not queryable'), DatabaseFailure.ConnectionLost],
    // pg's server errors, by SQLSTATE.
    ['pg 57014', pgError('57014', 'canceling statement due to statement timeout'), DatabaseFailure.StatementTimeout],
    ['pg 57P01', pgError('57P01', 'terminating connection due to administrator command'), DatabaseFailure.ShuttingDown],
    ['pg 57P02', pgError('57P02', 'terminating connection because of crash'), DatabaseFailure.ShuttingDown],
    ['pg 57P03', pgError('57P03', 'the database system is starting up'), DatabaseFailure.StartingUp],
    ['pg 53300', pgError('53300', 'sorry, too many clients already'), DatabaseFailure.TooManyConnections],
    // Node's socket errors.
    ['ECONNREFUSED', socketError('ECONNREFUSED'), DatabaseFailure.Unreachable],
    ['ENOTFOUND', socketError('ENOTFOUND'), DatabaseFailure.Unreachable],
    ['EHOSTUNREACH', socketError('EHOSTUNREACH'), DatabaseFailure.Unreachable],
    ['ECONNRESET', socketError('ECONNRESET'), DatabaseFailure.ConnectionLost],
    ['EPIPE', socketError('EPIPE'), DatabaseFailure.ConnectionLost],
    ['ETIMEDOUT', socketError('ETIMEDOUT'), DatabaseFailure.ConnectTimeout],
    [
      'an AggregateError of every address tried',
      Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], ''), {
        code: 'ECONNREFUSED',
      }),
      DatabaseFailure.Unreachable,
    ],
    [
      'an AggregateError without a code of its own',
      new AggregateError([new Error('odd'), socketError('EHOSTUNREACH')], ''),
      DatabaseFailure.Unreachable,
    ],
  ])('reads %s', (_name, error, failure) => {
    expect(classifyDatabaseFailure(error)).toBe(failure);
  });

  it.each<[string, unknown]>([
    [
      'P2002 unique violation',
      prismaError('P2002', { kind: 'UniqueConstraintViolation', constraint: { fields: ['name'] } }),
    ],
    ['P2025 not found', new Prisma.PrismaClientKnownRequestError('not found', { code: 'P2025', clientVersion: '7' })],
    ['P2010 syntax error', prismaError('P2010', postgresCause('42601', 'syntax error at or near "SELEC"', 'ERROR'))],
    ['P2039 serialization failure', prismaError('P2039', postgresCause('40001', 'could not serialize access'))],
    ['a pg constraint error', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a plain Error', new Error('something broke')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['an error whose code is a property of Object.prototype', Object.assign(new Error('x'), { code: 'constructor' })],
    ['an error whose message is a property of Object.prototype', new Error('toString')],
    ['a string', 'Query read timeout'],
    ['null', null],
    ['undefined', undefined],
  ])('leaves %s alone', (_name, error) => {
    expect(classifyDatabaseFailure(error)).toBeUndefined();
  });

  it('stops following a cause chain that loops', () => {
    const error = new Error('outer') as Error & { cause?: unknown };
    error.cause = error;
    expect(classifyDatabaseFailure(error)).toBeUndefined();
  });

  it('describes every failure in words of its own', () => {
    const failures = Object.values(DatabaseFailure);
    const descriptions = failures.map(describeDatabaseFailure);
    expect(new Set(descriptions).size).toBe(failures.length);
    for (const description of descriptions) expect(description).toMatch(/^[a-z].*[a-z)]$/);
  });
});

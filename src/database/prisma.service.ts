import { Inject, Injectable, Optional } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { Metrics } from '../common/observability/metrics';
import { PrismaClient } from './generated/client';
import { DatabaseConnection } from './database-connection';
import { DatabaseHealth } from './database-health';
import { createDatabasePool } from './database-pool';

/**
 * The Prisma client, on the pg driver adapter, over the service's database connection,
 * with every wait on the database bounded (see createDatabasePool). Each query that
 * succeeds tells DatabaseHealth, which is how the end of an outage is noticed. With
 * Metrics (always, in the application), every statement is timed and the pool's use is
 * read at each scrape.
 */
@Injectable()
export class PrismaService extends PrismaClient {
  private queries = 0;
  /** The connection pool under the client; the job queue (pg-boss) sends its statements through it too. */
  readonly pool: Pool;

  constructor(
    @Inject(DatabaseConnection) connection: DatabaseConnection,
    @Inject(DatabaseHealth) health: DatabaseHealth,
    @Optional() metrics?: Metrics,
  ) {
    const { timeouts } = connection;
    const observeQuery = metrics?.enabled ? metrics.observeQuery : undefined;
    const pool = createDatabasePool(connection.url, connection.poolSize, timeouts, observeQuery);
    metrics?.observeDatabasePool(pool);
    super({
      adapter: new PrismaPg(pool, { disposeExternalPool: true }),
      // maxWait: getting a connection and sending BEGIN; the pool gives up on the
      // connection at the same time.
      transactionOptions: { maxWait: timeouts.connectMs, timeout: timeouts.transactionMs },
      log: [{ emit: 'event', level: 'query' }],
    });
    this.pool = pool;
    // The subclass loses the client's log-option generics; the event is there all the same.
    (this as unknown as PrismaClient<'query'>).$on('query', (event) => {
      this.queries++;
      health.noteSuccess(event.timestamp.getTime());
    });
  }

  /** Queries sent since start: a cheap measure of how many a request path costs. */
  get queryCount(): number {
    return this.queries;
  }
}

/** What a transaction callback receives: the client without transaction control. */
export type PrismaTransaction = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { DatabaseConnection } from './database-connection';

/** The Prisma client, on the pg driver adapter, over the service's database connection. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  private queries = 0;

  constructor(@Inject(DatabaseConnection) connection: DatabaseConnection) {
    super({
      adapter: new PrismaPg({ connectionString: connection.url, max: connection.poolSize }),
      log: [{ emit: 'event', level: 'query' }],
    });
    // The subclass loses the client's log-option generics; the event is there all the same.
    (this as unknown as PrismaClient<'query'>).$on('query', () => {
      this.queries++;
    });
  }

  /** Queries sent since start: a cheap measure of how many a request path costs. */
  get queryCount(): number {
    return this.queries;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

/** What a transaction callback receives: the client without transaction control. */
export type PrismaTransaction = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { DatabaseConnection } from './database-connection';

/** The Prisma client, on the pg driver adapter, over the service's database connection. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(DatabaseConnection) connection: DatabaseConnection) {
    super({ adapter: new PrismaPg({ connectionString: connection.url, max: connection.poolSize }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

/** What a transaction callback receives: the client without transaction control. */
export type PrismaTransaction = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

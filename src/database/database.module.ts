import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ChangeFeed } from './change-feed';
import { DatabaseConnection } from './database-connection';
import { DatabaseHealth } from './database-health';
import { PrismaService } from './prisma.service';

/**
 * The database, opened (reachable, migrated) before the application is built, so that a
 * start that cannot have one stops with a clear message before anything else happens.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  static forRoot(connection: DatabaseConnection): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DatabaseConnection, useValue: connection }, DatabaseHealth, PrismaService, ChangeFeed],
      exports: [PrismaService, DatabaseConnection, DatabaseHealth, ChangeFeed],
    };
  }

  /** After every module's onModuleDestroy, so the pool is closed before the server stops. */
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

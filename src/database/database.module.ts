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
  constructor(
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
    private readonly prisma: PrismaService,
  ) {}

  static forRoot(connection: DatabaseConnection): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DatabaseConnection, useValue: connection }, DatabaseHealth, PrismaService, ChangeFeed],
      exports: [PrismaService, DatabaseConnection, DatabaseHealth, ChangeFeed],
    };
  }

  /**
   * The last step of app.close(): Nest runs shutdown hooks after the HTTP server has
   * closed, and the server closes only once the requests in flight have been answered, so
   * those requests still have their database. The pool first, then the embedded server.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
    await this.connection.close();
  }
}

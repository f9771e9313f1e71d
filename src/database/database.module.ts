import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseConnection } from './database-connection';
import { PrismaService } from './prisma.service';

@Global()
@Module({
  providers: [
    {
      provide: DatabaseConnection,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => DatabaseConnection.open(config),
    },
    PrismaService,
  ],
  exports: [PrismaService, DatabaseConnection],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  /** After every module's onModuleDestroy, so the pool is closed before the server stops. */
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

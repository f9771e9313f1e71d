import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { formatGraphQLError } from './common/errors/graphql-error-formatter';
import { GraphQLErrorLogPlugin } from './common/errors/graphql-error-log.plugin';
import { depthLimitRule, MAX_QUERY_TOKENS, QueryComplexityPlugin } from './common/graphql/query-limits';
import { describeRootTypes } from './common/graphql/root-types';
import { HttpCacheModule } from './common/http/http-cache.module';
import { GraphQLMetricsPlugin } from './common/graphql/metrics.plugin';
import { GraphQLRequestContext, GraphQLResponseCachePlugin } from './common/graphql/response-cache';
import { RetryAfterPlugin } from './common/graphql/retry-after.plugin';
import { createValidationPipe } from './common/validation/validation-pipe';
import { MetricsModule } from './common/observability/metrics.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import type { DatabaseConnection } from './database/database-connection';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthGuard } from './modules/auth/auth.guard';
import { AuthModule } from './modules/auth/auth.module';
import { CatalogsModule } from './modules/catalogs/catalogs.module';
import { FlowsModule } from './modules/flows/flows.module';
import { HealthModule } from './modules/health/health.module';
import { RenderingModule } from './modules/rendering/rendering.module';
import { ProfilesModule } from './modules/profiles/profiles.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

/** The whole service; tests build exactly this, with a configuration of their own. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, connection: DatabaseConnection, logger: PinoLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        MetricsModule,
        // Nest's Logger writes through the pino logger Fastify was given (useExisting). No
        // routes: nestjs-pino's middleware binds Nest's lines to the request through
        // @fastify/middie and AsyncLocalStorage, which on Node 20 cost about a third of the
        // read paths' throughput each (measured). Lines written about a request go through
        // its own logger instead (request.log: the REST filter, GraphQLErrorLogPlugin).
        LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true, forRoutes: [] }),
        HttpCacheModule,
        DatabaseModule.forRoot(connection),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          transformSchema: describeRootTypes,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphQLError,
          // Huge documents stop at the parser, before any validation rule walks them.
          parseOptions: { maxTokens: MAX_QUERY_TOKENS },
          validationRules: [depthLimitRule],
          // Per-field cache hints are not used (answers carry HTTP caching on REST); the
          // plugin would wrap every field resolver.
          plugins: [ApolloServerPluginCacheControlDisabled()],
          // The Fastify integration passes the request itself.
          context: (request: { req?: unknown }) => new GraphQLRequestContext(request.req ?? request),
        }),
        CatalogsModule,
        FlowsModule,
        RenderingModule,
        HealthModule,
        ProfilesModule,
        AuthModule,
        AuditModule,
        WebhooksModule,
      ],
      providers: [
        {
          provide: APP_PIPE,
          useValue: createValidationPipe(),
        },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        // API keys and scopes, on every REST handler and GraphQL root field.
        { provide: APP_GUARD, useExisting: AuthGuard },
        QueryComplexityPlugin,
        GraphQLResponseCachePlugin,
        RetryAfterPlugin,
        GraphQLErrorLogPlugin,
        GraphQLMetricsPlugin,
      ],
    };
  }
}

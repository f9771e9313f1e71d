import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { UnauthenticatedError } from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { rememberActor, requestOf, type Actor } from './actor';
import { ApiKeyScope } from './api-key-scope';
import { ApiKeyService } from './api-key.service';
import { REQUIRED_ACCESS, type RequiredAccess } from './require-scope.decorator';

/** REST methods that only read; any other method is a write. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Every REST handler and GraphQL root field passes here (registered as APP_GUARD). The
 * access an operation needs is its @RequireScope / @Public declaration; without one,
 * writes (REST methods other than GET and HEAD, GraphQL mutations) need `admin`, so a
 * new write is closed until someone decides who may use it, and reads are public, or
 * need `reader` when READS_REQUIRE_KEY=true.
 *
 * Routes outside Nest's router (/api/docs*) never come here and stay public, as do the
 * GraphQL introspection fields, which have no resolver of ours (the schema is published
 * as schema.gql anyway).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** One authentication per HTTP request, however many GraphQL root fields it has. */
  private readonly pending = new WeakMap<object, Promise<Actor>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.requiredAccess(context);
    if (required === 'public') return true;
    const request = requestOf(context);
    if (request === undefined) throw new UnauthenticatedError('no HTTP request to read an API key from');
    const { principal } = await this.actorOf(request);
    this.apiKeys.authorize(principal, required);
    return true;
  }

  private requiredAccess(context: ExecutionContext): RequiredAccess {
    const declared = this.reflector.getAllAndOverride<RequiredAccess | undefined>(REQUIRED_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (declared !== undefined) return declared;
    if (!isRead(context)) return ApiKeyScope.admin;
    return this.config.readsRequireKey ? ApiKeyScope.reader : 'public';
  }

  private actorOf(request: { headers: Record<string, unknown>; id?: unknown }): Promise<Actor> {
    let actor = this.pending.get(request);
    if (actor === undefined) {
      actor = this.apiKeys.authenticate(request.headers.authorization).then((principal) => {
        const authenticated = { principal, requestId: typeof request.id === 'string' ? request.id : undefined };
        rememberActor(request, authenticated);
        return authenticated;
      });
      this.pending.set(request, actor);
    }
    return actor;
  }
}

/** A REST GET or HEAD, or a GraphQL query (or subscription); anything else writes. */
function isRead(context: ExecutionContext): boolean {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>().operation.operation !== 'mutation';
  }
  if (context.getType() === 'http') {
    return READ_METHODS.has(context.switchToHttp().getRequest<{ method: string }>().method);
  }
  return false;
}

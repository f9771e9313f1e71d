import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { UnauthenticatedError } from '../../common/errors/domain-error';
import { RateLimits } from '../../common/http/rate-limit';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { rememberActor, requestOf, type Actor, type Principal } from './actor';
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
 *
 * The per-key rate limit (RateLimits, a second limiter of @fastify/rate-limit) is counted
 * here, right after the key is verified: only then is the key known to be real (a limit
 * keyed by the prefix, read before verification, would let anyone drain a key's quota with
 * fake keys bearing its prefix). It rides on the pending authentication below, so it counts
 * once per HTTP request; a second APP_GUARD such as @nestjs/throttler would have to run
 * after this one, would count every GraphQL root field, and would bring a second rate-limit
 * library. A request that needs no key is not counted against one, even when it sends one;
 * the per-address limit counts every request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** One authentication per HTTP request, however many GraphQL root fields it has. */
  private readonly pending = new WeakMap<object, Promise<Actor>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rateLimits: RateLimits,
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
      actor = this.apiKeys.authenticate(request.headers.authorization).then(async (principal) => {
        const authenticated = { principal, requestId: typeof request.id === 'string' ? request.id : undefined };
        rememberActor(request, authenticated);
        await this.rateLimits.countKeyRequest(request, rateLimitBucketOf(principal), describeKey(principal));
        return authenticated;
      });
      this.pending.set(request, actor);
    }
    return actor;
  }
}

/** The per-key bucket: the key's id, or one bucket for ADMIN_API_KEY. */
function rateLimitBucketOf(principal: Principal): string {
  return principal.kind === 'api-key' ? `key:${principal.keyId}` : 'bootstrap';
}

function describeKey(principal: Principal): string {
  return principal.kind === 'api-key' ? `the API key "${principal.name}"` : 'ADMIN_API_KEY';
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

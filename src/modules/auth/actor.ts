import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { ApiKeyScope } from './api-key-scope';

/** Who sent a request that the AuthGuard let through with a key. */
export type Principal =
  /** ADMIN_API_KEY: an admin key that has no row. */
  | { readonly kind: 'bootstrap'; readonly scopes: readonly ApiKeyScope[] }
  | {
      readonly kind: 'api-key';
      readonly keyId: string;
      readonly name: string;
      readonly prefix: string;
      readonly scopes: readonly ApiKeyScope[];
    };

/** The principal of a request and the request's id, for audit events. */
export interface Actor {
  readonly principal: Principal;
  readonly requestId: string | undefined;
}

/** Actors by request object (Fastify's request, which REST and GraphQL share). */
const actors = new WeakMap<object, Actor>();

export function rememberActor(request: object, actor: Actor): void {
  actors.set(request, actor);
}

/** Who made a request, once the AuthGuard has verified its key (for the request's log line). */
export function principalOfRequest(request: object): Principal | undefined {
  return actors.get(request)?.principal;
}

/** The HTTP request behind a REST or GraphQL execution context. */
export function requestOf(context: ExecutionContext): { headers: Record<string, unknown>; id?: unknown } | undefined {
  if (context.getType<GqlContextType>() === 'graphql') {
    const value = GqlExecutionContext.create(context).getContext<{ req?: unknown } | undefined>();
    return asRequest(value?.req);
  }
  if (context.getType() === 'http') return asRequest(context.switchToHttp().getRequest());
  return undefined;
}

function asRequest(value: unknown): { headers: Record<string, unknown>; id?: unknown } | undefined {
  const candidate = value as { headers?: unknown } | null | undefined;
  return typeof candidate?.headers === 'object' && candidate.headers !== null
    ? (candidate as { headers: Record<string, unknown> })
    : undefined;
}

/**
 * The Actor the AuthGuard authenticated, as a handler parameter. Only for operations that
 * need a scope: a public one has no actor, and asking for it is a programming error.
 */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = requestOf(context);
  const actor = request && actors.get(request);
  if (!actor) throw new Error('CurrentActor on an operation that does not authenticate (add @RequireScope)');
  return actor;
});

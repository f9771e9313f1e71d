import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { ApiKeyScope } from './api-key-scope';

/** Metadata key of the access a handler (or its class) declares. */
export const REQUIRED_ACCESS = 'nr:required-access';

/** A scope an API key must include, or `public`: no key is looked at. */
export type RequiredAccess = ApiKeyScope | 'public';

/**
 * The scope an operation needs (a handler's declaration overrides its class's). Without
 * one, the AuthGuard makes REST non-GET handlers and GraphQL mutations need `admin`, and
 * REST GETs and GraphQL queries public (or `reader` with READS_REQUIRE_KEY=true). Also
 * documents the operation in OpenAPI: bearer auth, its 401 and 403, and the scope as
 * `x-required-scope`.
 */
export function RequireScope(scope: ApiKeyScope): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ACCESS, scope),
    ApiBearerAuth(),
    ApiExtension('x-required-scope', scope),
    ApiUnauthorizedResponse({
      description: 'No API key, or one that is unknown, revoked or expired (UNAUTHENTICATED)',
    }),
    ApiForbiddenResponse({ description: `The API key does not have the "${scope}" scope (FORBIDDEN)` }),
  );
}

/** Never needs a key, whatever READS_REQUIRE_KEY says (liveness and readiness probes). */
export function Public(): ClassDecorator & MethodDecorator {
  return SetMetadata(REQUIRED_ACCESS, 'public' satisfies RequiredAccess);
}

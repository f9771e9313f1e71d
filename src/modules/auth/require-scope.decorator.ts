import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-responses';
import { PUBLIC_EXTENSION } from '../../common/openapi/openapi-document';
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
    ApiErrorResponses(401, [403, `The API key does not have the "${scope}" scope (FORBIDDEN)`]),
  );
}

/** Never needs a key, whatever READS_REQUIRE_KEY says (liveness and readiness probes). */
export function Public(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ACCESS, 'public' satisfies RequiredAccess),
    // OpenAPI: `security: []` (finishOpenApiDocument), and no 401.
    ApiExtension(PUBLIC_EXTENSION, true),
  );
}

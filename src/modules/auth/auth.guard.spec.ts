import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { describe, expect, it, vi } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../common/errors/domain-error';
import type { RateLimits } from '../../common/http/rate-limit';
import type { AppConfig } from '../../config/app-config';
import type { Principal } from './actor';
import { API_KEY_SCOPES, type ApiKeyScope } from './api-key-scope';
import { ApiKeyService } from './api-key.service';
import { AuthGuard } from './auth.guard';
import { Public, RequireScope } from './require-scope.decorator';

class Handlers {
  undecorated(): void {}

  @RequireScope('editor')
  editor(): void {}

  @Public()
  open(): void {}
}

@RequireScope('publisher')
class PublisherHandlers {
  undecorated(): void {}

  @RequireScope('reader')
  reader(): void {}
}

/** "Bearer <scope>" stands for a key with that scope; no header, for none. */
function guardWith(readsRequireKey: boolean) {
  const authenticate = vi.fn(async (authorization: unknown): Promise<Principal> => {
    const scope = typeof authorization === 'string' ? authorization.replace(/^Bearer /, '') : undefined;
    if (!API_KEY_SCOPES.includes(scope as ApiKeyScope)) throw new UnauthenticatedError('no key');
    return { kind: 'api-key', keyId: scope!, name: scope!, prefix: scope!, scopes: [scope as ApiKeyScope] };
  });
  const service = { authenticate, authorize: ApiKeyService.prototype.authorize } as unknown as ApiKeyService;
  const countKeyRequest = vi.fn(async (_request: object, _bucket: string, _keyName: string) => {});
  const rateLimits = { countKeyRequest } as unknown as RateLimits;
  const guard = new AuthGuard(new Reflector(), service, { readsRequireKey } as AppConfig, rateLimits);
  return { guard, authenticate, countKeyRequest };
}

type Target = [type: new () => object, handler: string];

function httpContext([type, handler]: Target, method: string, request: object): ExecutionContext {
  return new ExecutionContextHost([{ method, ...request }, {}], type, handlerOf(type, handler));
}

function graphqlContext([type, handler]: Target, operation: string, request: object): ExecutionContext {
  const info = { operation: { operation } };
  const host = new ExecutionContextHost([{}, {}, { req: request }, info], type, handlerOf(type, handler));
  host.setType('graphql');
  return host;
}

function handlerOf(type: new () => object, name: string): () => void {
  return (type.prototype as Record<string, () => void>)[name];
}

/** What the guard does: "pass", or the error class it throws. */
async function outcome(context: ExecutionContext, readsRequireKey = false): Promise<string> {
  try {
    expect(await guardWith(readsRequireKey).guard.canActivate(context)).toBe(true);
    return 'pass';
  } catch (error) {
    if (error instanceof UnauthenticatedError) return '401';
    if (error instanceof ForbiddenError) return '403';
    throw error;
  }
}

const request = (scope?: ApiKeyScope) => ({ headers: scope ? { authorization: `Bearer ${scope}` } : {} });
const undecorated: Target = [Handlers, 'undecorated'];

describe('AuthGuard', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('makes an undecorated REST %s need admin', async (method) => {
    expect(await outcome(httpContext(undecorated, method, request()))).toBe('401');
    expect(await outcome(httpContext(undecorated, method, request('publisher')))).toBe('403');
    expect(await outcome(httpContext(undecorated, method, request('admin')))).toBe('pass');
  });

  it('makes an undecorated GraphQL mutation need admin', async () => {
    expect(await outcome(graphqlContext(undecorated, 'mutation', request()))).toBe('401');
    expect(await outcome(graphqlContext(undecorated, 'mutation', request('publisher')))).toBe('403');
    expect(await outcome(graphqlContext(undecorated, 'mutation', request('admin')))).toBe('pass');
  });

  it.each([
    ['REST GET', (r: object) => httpContext(undecorated, 'GET', r)],
    ['REST HEAD', (r: object) => httpContext(undecorated, 'HEAD', r)],
    ['a GraphQL query', (r: object) => graphqlContext(undecorated, 'query', r)],
  ])('leaves an undecorated %s public, or needing reader when reads require a key', async (_what, context) => {
    expect(await outcome(context(request()))).toBe('pass');
    expect(await outcome(context(request()), true)).toBe('401');
    expect(await outcome(context(request('reader')), true)).toBe('pass');
  });

  it('takes the declared scope of the handler over its class, and of the class over the default', async () => {
    const editor: Target = [Handlers, 'editor'];
    expect(await outcome(httpContext(editor, 'PUT', request('reader')))).toBe('403');
    expect(await outcome(httpContext(editor, 'PUT', request('editor')))).toBe('pass');
    expect(await outcome(graphqlContext(editor, 'mutation', request('editor')))).toBe('pass');
    // A declared scope holds for reads too, even when reads are public.
    expect(await outcome(httpContext(editor, 'GET', request()))).toBe('401');

    const classLevel: Target = [PublisherHandlers, 'undecorated'];
    expect(await outcome(httpContext(classLevel, 'GET', request('editor')))).toBe('403');
    expect(await outcome(httpContext(classLevel, 'POST', request('publisher')))).toBe('pass');
    const overridden: Target = [PublisherHandlers, 'reader'];
    expect(await outcome(httpContext(overridden, 'POST', request('reader')))).toBe('pass');
  });

  it('never asks for a key on a @Public handler', async () => {
    const open: Target = [Handlers, 'open'];
    expect(await outcome(httpContext(open, 'GET', request()), true)).toBe('pass');
  });

  it('authenticates a request once, however many GraphQL root fields it has', async () => {
    const { guard, authenticate } = guardWith(true);
    const shared = request('reader');
    await Promise.all([1, 2, 3].map(() => guard.canActivate(graphqlContext(undecorated, 'query', shared))));
    expect(authenticate).toHaveBeenCalledTimes(1);
  });

  it('counts a request against its verified key once, however many GraphQL root fields it has', async () => {
    const { guard, countKeyRequest } = guardWith(true);
    const shared = request('reader');
    await Promise.all([1, 2, 3].map(() => guard.canActivate(graphqlContext(undecorated, 'query', shared))));
    expect(countKeyRequest).toHaveBeenCalledTimes(1);
    expect(countKeyRequest).toHaveBeenCalledWith(shared, 'key:reader', 'the API key "reader"');
  });

  it('counts no key it could not verify, nor a request that needs none', async () => {
    const { guard, countKeyRequest } = guardWith(false);
    await expect(guard.canActivate(httpContext(undecorated, 'POST', request()))).rejects.toThrow(UnauthenticatedError);
    await guard.canActivate(httpContext(undecorated, 'GET', request('admin')));
    expect(countKeyRequest).not.toHaveBeenCalled();
  });
});

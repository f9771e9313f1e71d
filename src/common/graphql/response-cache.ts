import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Kind } from 'graphql';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { etagOf } from '../http/conditional-response';

/**
 * What a GraphQL request's resolvers report about their answers. A root field whose
 * answer can never change (a published catalog version by label, no profile) calls
 * `markImmutable`; a response is cached only when every root field did.
 */
export class GraphQLRequestContext {
  private immutableRootFields = 0;

  constructor(readonly req: unknown) {}

  markImmutable(immutable: boolean): void {
    if (immutable) this.immutableRootFields++;
    else this.immutableRootFields = Number.NEGATIVE_INFINITY;
  }

  /** True when each of the operation's `rootFields` root fields reported an immutable answer. */
  answeredImmutably(rootFields: number): boolean {
    return rootFields > 0 && this.immutableRootFields === rootFields;
  }
}

interface CachedResponse {
  readonly body: string;
  readonly contentType: string;
  readonly etag: string;
}

const MAX_CACHED_BYTES = 16 * 1024 * 1024;
const GRAPHQL_PATH = '/graphql';

/**
 * Whole GraphQL responses to queries that only read what never changes, served before
 * Nest and Apollo see the request. A published catalog version is immutable, so the same
 * question (query, variables, operation name, Accept) always gets the same bytes; parsing,
 * validating and executing it again would only cost time.
 *
 * The hook answers before Nest's AuthGuard runs, so it serves only while reads are public:
 * with READS_REQUIRE_KEY=true the cache is off (nothing registered, nothing stored).
 */
@Injectable()
export class GraphQLResponseCache {
  private readonly responses = new LRUCache<string, CachedResponse>({
    maxSize: MAX_CACHED_BYTES,
    sizeCalculation: (response) => response.body.length * 2 + 256,
  });
  private readonly enabled: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.enabled = !config.readsRequireKey;
  }

  /** Serves cached responses from a Fastify hook that runs once the body is parsed. */
  register(fastify: FastifyInstance): void {
    if (!this.enabled) return;
    fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'POST' || request.url !== GRAPHQL_PATH) return;
      const key = this.keyOf(request.body, request.headers.accept);
      const cached = key === undefined ? undefined : this.responses.get(key);
      if (!cached) return;
      void reply.header('ETag', cached.etag).header('Cache-Control', 'no-cache');
      if (request.headers['if-none-match'] === cached.etag) return reply.status(304).send();
      return reply.type(cached.contentType).send(cached.body);
    });
  }

  store(body: unknown, accept: string | undefined, response: Omit<CachedResponse, 'etag'>): void {
    if (!this.enabled) return;
    const key = this.keyOf(body, accept);
    if (key === undefined) return;
    this.responses.set(key, { ...response, etag: etagOf(response.body) });
  }

  /** The cache key of a request body, or undefined when the body is not a single query. */
  keyOf(body: unknown, accept: string | undefined): string | undefined {
    const { query, variables, operationName, extensions } = (body ?? {}) as Record<string, unknown>;
    if (typeof query !== 'string' || extensions !== undefined) return undefined;
    return createHash('sha256')
      .update(JSON.stringify([query, variables ?? null, operationName ?? null, accept ?? '']))
      .digest('base64url');
  }
}

/**
 * Fills the response cache: after a query whose every root field answered immutably and
 * that produced no error, keeps the bytes Apollo sends.
 */
@Plugin()
export class GraphQLResponseCachePlugin implements ApolloServerPlugin<GraphQLRequestContext> {
  constructor(private readonly cache: GraphQLResponseCache) {}

  async requestDidStart(): Promise<GraphQLRequestListener<GraphQLRequestContext>> {
    const cache = this.cache;
    return {
      async willSendResponse({ request, response, contextValue, operation }) {
        if (!operation || operation.operation !== 'query' || response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        if (result.errors?.length || !(contextValue instanceof GraphQLRequestContext)) return;
        const rootFields = operation.selectionSet.selections;
        if (rootFields.some((selection) => selection.kind !== Kind.FIELD)) return;
        if (!contextValue.answeredImmutably(rootFields.length)) return;
        const httpRequest = contextValue.req as FastifyRequest;
        // Only answers given without credentials are kept, so a cached answer is one anybody
        // may have: the hook serves it without asking for a key.
        if (httpRequest.headers.authorization !== undefined) return;
        const accept = httpRequest.headers.accept;
        // Apollo answers application/graphql-response+json to clients that ask for it; only
        // the plain JSON answer is kept, so such clients always go through Apollo.
        if (accept?.includes('application/graphql-response+json')) return;
        void request;
        cache.store(httpRequest.body, accept, {
          body: JSON.stringify(result),
          contentType: 'application/json; charset=utf-8',
        });
      },
    };
  }
}

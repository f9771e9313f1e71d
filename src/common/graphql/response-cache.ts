import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { FastifyRequest } from 'fastify';
import { Kind } from 'graphql';
import { ImmutableResponseCache } from '../http/immutable-response-cache';

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

/**
 * Fills the response cache: after a query whose every root field answered immutably and
 * that produced no error, keeps the bytes Apollo sends.
 */
@Plugin()
export class GraphQLResponseCachePlugin implements ApolloServerPlugin<GraphQLRequestContext> {
  constructor(private readonly cache: ImmutableResponseCache) {}

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
        cache.storeGraphQL(httpRequest.body, accept, {
          body: JSON.stringify(result),
          contentType: 'application/json; charset=utf-8',
        });
      },
    };
  }
}

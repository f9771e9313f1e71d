import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { FastifyRequest } from 'fastify';
import { Kind } from 'graphql';
import { ChangeFeed } from '../../database/change-feed';
import { ResponseCache } from '../http/response-cache';
import { graphQLOperationOf } from '../observability/metrics';

/**
 * What a GraphQL request's resolvers report about their answers. A root field whose
 * answer depends only on catalog versions and profiles calls `markAnswer`, saying whether
 * it can ever change (a published version by label, no profile); a response is cached
 * only when every root field did, for good when all of them are immutable, until the next
 * change otherwise.
 */
export class GraphQLRequestContext {
  private answeredRootFields = 0;
  private allImmutable = true;

  constructor(readonly req: unknown) {}

  markAnswer(immutable: boolean): void {
    this.answeredRootFields++;
    if (!immutable) this.allImmutable = false;
  }

  /** How each of the operation's `rootFields` root fields can be kept; undefined: not at all. */
  cacheability(rootFields: number): 'immutable' | 'until-change' | undefined {
    if (rootFields === 0 || this.answeredRootFields !== rootFields) return undefined;
    return this.allImmutable ? 'immutable' : 'until-change';
  }
}

/**
 * Fills the response cache: after a query whose every root field reported its answer and
 * that produced no error, keeps the bytes Apollo sends, under the change-feed epoch the
 * request started in (a change during the request means the answer is not kept).
 */
@Plugin()
export class GraphQLResponseCachePlugin implements ApolloServerPlugin<GraphQLRequestContext> {
  constructor(
    private readonly cache: ResponseCache,
    private readonly changes: ChangeFeed,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<GraphQLRequestContext>> {
    const cache = this.cache;
    const epoch = this.changes.epoch;
    return {
      async willSendResponse({ response, contextValue, operation }) {
        if (!operation || operation.operation !== 'query' || response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        if (result.errors?.length || !(contextValue instanceof GraphQLRequestContext)) return;
        const rootFields = operation.selectionSet.selections;
        if (rootFields.some((selection) => selection.kind !== Kind.FIELD)) return;
        const cacheability = contextValue.cacheability(rootFields.length);
        if (cacheability === undefined) return;
        const httpRequest = contextValue.req as FastifyRequest;
        // Only answers given without credentials are kept, so a cached answer is one anybody
        // may have: the hook serves it without asking for a key.
        if (httpRequest.headers.authorization !== undefined) return;
        const accept = httpRequest.headers.accept;
        // Apollo answers application/graphql-response+json to clients that ask for it; only
        // the plain JSON answer is kept, so such clients always go through Apollo.
        if (accept?.includes('application/graphql-response+json')) return;
        cache.storeGraphQL(httpRequest.body, accept, epoch, {
          body: JSON.stringify(result),
          contentType: 'application/json; charset=utf-8',
          immutable: cacheability === 'immutable',
          // Its labels (GraphQLMetricsPlugin's), for the request histogram when it is served again.
          operation: graphQLOperationOf(httpRequest) ?? undefined,
        });
      },
    };
  }
}

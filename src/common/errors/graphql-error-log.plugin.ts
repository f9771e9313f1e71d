import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { FastifyRequest } from 'fastify';
import { GraphQLRequestContext } from '../graphql/response-cache';
import { unexpectedGraphQLError } from './graphql-error-formatter';

/**
 * Logs the GraphQL errors a client is only told "internal error" about, with the logger of
 * the request they happened in, so the line carries its requestId (formatGraphQLError,
 * which shapes what the client sees, has no request to log with).
 */
@Plugin()
export class GraphQLErrorLogPlugin implements ApolloServerPlugin<GraphQLRequestContext> {
  async requestDidStart(): Promise<GraphQLRequestListener<GraphQLRequestContext>> {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        const log = (contextValue.req as FastifyRequest | undefined)?.log;
        if (log === undefined) return;
        for (const error of errors) {
          const unexpected = unexpectedGraphQLError(error);
          if (unexpected !== undefined) log.error({ context: 'GraphQL', stack: unexpected.stack }, unexpected.message);
        }
      },
    };
  }
}

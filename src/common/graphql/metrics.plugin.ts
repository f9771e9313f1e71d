import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { graphQLOperationOf, Metrics, setGraphQLOperation } from '../observability/metrics';

type Context = { req?: unknown };

/**
 * Names each GraphQL request's operation for the request histogram (MetricsEndpoint
 * observes it when the response is sent): its name, bounded by Metrics, its type, and
 * whether the answer carried errors. The labels are on the request from the moment the
 * operation is resolved, so the response cache can keep them with the answer. A document
 * that resolves to no operation (a syntax or validation error) is of type `unknown`, named
 * by the operationName the client sent, if any.
 */
@Plugin()
export class GraphQLMetricsPlugin implements ApolloServerPlugin<Context> {
  constructor(private readonly metrics: Metrics) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Context> | void> {
    const metrics = this.metrics;
    if (!metrics.enabled) return;
    return {
      async didResolveOperation({ operation, contextValue }) {
        const httpRequest = contextValue.req;
        if (operation === undefined || typeof httpRequest !== 'object' || httpRequest === null) return;
        setGraphQLOperation(httpRequest, {
          operation: metrics.operationName(operation.name?.value),
          type: operation.operation,
          outcome: 'ok',
        });
      },
      async willSendResponse({ request, response, contextValue }) {
        const httpRequest = contextValue.req;
        if (typeof httpRequest !== 'object' || httpRequest === null) return;
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        const resolved = graphQLOperationOf(httpRequest);
        if (resolved !== null && !errors?.length) return;
        setGraphQLOperation(httpRequest, {
          operation: resolved?.operation ?? metrics.operationName(request.operationName),
          type: resolved?.type ?? 'unknown',
          outcome: errors?.length ? 'error' : 'ok',
        });
      },
    };
  }
}

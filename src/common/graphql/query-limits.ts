import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ASTVisitor,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Deepest selection a query may nest, introspection included: the schema's own paths need
 * 5 and the standard introspection query 13.
 */
export const MAX_QUERY_DEPTH = 15;
/** Largest cost a query may have, one point per field unless a field says otherwise. */
export const MAX_QUERY_COMPLEXITY = 500;

/**
 * Validation rule refusing operations nested deeper than MAX_QUERY_DEPTH, counting every
 * field (introspection too, which the usual depth-limit package skips) through fragments.
 */
export function depthLimitRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const depthOf = (selectionSet: SelectionSetNode | undefined, depth: number, visiting: Set<string>): number => {
    if (!selectionSet || depth > MAX_QUERY_DEPTH) return depth;
    let deepest = depth;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, depth + 1, visiting));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, depth, visiting));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !visiting.has(name)) {
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, depth, new Set([...visiting, name])));
        }
      }
    }
    return deepest;
  };
  return {
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, 0, new Set());
      if (depth > MAX_QUERY_DEPTH) {
        context.reportError(
          new GraphQLError(`query is nested too deep: more than ${MAX_QUERY_DEPTH} levels`, { nodes: [operation] }),
        );
      }
    },
  };
}

/**
 * Refuses queries whose estimated cost exceeds MAX_QUERY_COMPLEXITY before any resolver
 * runs (the approach of Nest's GraphQL complexity recipe).
 */
@Plugin()
export class QueryComplexityPlugin implements ApolloServerPlugin {
  constructor(private readonly schemaHost: GraphQLSchemaHost) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const { schema } = this.schemaHost;
    return {
      async didResolveOperation({ request, document }) {
        const complexity = getComplexity({
          schema,
          operationName: request.operationName,
          query: document,
          variables: request.variables,
          estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
        });
        if (complexity > MAX_QUERY_COMPLEXITY) {
          throw new GraphQLError(
            `query is too complex: ${complexity} points, at most ${MAX_QUERY_COMPLEXITY} allowed`,
            {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            },
          );
        }
      },
    };
  }
}

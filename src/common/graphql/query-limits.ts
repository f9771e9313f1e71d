import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Deepest selection a query may nest, introspection included: the schema's own paths need
 * 5, the standard introspection query 15 (graphql 16.15's, which follows `ofType` 9 levels;
 * 13 with the 7 levels of earlier releases).
 */
export const MAX_QUERY_DEPTH = 15;
/** Largest cost a query may have, one point per field unless a field says otherwise. */
export const MAX_QUERY_COMPLEXITY = 500;
/**
 * Most tokens a GraphQL document may have; graphql's parser stops there (Apollo's
 * `parseOptions.maxTokens`). The standard introspection query has 163; the rules graphql
 * itself validates with include some that grow with the square of the repeated fields.
 */
export const MAX_QUERY_TOKENS = 1000;
/**
 * Most selections graphql-query-complexity may visit once fragments are expanded, spreads
 * and inline fragments included; a query within MAX_QUERY_COMPLEXITY visits far fewer.
 */
export const MAX_QUERY_NODES = 2000;

const logger = new Logger('QueryLimits');

/**
 * A document over a limit: GRAPHQL_VALIDATION_FAILED, as for any other document the
 * schema refuses, HTTP 400 where Apollo sets the status.
 */
export function queryRefused(
  message: string,
  code: 'GRAPHQL_VALIDATION_FAILED' | 'BAD_USER_INPUT' = 'GRAPHQL_VALIDATION_FAILED',
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * Validation rule refusing operations nested deeper than MAX_QUERY_DEPTH, counting every
 * field (introspection too, which the usual depth-limit package skips) through fragments.
 * Each fragment is measured once, so a fragment spread a million times over costs no more
 * than one spread once.
 */
export function depthLimitRule(context: ValidationContext): ASTVisitor {
  const depthOf = selectionDepth(fragmentsOf(context.getDocument()));
  return {
    OperationDefinition(operation) {
      if (depthOf(operation.selectionSet) > MAX_QUERY_DEPTH) {
        context.reportError(
          new GraphQLError(`query is nested too deep: more than ${MAX_QUERY_DEPTH} levels`, { nodes: [operation] }),
        );
      }
    },
  };
}

/**
 * The depth of a selection set: one level per field, none for inline fragments and
 * spreads. Memoized per fragment; a fragment met again while it is being measured (a
 * cycle, which graphql's NoFragmentCyclesRule reports) adds nothing.
 */
export function selectionDepth(
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): (selectionSet: SelectionSetNode) => number {
  const known = new Map<string, number>();
  const measuring = new Set<string>();
  const depthOf = (selectionSet: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      let depth: number;
      if (selection.kind === Kind.FIELD) depth = 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) depth = depthOf(selection.selectionSet);
      else depth = fragmentDepth(selection.name.value);
      deepest = Math.max(deepest, depth);
    }
    return deepest;
  };
  const fragmentDepth = (name: string): number => {
    const memo = known.get(name);
    if (memo !== undefined) return memo;
    const fragment = fragments.get(name);
    if (fragment === undefined || measuring.has(name)) return 0;
    measuring.add(name);
    const depth = depthOf(fragment.selectionSet);
    measuring.delete(name);
    known.set(name, depth);
    return depth;
  };
  return depthOf;
}

/** What graphql-query-complexity will at least count for an operation. */
export interface ComplexityLowerBound {
  /** Points the operation costs at least. */
  readonly points: number;
  /**
   * True when `points` is exactly what graphql-query-complexity computes: no @skip or
   * @include, no field whose complexity is a function, no fragment narrowing an abstract type.
   */
  readonly exact: boolean;
}

/**
 * A lower bound of the cost graphql-query-complexity computes with the estimators of
 * QueryComplexityPlugin (a field's `complexity` extension when it is a number, else 1 point,
 * plus its children), in time linear in the document: each fragment is costed once. What
 * only the full estimate can know counts nothing here: a selection under @skip or @include
 * (the variables decide), a field whose complexity is a function, a fragment that narrows an
 * abstract type (the estimate keeps the costliest possible type).
 */
export function complexityLowerBound(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): ComplexityLowerBound {
  const known = new Map<string, number>();
  const measuring = new Set<string>();
  let exact = true;

  const costOf = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType): number => {
    let points = 0;
    for (const selection of selectionSet.selections) {
      if (isConditional(selection)) {
        exact = false;
        continue;
      }
      if (selection.kind === Kind.FIELD) {
        points += fieldCost(selection, parentType);
        continue;
      }
      const condition = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      const typeName = condition?.typeCondition?.name.value;
      const type = typeName === undefined ? parentType : schema.getType(typeName);
      if (!isCompositeType(type)) continue;
      // On an object type every fragment adds to that one type's cost; on an abstract type
      // a fragment on another type adds only to the types it names, and the estimate keeps
      // the costliest type, so a lower bound cannot count it.
      if (!isObjectType(parentType) && type !== parentType) {
        exact = false;
        continue;
      }
      points +=
        selection.kind === Kind.FRAGMENT_SPREAD
          ? fragmentCost(selection.name.value, type)
          : costOf(selection.selectionSet, type);
    }
    return points;
  };

  const fieldCost = (node: FieldNode, parentType: GraphQLCompositeType): number => {
    const field = fieldDefinition(parentType, node.name.value);
    if (field === undefined) return 0;
    const type = getNamedType(field.type);
    const children = node.selectionSet && isCompositeType(type) ? costOf(node.selectionSet, type) : 0;
    const own: unknown = field.extensions?.complexity;
    if (typeof own === 'number') return own + children;
    if (typeof own === 'function') {
      exact = false;
      return 0;
    }
    return 1 + children;
  };

  const fragmentCost = (name: string, type: GraphQLCompositeType): number => {
    const memo = known.get(name);
    if (memo !== undefined) return memo;
    const fragment = fragments.get(name);
    if (fragment === undefined || measuring.has(name)) return 0;
    measuring.add(name);
    const points = costOf(fragment.selectionSet, type);
    measuring.delete(name);
    known.set(name, points);
    return points;
  };

  const root = rootTypeOf(schema, operation);
  const points = root ? costOf(operation.selectionSet, root) : 0;
  return { points, exact };
}

/** The fragments of a document by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

function isConditional(selection: SelectionNode): boolean {
  return (selection.directives ?? []).some(
    (directive) => directive.name.value === 'skip' || directive.name.value === 'include',
  );
}

/** A field of a type as graphql-query-complexity looks it up, meta fields included. */
function fieldDefinition(parentType: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
}

function rootTypeOf(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): GraphQLCompositeType | null | undefined {
  switch (operation.operation) {
    case 'query':
      return schema.getQueryType();
    case 'mutation':
      return schema.getMutationType();
    default:
      return schema.getSubscriptionType();
  }
}

/**
 * Refuses queries whose estimated cost exceeds MAX_QUERY_COMPLEXITY before any resolver
 * runs (the approach of Nest's GraphQL complexity recipe). A linear lower bound comes
 * first, so graphql-query-complexity, which walks every expanded selection, only ever
 * estimates queries that may be within the limit, and never more than MAX_QUERY_NODES
 * selections of them. Every refusal is the client's: GRAPHQL_VALIDATION_FAILED, HTTP 400.
 */
@Plugin()
export class QueryComplexityPlugin implements ApolloServerPlugin {
  constructor(private readonly schemaHost: GraphQLSchemaHost) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const { schema } = this.schemaHost;
    return {
      async didResolveOperation({ request, document, operation }) {
        if (operation) {
          const bound = complexityLowerBound(schema, operation, fragmentsOf(document));
          if (bound.points > MAX_QUERY_COMPLEXITY) {
            throw queryRefused(
              `query is too complex: ${bound.exact ? '' : 'at least '}${bound.points} points, at most ${MAX_QUERY_COMPLEXITY} allowed`,
            );
          }
        }
        const complexity = estimateComplexity(() =>
          getComplexity({
            schema,
            operationName: request.operationName,
            query: document,
            variables: request.variables,
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            // The estimate gives up once it has visited this many selections.
            maxQueryNodes: MAX_QUERY_NODES + 1,
          }),
        );
        if (complexity > MAX_QUERY_COMPLEXITY) {
          throw queryRefused(`query is too complex: ${complexity} points, at most ${MAX_QUERY_COMPLEXITY} allowed`);
        }
      },
    };
  }
}

/**
 * Runs graphql-query-complexity, whose errors are all about the request (too many nodes,
 * variables that do not fit their types, arguments that do not coerce): a 400 naming the
 * problem, never a 500.
 */
function estimateComplexity(estimate: () => number): number {
  try {
    return estimate();
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      throw queryRefused(`query is too large: more than ${MAX_QUERY_NODES} selections once fragments are expanded`);
    }
    // Variables that do not fit their types: Apollo's BAD_USER_INPUT, as when it coerces them.
    if (error instanceof GraphQLError && /^Variable "\$/.test(error.message)) {
      throw queryRefused(error.message, 'BAD_USER_INPUT');
    }
    if (error instanceof GraphQLError) throw queryRefused(error.message);
    logger.warn(`the complexity of a query could not be estimated: ${String(error)}`);
    throw queryRefused('the complexity of the query could not be estimated');
  }
}

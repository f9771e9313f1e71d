import type { GraphQLSchema } from 'graphql';

/**
 * Describes the root types, which code-first Nest builds without a description, so that
 * every type of the schema says what it is (test/graphql-schema.e2e-spec.ts checks).
 */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  if (query) query.description = 'Reads: catalog versions, flow questions, artifacts, diffs, profiles, audit events';
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = 'Writes, each mirroring a REST admin operation; every one needs an API key';
  return schema;
}

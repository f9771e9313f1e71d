import {
  buildClientSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLEnumType,
  type GraphQLSchema,
} from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
let schema: GraphQLSchema;

beforeAll(async () => {
  t = await createTestApp();
  // The schema a client sees: the standard introspection query, over HTTP.
  const res = await request(t.server).post('/graphql').send({ query: getIntrospectionQuery() }).expect(200);
  expect(res.body.errors).toBeUndefined();
  schema = buildClientSchema(res.body.data);
});

afterAll(async () => {
  await t?.close();
});

/** Every type, field, argument, input field and enum value without a description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const described = (text: string | null | undefined) => typeof text === 'string' && text.trim() !== '';
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!described(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!described(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!described(value.description)) missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  return missing;
}

describe('the GraphQL schema', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    expect(Object.keys(schema.getTypeMap()).length).toBeGreaterThan(40);
    expect(undescribed(schema)).toEqual([]);
  });

  it('keeps the contract’s names and arguments', () => {
    const query = schema.getQueryType()!.getFields();
    for (const name of ['catalogs', 'catalog', 'flows', 'artifact', 'diff']) expect(query[name], name).toBeDefined();
    expect(query.catalog.args.map((arg) => arg.name)).toEqual(['version']);
    expect(query.flows.args.map((arg) => arg.name).sort()).toEqual(['catalog', 'from', 'params', 'profile', 'to']);
    // artifact(format:) stays a String: clients send format: "aws-terraform" and String variables.
    expect(String(query.artifact.args.find((arg) => arg.name === 'format')!.type)).toBe('String!');
  });

  it('offers the closed sets as enums whose value names are the REST values', () => {
    const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((value) => value.name);
    expect(values('CatalogDocumentFormat')).toEqual(['json', 'yaml']);
    expect(values('FlowTableFormat')).toEqual(['csv', 'markdown']);
    expect(values('FlowImportMode')).toEqual(['merge', 'replace']);
    expect(values('FlowProtocol')).toEqual(['ipip', 'tcp', 'udp']);
    expect(values('CatalogVersionStatus')).toEqual(['deprecated', 'draft', 'published']);
  });
});

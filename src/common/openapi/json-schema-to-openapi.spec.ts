import { describe, expect, it } from 'vitest';
import { toOpenApiSchema } from './json-schema-to-openapi';

describe('toOpenApiSchema', () => {
  it('turns a type array into a oneOf of single types', () => {
    expect(toOpenApiSchema({ type: ['string', 'integer'] })).toEqual({
      oneOf: [{ type: 'string' }, { type: 'integer' }],
    });
  });

  it('turns null in a type array into nullable on a schema that has a type', () => {
    expect(toOpenApiSchema({ type: ['string', 'null'] })).toEqual({ type: 'string', nullable: true });
    expect(toOpenApiSchema({ type: ['string', 'number', 'null'] })).toEqual({
      oneOf: [{ type: 'string', nullable: true }, { type: 'number' }],
    });
  });

  it('writes definitions out in place and drops what OpenAPI 3.0 does not know', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'x',
      type: 'object',
      properties: { type: { $ref: '#/definitions/id' }, default: { type: ['string', 'boolean'] } },
      definitions: { id: { type: 'string', minLength: 1 } },
    };
    expect(toOpenApiSchema(schema, schema.definitions)).toEqual({
      type: 'object',
      properties: {
        type: { type: 'string', minLength: 1 },
        default: { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
      },
    });
  });

  it('refuses a reference to a definition that does not exist', () => {
    expect(() => toOpenApiSchema({ $ref: '#/definitions/missing' })).toThrow(/missing/);
  });
});

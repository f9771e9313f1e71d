import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

type ParameterValue = string | number | boolean;

function fromValue(value: unknown): ParameterValue {
  if (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    return value;
  }
  throw new GraphQLError('ParameterValue must be a string, a number or a boolean');
}

function fromLiteral(node: ValueNode): ParameterValue {
  switch (node.kind) {
    case Kind.STRING:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    default:
      throw new GraphQLError('ParameterValue must be a string, a number or a boolean');
  }
}

/** A parameter's value: a string (enum, port range, string), a number or a boolean. */
export const ParameterValueScalar = new GraphQLScalarType({
  name: 'ParameterValue',
  description: 'A parameter value: a string (enum, port range, string), a number or a boolean',
  serialize: fromValue,
  parseValue: fromValue,
  parseLiteral: fromLiteral,
});

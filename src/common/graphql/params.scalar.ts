import { GraphQLError, GraphQLScalarType, Kind, type ObjectValueNode, type ValueNode } from 'graphql';

type ParamValue = string | number | boolean;

const MESSAGE = 'ParamsInput must be an object of parameter values (strings, numbers or booleans)';

function fromValue(value: unknown): Record<string, ParamValue> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GraphQLError(MESSAGE);
  for (const [name, item] of Object.entries(value)) {
    if (!['string', 'number', 'boolean'].includes(typeof item)) {
      throw new GraphQLError(`ParamsInput value of "${name}" must be a string, a number or a boolean`);
    }
  }
  return value as Record<string, ParamValue>;
}

function literal(
  node: ValueNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  name: string,
): ParamValue {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.VARIABLE: {
      const value = variables?.[node.name.value];
      if (['string', 'number', 'boolean'].includes(typeof value)) return value as ParamValue;
      break;
    }
    default:
      break;
  }
  throw new GraphQLError(`ParamsInput value of "${name}" must be a string, a number or a boolean`);
}

/**
 * Parameter values of a question, as an object: `params: { cni: "calico", airGap: true }`.
 * A scalar rather than an input type because each catalog version declares its own
 * parameters; the service checks names and types against the version asked about.
 */
export const ParamsInputScalar = new GraphQLScalarType({
  name: 'ParamsInput',
  description: 'Parameter values by name, e.g. { cni: "calico", airGap: true }; checked against the catalog version',
  serialize: fromValue,
  parseValue: fromValue,
  parseLiteral(node, variables) {
    if (node.kind !== Kind.OBJECT) throw new GraphQLError(MESSAGE);
    return Object.fromEntries(
      (node as ObjectValueNode).fields.map((field) => [
        field.name.value,
        literal(field.value, variables, field.name.value),
      ]),
    );
  },
});

import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ParameterValueScalar } from '../../../common/graphql/parameter-value.scalar';

export enum ParameterType {
  enum = 'enum',
  boolean = 'boolean',
  portRange = 'portRange',
  string = 'string',
  number = 'number',
}
registerEnumType(ParameterType, {
  name: 'ParameterType',
  description: "The type of a parameter's values",
  valuesMap: {
    enum: { description: 'One of the listed values' },
    boolean: { description: 'true or false' },
    portRange: { description: 'A port range "A-B" or a single port' },
    string: { description: 'Any text' },
    number: { description: 'A number' },
  },
});

@ObjectType('Parameter', { description: 'A profile attribute that conditions are written against' })
export class ParameterModel {
  @Field({ description: 'The parameter\'s name, as conditions and queries write it, e.g. "cni"' })
  @ApiProperty({ example: 'cni' })
  name!: string;

  @Field(() => ParameterType, { description: 'The type of its values' })
  @ApiProperty({ enum: ParameterType, enumName: 'ParameterType' })
  type!: ParameterType;

  @Field(() => [String], { description: 'Allowed values of an enum parameter' })
  @ApiProperty({ type: [String], example: ['canal', 'calico', 'weave', 'flannel'] })
  values!: string[];

  @Field(() => ParameterValueScalar, {
    nullable: true,
    name: 'default',
    description: 'The value when a profile or question gives none',
  })
  @ApiProperty({
    name: 'default',
    // OpenAPI 3.0: `nullable` only counts next to a `type`; null matches the first alternative only.
    oneOf: [{ type: 'string', nullable: true }, { type: 'boolean' }, { type: 'number' }],
    description: 'The value that applies when a question gives none; null when the parameter has no default',
  })
  default!: string | number | boolean | null;

  @Field({ description: 'What the parameter means' })
  @ApiProperty()
  description!: string;

  @Field(() => Int, { description: 'One more on each change; send it (If-Match or revision) to write conditionally' })
  @ApiProperty()
  revision!: number;
}

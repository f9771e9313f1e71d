import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

@ObjectType('Role', { description: 'A kind of network endpoint; a role may include others' })
export class RoleModel {
  @Field({ description: 'Role id as written in the catalog, e.g. "node"' })
  @ApiProperty({ example: 'node' })
  id!: string;

  @Field()
  @ApiProperty()
  name!: string;

  @Field()
  @ApiProperty()
  description!: string;

  @Field(() => [String], { description: 'Ids of the roles this one stands for as well' })
  @ApiProperty({ type: [String], example: ['master', 'worker'] })
  includes!: string[];
}

@ObjectType('RoleDefinition', { description: 'A role of a catalog version, with its revision for conditional edits' })
export class RoleDefinitionModel extends RoleModel {
  @Field(() => Int, { description: 'One more on each change; send it (If-Match or revision) to write conditionally' })
  @ApiProperty()
  revision!: number;
}

import { Field, ObjectType } from '@nestjs/graphql';
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

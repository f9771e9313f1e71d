import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

@ObjectType('Role', { description: 'A kind of network endpoint; a role may include others' })
export class RoleModel {
  /**
   * GraphQL only: unique across catalog versions, so that client caches that normalise by
   * `id` (Apollo's, for one) keep `worker` of one version apart from `worker` of another.
   * Set by `asRoleNode`, never enumerable, so REST answers do not show it.
   */
  @Field(() => ID, {
    name: 'id',
    description: 'Unique across catalog versions (for client caches); `key` is the role id of the catalog',
  })
  nodeId?: string;

  /** The role id as the catalog writes it (GraphQL calls it `key`, REST `id`). */
  @Field({ name: 'key', description: 'Role id as written in the catalog, e.g. "node"' })
  @ApiProperty({ example: 'node' })
  id!: string;

  @Field({ description: 'A name for people, e.g. "Master"' })
  @ApiProperty()
  name!: string;

  @Field({ description: 'What the role stands for' })
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

/** Gives a role its GraphQL `id`, unique across versions: the version id and the role key. */
export function asRoleNode<T extends RoleModel>(role: T, versionId: string): T {
  Object.defineProperty(role, 'nodeId', { value: `${versionId}/${role.id}`, enumerable: false });
  return role;
}

import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ROLE_KINDS } from '../../../core/catalog/catalog-definition';

/** What kind of endpoint a role is; each value's name is the string the document and REST use. */
export enum RoleKind {
  host = 'host',
  loadBalancer = 'loadBalancer',
  external = 'external',
}

registerEnumType(RoleKind, {
  name: 'RoleKind',
  description: 'What kind of endpoint a role is; it decides which side of a flow a rule is written on',
  valuesMap: {
    host: { description: 'Machines the renderers configure: host firewalls, security groups, tags' },
    loadBalancer: { description: 'A load balancer in front of hosts: a peer with addresses, no host firewall' },
    external: {
      description:
        'Outside what we configure (the Internet, a cloud API): flows to it are egress rules on the source; it is never a rule target',
    },
  },
});

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

  @Field(() => RoleKind, { description: 'What kind of endpoint the role is' })
  @ApiProperty({ enum: ROLE_KINDS, enumName: 'RoleKind', example: 'host' })
  kind!: RoleKind;

  @Field(() => [String], {
    description: 'External roles: the networks assumed when a profile gives the role none (e.g. 0.0.0.0/0, ::/0)',
  })
  @ApiProperty({ type: [String], example: ['0.0.0.0/0', '::/0'] })
  defaultCidrs!: string[];
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

import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

/** Where one role lives in a profile's cluster; REST shows it keyed by role. */
@ObjectType({ isAbstract: true })
export class AddressSetModel {
  @Field(() => [String], { description: 'IPv4 or IPv6 networks in canonical CIDR form' })
  @ApiProperty({ type: [String], example: ['10.0.1.0/24'] })
  cidrs!: string[];

  @Field(() => [String], { description: 'Cloud security group ids' })
  @ApiProperty({ type: [String], example: ['sg-0abc'] })
  securityGroupIds!: string[];

  @Field(() => [String], { description: "Cloud tags that select the role's machines" })
  @ApiProperty({ type: [String], example: ['kublr-master'] })
  tags!: string[];
}

/** GraphQL lists the address sets, each naming its role. */
@ObjectType('AddressSet', { description: "Where one role lives in a profile's cluster" })
export class RoleAddressSetModel extends AddressSetModel {
  @Field({ description: 'A role of the catalog version, e.g. "master"' })
  role!: string;
}

export function toRoleAddressSets(addresses: Readonly<Record<string, AddressSetModel>>): RoleAddressSetModel[] {
  return Object.entries(addresses).map(([role, set]) => ({ role, ...set }));
}

import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ParameterValueScalar } from '../../../common/graphql/parameter-value.scalar';
import type { ParameterValue } from '../../../core/parameters/parameter.types';
import { PROFILE_NAME_PATTERN } from '../profile-command';
import { AddressSetModel } from './address-set.model';

@ObjectType('ProfileParam', { description: 'One parameter value of a profile' })
export class ProfileParamModel {
  @Field({ description: 'The parameter\'s name, e.g. "cni"' })
  name!: string;

  @Field(() => ParameterValueScalar, { description: 'The value the profile gives it' })
  value!: ParameterValue;
}

@ObjectType('Management', {
  description: 'The networks an enforcing host firewall (mode=enforce) lets reach the management ports',
})
export class ManagementModel {
  @Field(() => [String], { description: 'IPv4 or IPv6 networks in canonical CIDR form' })
  @ApiProperty({ type: [String], example: ['198.51.100.0/24'] })
  cidrs!: string[];

  @Field(() => [Int], { description: 'TCP ports (22 when the profile gives none)' })
  @ApiProperty({ type: [Number], example: [22] })
  ports!: number[];
}

/**
 * A named cluster configuration. REST shows `params` and `addresses` as objects keyed by
 * parameter name and by role; GraphQL resolves them as lists (ProfileResolver).
 */
@ObjectType('Profile', {
  description: 'A named cluster configuration: parameter values, the catalog version it follows, where its roles live',
})
@ApiExtraModels(AddressSetModel)
export class ProfileModel {
  @Field({ description: "The profile's name, its key" })
  @ApiProperty({ example: 'prod-eu', pattern: PROFILE_NAME_PATTERN.source })
  name!: string;

  @Field({ description: 'What the profile is for' })
  @ApiProperty()
  description!: string;

  @Field({ description: '"latest" (follows the newest published version) or a version label' })
  @ApiProperty({ example: 'latest' })
  version!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The version label the profile resolves to now; null when it follows "latest" and none is published',
  })
  @ApiProperty({ type: String, nullable: true, example: '1.30.0' })
  resolvedVersion!: string | null;

  @ApiProperty({
    type: 'object',
    description: 'Parameter values by name; parameters not given take the catalog defaults',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    example: { cni: 'calico' },
  })
  params!: Record<string, ParameterValue>;

  @ApiProperty({
    type: 'object',
    description: 'Address sets by role',
    additionalProperties: { $ref: getSchemaPath(AddressSetModel) },
  })
  addresses!: Record<string, AddressSetModel>;

  @Field(() => ManagementModel, {
    nullable: true,
    description: 'Networks enforcing host firewalls let reach the management ports; null: none given',
  })
  @ApiProperty({
    type: 'object',
    nullable: true,
    description: 'Networks enforcing host firewalls let reach the management ports; null: none given',
    properties: {
      cidrs: { type: 'array', items: { type: 'string' }, example: ['198.51.100.0/24'] },
      ports: { type: 'array', items: { type: 'integer' }, example: [22] },
    },
    required: ['cidrs', 'ports'],
  })
  management!: ManagementModel | null;

  @Field(() => Int, { description: 'Starts at 1, one more on each write; send it as If-Match to write conditionally' })
  @ApiProperty({ type: 'integer', example: 1 })
  revision!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the profile was first saved' })
  @ApiProperty()
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the profile was last changed' })
  @ApiProperty()
  updatedAt!: Date;
}

export class ProfileListModel {
  @ApiProperty({ type: [ProfileModel], description: 'By name' })
  profiles!: ProfileModel[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null at the end' })
  nextCursor!: string | null;
}

export function toProfileParams(params: Readonly<Record<string, ParameterValue>>): ProfileParamModel[] {
  return Object.entries(params).map(([name, value]) => ({ name, value }));
}

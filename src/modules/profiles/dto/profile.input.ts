import { Field, InputType, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { isObject, IsOptional, IsString, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { ParameterValueScalar } from '../../../common/graphql/parameter-value.scalar';
import type { ParameterValue } from '../../../core/parameters/parameter.types';
import { MAX_MANAGEMENT_ENTRIES } from '../management';

export const MAX_DESCRIPTION_LENGTH = 2000;

@InputType('ProfileParamInput', { description: 'One parameter value of a profile' })
export class ProfileParamInput {
  @Field({ description: 'A parameter of the catalog version, e.g. "cni"' })
  name!: string;

  @Field(() => ParameterValueScalar, {
    description: "The value: a string, number or boolean fitting the parameter's type",
  })
  value!: ParameterValue;
}

@InputType('AddressSetInput', { description: 'Where one role lives in the cluster' })
export class AddressSetInput {
  @Field({ description: 'A role of the catalog version, e.g. "master"' })
  role!: string;

  @Field(() => [String], { nullable: true, description: 'IPv4 or IPv6 networks; a bare address is one host' })
  cidrs?: string[];

  @Field(() => [String], { nullable: true, description: 'Cloud security group ids, e.g. "sg-0abc"' })
  securityGroupIds?: string[];

  @Field(() => [String], { nullable: true, description: "Cloud tags that select the role's machines" })
  tags?: string[];
}

@InputType('ManagementInput', {
  description: 'The networks an enforcing host firewall (mode=enforce) lets reach the management ports',
})
export class ManagementInput {
  @Field(() => [String], { nullable: true, description: 'IPv4 or IPv6 networks, e.g. "198.51.100.0/24"' })
  @ApiPropertyOptional({ type: [String], example: ['198.51.100.0/24'], maxItems: MAX_MANAGEMENT_ENTRIES })
  cidrs?: string[];

  @Field(() => [Int], { nullable: true, description: 'TCP ports; none given: 22' })
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: 65535 },
    example: [22],
    maxItems: MAX_MANAGEMENT_ENTRIES,
  })
  ports?: number[];
}

/**
 * A whole profile, as the body of `PUT /api/v1/profiles/{name}` and as the GraphQL
 * `ProfileInput`. The transports differ only in the shape of `params` and `addresses`:
 * REST takes JSON objects keyed by parameter name and by role, GraphQL lists of entries.
 * Their contents are checked by the service against the catalog version.
 */
@InputType('ProfileInput', { description: 'A whole profile; putting it replaces the one of that name' })
export class ProfileInput {
  @Field(() => String, {
    nullable: true,
    defaultValue: 'latest',
    description: 'A catalog version label, or "latest" to follow the newest published version',
  })
  @ApiPropertyOptional({
    type: String,
    default: 'latest',
    example: 'latest',
    description: 'A catalog version label, or "latest" to follow the newest published version',
  })
  @IsOptional()
  @MaxLength(64)
  @IsString()
  version?: string | null;

  @Field(() => String, { nullable: true, description: 'What the profile is for' })
  @ApiPropertyOptional({ type: String, maxLength: MAX_DESCRIPTION_LENGTH, example: 'Production, EU region' })
  @IsOptional()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  @IsString()
  description?: string | null;

  @Field(() => [ProfileParamInput], {
    nullable: true,
    description: "Parameter values; parameters not given take the catalog version's defaults",
  })
  @ApiPropertyOptional({
    type: 'object',
    description: 'Parameter values by name; each must be a parameter of the version and fit its type',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    example: { cni: 'calico', airGap: false },
  })
  @IsOptional()
  @IsObjectOrList()
  params?: Record<string, unknown> | ProfileParamInput[] | null;

  @Field(() => [AddressSetInput], {
    nullable: true,
    description: 'Where each role lives: CIDRs, security group ids and tags, one entry per role',
  })
  @ApiPropertyOptional({
    type: 'object',
    description:
      'Addresses by role: a list of CIDRs, or an object with cidrs, securityGroupIds and tags. ' +
      'Each role must be a role of the version',
    additionalProperties: {
      oneOf: [
        { type: 'array', items: { type: 'string' } },
        {
          type: 'object',
          properties: {
            cidrs: { type: 'array', items: { type: 'string' } },
            securityGroupIds: { type: 'array', items: { type: 'string' } },
            tags: { type: 'array', items: { type: 'string' } },
          },
          additionalProperties: false,
        },
      ],
    },
    example: { master: ['10.0.1.0/24'], worker: { cidrs: ['10.0.2.0/24'], securityGroupIds: ['sg-0abc'] } },
  })
  @IsOptional()
  @IsObjectOrList()
  addresses?: Record<string, unknown> | AddressSetInput[] | null;

  @Field(() => ManagementInput, {
    nullable: true,
    description: 'Networks allowed to reach the management ports in enforcing host firewalls (mode=enforce)',
  })
  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    properties: {
      cidrs: {
        type: 'array',
        items: { type: 'string' },
        maxItems: MAX_MANAGEMENT_ENTRIES,
        example: ['198.51.100.0/24'],
      },
      ports: {
        type: 'array',
        items: { type: 'integer', minimum: 1, maximum: 65535 },
        maxItems: MAX_MANAGEMENT_ENTRIES,
        example: [22],
      },
    },
    additionalProperties: false,
    description:
      'Networks allowed to reach the management ports (SSH) in enforcing host firewalls; ' +
      'managementCidrs and managementPorts of an artifact question override them',
  })
  @IsOptional()
  management?: ManagementInput | null;
}

/**
 * A JSON object (REST) or a list (what GraphQL hands over for a list input); the service
 * checks the entries of either.
 */
function IsObjectOrList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isObjectOrList',
      validator: {
        validate: (value: unknown) => Array.isArray(value) || isObject(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an object`,
      },
    },
    options,
  );
}

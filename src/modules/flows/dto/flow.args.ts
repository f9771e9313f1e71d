import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';
import { LimitedLength } from '../../../common/validation/limited-length';
import { ParamsInputScalar } from '../../../common/graphql/params.scalar';
import type { FlowQuestion } from '../flow-query.service';
import { FlowProtocol } from '../models/flow.model';

@ArgsType()
export class FlowContextArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'Version label or "latest". When omitted (or null): the profile’s own version if a profile is given, ' +
      'else "latest", as over REST',
  })
  @IsOptional()
  @IsString()
  @LimitedLength('versionLabel')
  catalog?: string | null;

  @Field(() => String, { nullable: true, description: 'A profile whose parameter values apply' })
  @IsOptional()
  @IsString()
  @LimitedLength('profileName')
  profile?: string | null;

  @Field(() => ParamsInputScalar, { nullable: true, description: 'Parameter values; they override the profile’s' })
  @IsOptional()
  @IsObject()
  params?: Record<string, string | number | boolean> | null;
}

@ArgsType()
export class FlowArgs extends FlowContextArgs {
  @Field(() => String, { nullable: true, description: 'Source role' })
  @IsOptional()
  @IsString()
  @LimitedLength('roleId')
  from?: string;

  @Field(() => String, { nullable: true, description: 'Destination role' })
  @IsOptional()
  @IsString()
  @LimitedLength('roleId')
  to?: string;
}

@ArgsType()
export class ReverseLookupArgs extends FlowContextArgs {
  @Field({ description: 'The role that must be reached' })
  @IsString()
  @LimitedLength('roleId')
  to!: string;

  @Field(() => Int, { nullable: true, description: 'Only flows that include this port' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @Field(() => FlowProtocol, { nullable: true, description: 'Only flows of this protocol' })
  @IsOptional()
  @IsEnum(FlowProtocol)
  protocol?: FlowProtocol;
}

@ArgsType()
export class ExplainFlowArgs extends FlowContextArgs {
  @Field({ description: 'A catalog row key, or a resolved flow key' })
  @IsString()
  @LimitedLength('flowKey')
  key!: string;
}

@ArgsType()
export class DiffArgs {
  @Field({ description: 'The version upgraded from (label or "latest")' })
  @IsString()
  @LimitedLength('versionLabel')
  from!: string;

  @Field({ description: 'The version upgraded to (label or "latest")' })
  @IsString()
  @LimitedLength('versionLabel')
  to!: string;

  @Field(() => String, { nullable: true, description: 'Source role filter' })
  @IsOptional()
  @IsString()
  @LimitedLength('roleId')
  fromRole?: string;

  @Field(() => String, { nullable: true, description: 'Destination role filter' })
  @IsOptional()
  @IsString()
  @LimitedLength('roleId')
  toRole?: string;

  @Field(() => String, { nullable: true, description: 'A profile whose parameter values apply' })
  @IsOptional()
  @IsString()
  @LimitedLength('profileName')
  profile?: string;

  @Field(() => ParamsInputScalar, { nullable: true, description: "Parameter values; they override the profile's" })
  @IsOptional()
  @IsObject()
  params?: Record<string, string | number | boolean>;
}

/**
 * The question that GraphQL arguments ask. GraphQL passes null for a nullable argument
 * given as null; for a question that means "not given", as an absent query parameter does
 * over REST.
 */
export function questionOf(args: FlowContextArgs & { from?: string | null; to?: string | null }): FlowQuestion {
  return {
    catalog: args.catalog ?? undefined,
    profile: args.profile ?? undefined,
    params: args.params ?? undefined,
    from: args.from ?? undefined,
    to: args.to ?? undefined,
  };
}

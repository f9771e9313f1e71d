import { ArgsType, Field, GraphQLISODateTime, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export const MAX_AUDIT_PAGE = 200;

/** Filters of the audit trail, as REST query parameters and GraphQL arguments. */
@ArgsType()
export class AuditQueryArgs {
  @Field(() => String, { nullable: true, description: 'e.g. "flow.update"; a trailing * matches a prefix ("flow.*")' })
  @ApiPropertyOptional({ example: 'flow.*' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}\*?$/, { message: 'action must be an action name such as flow.update or flow.*' })
  action?: string;

  @Field(() => String, { nullable: true, description: 'catalog-version, role, parameter, flow, profile, api-key' })
  @ApiPropertyOptional({ example: 'flow' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @Field(() => String, { nullable: true, description: 'e.g. "1.31.0/kubelet-api"; a trailing * matches a prefix' })
  @ApiPropertyOptional({ example: '1.31.0/*' })
  @IsOptional()
  @IsString()
  @MaxLength(257)
  entityId?: string;

  @Field(() => String, { nullable: true, description: 'The id of the API key that made the change' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'actor must be an API key id (a UUID)' })
  actor?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Events at or after this time' })
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'since must be an ISO 8601 date-time' })
  since?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Events before this time' })
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'until must be an ISO 8601 date-time' })
  until?: Date;

  @Field(() => Int, { nullable: true, defaultValue: 50, description: `1-${MAX_AUDIT_PAGE}` })
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_AUDIT_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `limit must be a whole number from 1 to ${MAX_AUDIT_PAGE}` })
  @Min(1, { message: `limit must be a whole number from 1 to ${MAX_AUDIT_PAGE}` })
  @Max(MAX_AUDIT_PAGE, { message: `limit must be a whole number from 1 to ${MAX_AUDIT_PAGE}` })
  limit?: number;

  @Field(() => String, { nullable: true, description: 'nextCursor of the previous page' })
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

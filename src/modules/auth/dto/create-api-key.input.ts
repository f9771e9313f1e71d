import { Field, GraphQLISODateTime, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsDate,
  IsIn,
  isISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope } from '../api-key-scope';

/** 1-128 printable characters, no control characters, not blank. */
const NAME_PATTERN = /^(?=.*\S)[^\p{Cc}]{1,128}$/u;

/** The body of `POST /api/v1/api-keys` and the GraphQL `CreateApiKeyInput`. */
@InputType('CreateApiKeyInput', { description: 'A new API key' })
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for, e.g. "ci-pipeline"; 1-128 characters' })
  @ApiProperty({ example: 'ci-pipeline', minLength: 1, maxLength: 128 })
  @IsString()
  @MaxLength(128)
  @Matches(NAME_PATTERN, { message: 'name must be 1-128 characters, not blank and without control characters' })
  name!: string;

  @Field(() => [ApiKeyScope], { description: 'Each scope includes the lower ones; one is usually enough' })
  @ApiProperty({ enum: API_KEY_SCOPES, enumName: 'ApiKeyScope', isArray: true, example: ['editor'] })
  @IsArray()
  @ArrayNotEmpty({ message: 'scopes must name at least one scope' })
  @ArrayMaxSize(API_KEY_SCOPES.length * 2)
  @IsIn(API_KEY_SCOPES, { each: true, message: `each of scopes must be one of ${API_KEY_SCOPES.join(', ')}` })
  scopes!: ApiKeyScope[];

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the key stops working; absent: never' })
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2030-01-01T00:00:00Z',
    description: 'When the key stops working (in the future); absent: never',
  })
  @IsOptional()
  // REST sends a string, GraphQL's scalar a Date already; both end up a Date.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && isIsoDateTime(value) ? new Date(value) : value,
  )
  @IsDate({ message: 'expiresAt must be an ISO 8601 date-time, e.g. 2030-01-01T00:00:00Z' })
  expiresAt?: Date | null;
}

/** Strict ISO 8601 (no 2030-02-31) that Date also reads. */
function isIsoDateTime(value: string): boolean {
  return isISO8601(value, { strict: true }) && !Number.isNaN(Date.parse(value));
}

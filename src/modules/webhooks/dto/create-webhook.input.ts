import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { PROFILE_NAME_PATTERN } from '../../profiles/profile-command';
import { WEBHOOK_EVENTS } from '../webhook-events';

const MAX_PROFILES = 200;

/** The body of `POST /api/v1/webhooks` and the GraphQL `CreateWebhookInput`. */
@InputType('CreateWebhookInput', { description: 'A new webhook subscription' })
export class CreateWebhookInput {
  @Field({ description: 'Where events are POSTed: https (http only where WEBHOOK_ALLOW_HTTP=true), a public address' })
  @ApiProperty({ example: 'https://tickets.example.com/hooks/network', maxLength: 2048 })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @Field(() => [String], { description: `The events wanted: ${WEBHOOK_EVENTS.join(', ')}` })
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: ['catalog.published'] })
  @IsArray()
  @ArrayNotEmpty({ message: 'events must name at least one event' })
  @ArrayUnique({ message: 'events must not repeat an event' })
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `each of events must be one of ${WEBHOOK_EVENTS.join(', ')}` })
  events!: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'The profiles whose events are wanted; absent or empty: every profile',
  })
  @ApiPropertyOptional({ type: [String], nullable: true, example: ['prod-eu'], maxItems: MAX_PROFILES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROFILES)
  @ArrayUnique({ message: 'profiles must not repeat a name' })
  @Matches(PROFILE_NAME_PATTERN, {
    each: true,
    message: 'each of profiles must be a profile name: letters, digits, dots, dashes and underscores',
  })
  profiles?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'The artifact format the change is rendered in (GET /api/v1/artifact-formats); absent: no artifact',
  })
  @ApiPropertyOptional({ type: String, nullable: true, example: 'iptables', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  format?: string | null;

  @Field(() => String, { nullable: true, description: 'What the subscription is for; up to 500 characters' })
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Firewall change tickets for prod-eu', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

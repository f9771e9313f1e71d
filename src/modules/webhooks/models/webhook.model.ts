import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENTS } from '../webhook-events';

/** A subscription as listings show it: never its secret. */
@ObjectType('Webhook', { description: 'A webhook subscription, without its secret' })
export class WebhookModel {
  @Field(() => ID, { description: "The subscription's id" })
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field({ description: 'Where events are POSTed' })
  @ApiProperty({ example: 'https://tickets.example.com/hooks/network' })
  url!: string;

  @Field(() => [String], { description: 'The events it receives' })
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  events!: string[];

  @Field(() => [String], { description: 'The profiles whose events it receives; empty: every profile' })
  @ApiProperty({ type: [String] })
  profiles!: string[];

  @Field(() => String, { nullable: true, description: 'The artifact format changes are rendered in; null: none' })
  @ApiProperty({ type: String, nullable: true, example: 'iptables' })
  format!: string | null;

  @Field({ description: 'What the subscription is for' })
  @ApiProperty()
  description!: string;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'After a rotation, until when the previous secret signs too; null: one secret signs',
  })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was created' })
  @ApiProperty()
  createdAt!: Date;
}

/** The answer to creating a subscription or rotating its secret: the only time the secret is shown. */
@ObjectType('WebhookWithSecret', {
  description: 'A webhook subscription with its signing secret: shown this once only',
})
export class WebhookWithSecretModel extends WebhookModel {
  @Field({
    description: 'Signs every delivery (X-Webhook-Signature, HMAC-SHA256): keep it now, it is never shown again',
  })
  @ApiProperty({
    example: 'whsec_3q2+7w...',
    description: 'Signs every delivery: keep it now, it is never shown again',
  })
  secret!: string;
}

export class WebhookListModel {
  @ApiProperty({ type: [WebhookModel], description: 'Newest first' })
  webhooks!: WebhookModel[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null at the end' })
  nextCursor!: string | null;
}

/** One POST of a delivery. */
@ObjectType('WebhookDeliveryAttempt', { description: 'One POST of a delivery and how the receiver answered' })
export class WebhookDeliveryAttemptModel {
  @Field(() => Int, { description: '1 for the first attempt' })
  @ApiProperty()
  number!: number;

  @Field(() => GraphQLISODateTime, { description: 'When it was sent' })
  @ApiProperty()
  startedAt!: Date;

  @Field({
    description:
      'delivered (2xx), failed (another status, a timeout, a network error) or refused (address not allowed)',
  })
  @ApiProperty({ enum: ['delivered', 'failed', 'refused'] })
  outcome!: string;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null: no answer" })
  @ApiProperty({ type: Number, nullable: true })
  statusCode!: number | null;

  @Field(() => Int, { description: 'Milliseconds until the answer (or the failure)' })
  @ApiProperty()
  latencyMs!: number;

  @Field(() => String, { nullable: true, description: 'What went wrong; null when delivered' })
  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
}

/** One event for one subscription and profile. */
@ObjectType('WebhookDelivery', { description: 'One event for one subscription and profile, with its attempts' })
export class WebhookDeliveryModel {
  @Field(() => ID, { description: 'The X-Webhook-Delivery header: the same on every attempt' })
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field({ description: 'catalog.published, catalog.deprecated or profile.changed' })
  @ApiProperty({ enum: WEBHOOK_EVENTS })
  event!: string;

  @Field({ description: 'The profile it is about' })
  @ApiProperty()
  profile!: string;

  @Field(() => String, { nullable: true, description: "The profile's catalog version before the change" })
  @ApiProperty({ type: String, nullable: true })
  fromVersion!: string | null;

  @Field(() => String, { nullable: true, description: "The profile's catalog version after the change" })
  @ApiProperty({ type: String, nullable: true })
  toVersion!: string | null;

  @Field({ description: 'pending (an attempt is due), delivered (a 2xx) or failed (every attempt failed)' })
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] })
  status!: string;

  @Field(() => Int, { description: 'Attempts made so far' })
  @ApiProperty()
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The last attempt's HTTP status; null: none yet, or no answer" })
  @ApiProperty({ type: Number, nullable: true })
  lastStatusCode!: number | null;

  @Field(() => Int, { nullable: true, description: "The last attempt's latency in milliseconds" })
  @ApiProperty({ type: Number, nullable: true })
  lastLatencyMs!: number | null;

  @Field(() => String, { nullable: true, description: 'What went wrong in the last attempt' })
  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the next attempt is due; null: none is' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a 2xx came back' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt!: Date | null;

  @Field(() => GraphQLISODateTime, { description: 'When the event happened' })
  @ApiProperty()
  createdAt!: Date;

  @Field(() => [WebhookDeliveryAttemptModel], { description: 'Every attempt, first first' })
  @ApiProperty({ type: [WebhookDeliveryAttemptModel] })
  attemptLog!: WebhookDeliveryAttemptModel[];
}

export class WebhookDeliveryListModel {
  @ApiProperty({ type: [WebhookDeliveryModel], description: 'Newest first, at most 100' })
  deliveries!: WebhookDeliveryModel[];
}

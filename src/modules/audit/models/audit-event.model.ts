import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType('AuditEvent', { description: 'One change: who, what, when, and the state before and after' })
export class AuditEventModel {
  @Field(() => ID, { description: "The event's id" })
  @ApiProperty({ example: '42' })
  id!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the change was made' })
  @ApiProperty()
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: 'Id of the API key; null for the system and ADMIN_API_KEY' })
  @ApiProperty({ type: String, nullable: true })
  actorKeyId!: string | null;

  @Field(() => String, { nullable: true, description: 'Name of that key when it was read' })
  @ApiProperty({ type: String, nullable: true })
  actorName!: string | null;

  @Field({ description: 'e.g. "flow.update"; ":bootstrap" is appended for ADMIN_API_KEY' })
  @ApiProperty({ example: 'flow.update' })
  action!: string;

  @Field({ description: 'catalog-version, role, parameter, flow, profile or api-key' })
  @ApiProperty({ example: 'flow' })
  entityType!: string;

  @Field(() => String, { nullable: true, description: 'Which entity, e.g. "1.31.0/kubelet-api"' })
  @ApiProperty({ type: String, nullable: true, example: '1.31.0/kubelet-api' })
  entityId!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The entity before the change; null when it was created' })
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The entity after the change; null when it was deleted' })
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  after!: unknown;

  @Field(() => String, {
    nullable: true,
    description: 'The id of the request that made it (X-Request-Id), to find it in the logs',
  })
  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;
}

@ObjectType('AuditEventPage', { description: 'One page of audit events, newest first' })
export class AuditEventPageModel {
  @Field(() => [AuditEventModel], { description: 'Newest first' })
  @ApiProperty({ type: [AuditEventModel], description: 'Newest first' })
  events!: AuditEventModel[];

  @Field(() => String, { nullable: true, description: 'Pass as cursor for the next (older) page; null at the end' })
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_SCOPES, ApiKeyScope } from '../api-key-scope';

registerEnumType(ApiKeyScope, {
  name: 'ApiKeyScope',
  description: 'What an API key may do; each scope includes the ones before it: reader < editor < publisher < admin',
  valuesMap: {
    reader: { description: 'Read catalogs, profiles, flows and artifacts (needed when reads require a key)' },
    editor: { description: 'Also write profiles and catalog drafts' },
    publisher: { description: 'Also publish and deprecate catalog versions' },
    admin: { description: 'Also manage API keys' },
  },
});

/** An API key as listings show it: never the key or its hash. */
@ObjectType('ApiKey', { description: 'An API key, without its secret' })
export class ApiKeyModel {
  @Field(() => ID, { description: "The key's id: what revokeApiKey and the audit log name it by" })
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field({ description: 'What the key is for, e.g. "ci-pipeline"' })
  @ApiProperty({ example: 'ci-pipeline' })
  name!: string;

  @Field({ description: 'The 8 characters after "nrk_" in the key: tells keys apart without showing them' })
  @ApiProperty({ example: 'a1B2c3D4' })
  prefix!: string;

  @Field(() => [ApiKeyScope], { description: 'What the key may do' })
  @ApiProperty({ enum: API_KEY_SCOPES, enumName: 'ApiKeyScope', isArray: true, example: ['editor'] })
  scopes!: ApiKeyScope[];

  @Field(() => GraphQLISODateTime, { description: 'When the key was created' })
  @ApiProperty()
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null: the key does not expire' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the key was revoked; null while it is usable' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'To the minute: uses are recorded at most once a minute',
  })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: Date | null;
}

/** The answer to creating a key: the only time the key itself is shown. */
@ObjectType('CreatedApiKey', { description: 'A new API key, with the key itself: it is shown this once only' })
export class CreatedApiKeyModel {
  @Field(() => ID, { description: "The key's id: what revokeApiKey and the audit log name it by" })
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field({ description: 'What the key is for, e.g. "ci-pipeline"' })
  @ApiProperty({ example: 'ci-pipeline' })
  name!: string;

  @Field({ description: 'The 8 characters after "nrk_" in the key: tells keys apart without showing them' })
  @ApiProperty({ example: 'a1B2c3D4' })
  prefix!: string;

  @Field(() => [ApiKeyScope], { description: 'What the key may do' })
  @ApiProperty({ enum: API_KEY_SCOPES, enumName: 'ApiKeyScope', isArray: true, example: ['editor'] })
  scopes!: ApiKeyScope[];

  @Field(() => GraphQLISODateTime, { description: 'When the key was created' })
  @ApiProperty()
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the key stops working; null: never' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: Date | null;

  @Field({ description: 'Send as "Authorization: Bearer <key>". Only its hash is stored: keep it now' })
  @ApiProperty({
    example: 'nrk_a1B2c3D4_q5w6e7r8t9y0u1i2o3p4a5s6d7f8g9h0j1k2l3z4x5c',
    description: 'Send as "Authorization: Bearer <key>". Only its hash is stored: keep it now',
  })
  key!: string;
}

export class ApiKeyListModel {
  @ApiProperty({ type: [ApiKeyModel], description: 'Newest first, revoked and expired keys included' })
  apiKeys!: ApiKeyModel[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null at the end' })
  nextCursor!: string | null;
}

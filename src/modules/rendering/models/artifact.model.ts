import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

@ObjectType('Artifact', { description: 'The flows of one question, rendered in a format a tool or a person consumes' })
export class ArtifactModel {
  @Field()
  @ApiProperty({ example: 'iptables' })
  format!: string;

  @Field()
  @ApiProperty({ example: 'text/plain; charset=utf-8' })
  contentType!: string;

  @Field({ description: 'A file name for the content' })
  @ApiProperty({ example: 'network-flows-1.30.0.rules' })
  fileName!: string;

  @Field()
  @ApiProperty()
  content!: string;
}

@ObjectType('ArtifactFormat')
export class ArtifactFormatModel {
  @Field()
  @ApiProperty({ example: 'nftables' })
  format!: string;

  @Field()
  @ApiProperty()
  contentType!: string;

  @Field()
  @ApiProperty({ example: 'nft' })
  fileExtension!: string;

  @Field()
  @ApiProperty()
  description!: string;
}

export class ArtifactFormatListModel {
  @ApiProperty({ type: [ArtifactFormatModel] })
  formats!: ArtifactFormatModel[];
}

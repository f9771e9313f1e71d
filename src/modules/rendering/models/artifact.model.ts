import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

@ObjectType('Artifact', { description: 'The flows of one question, rendered in a format a tool or a person consumes' })
export class ArtifactModel {
  @Field({ description: 'The format it is rendered in, e.g. "iptables"' })
  @ApiProperty({ example: 'iptables' })
  format!: string;

  @Field({ description: 'The media type of the content, as REST sends it in Content-Type' })
  @ApiProperty({ example: 'text/plain; charset=utf-8' })
  contentType!: string;

  @Field({ description: 'A file name for the content' })
  @ApiProperty({ example: 'network-flows-1.30.0.rules' })
  fileName!: string;

  @Field({ description: 'The rendered text' })
  @ApiProperty()
  content!: string;
}

@ObjectType('ArtifactFormat', { description: 'A format artifacts can be rendered in' })
export class ArtifactFormatModel {
  @Field({ description: 'The name to ask for, e.g. "aws-terraform" (artifact(format:), REST /artifacts/{format})' })
  @ApiProperty({ example: 'nftables' })
  format!: string;

  @Field({ description: 'The media type of an artifact in this format' })
  @ApiProperty()
  contentType!: string;

  @Field({ description: 'The file extension of a download, e.g. "tf"' })
  @ApiProperty({ example: 'nft' })
  fileExtension!: string;

  @Field({ description: 'What the format is and which tool consumes it' })
  @ApiProperty()
  description!: string;
}

export class ArtifactFormatListModel {
  @ApiProperty({ type: [ArtifactFormatModel] })
  formats!: ArtifactFormatModel[];
}

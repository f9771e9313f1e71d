import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { FlowArgs } from '../../flows/dto/flow.args';

@ArgsType()
export class ArtifactArgs extends FlowArgs {
  @Field({ description: 'An artifact format, e.g. "iptables" (see artifactFormats)' })
  @IsString()
  @MaxLength(64)
  format!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Render the change from this earlier version: rules to add and to remove',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  since?: string;
}

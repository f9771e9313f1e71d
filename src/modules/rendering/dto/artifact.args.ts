import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString } from 'class-validator';
import { LimitedLength } from '../../../common/validation/limited-length';
import { HostFirewallArgs } from './host-firewall.args';

@ArgsType()
export class ArtifactArgs extends HostFirewallArgs {
  @Field({ description: 'An artifact format, e.g. "iptables" (see artifactFormats)' })
  @IsString()
  @LimitedLength('artifactFormat')
  format!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Render the change from this earlier version: rules to add and to remove',
  })
  @IsOptional()
  @IsString()
  @LimitedLength('versionLabel')
  since?: string;
}

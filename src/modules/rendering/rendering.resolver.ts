import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { NULL_ON_ERROR } from '../../common/graphql/null-on-error';
import { GraphQLRequestContext } from '../../common/graphql/response-cache';
import { questionOf } from '../flows/dto/flow.args';
import { ArtifactArgs } from './dto/artifact.args';
import { hostFirewallOptionsOf } from './dto/host-firewall.args';
import { ArtifactFormatModel, ArtifactModel } from './models/artifact.model';
import { RenderingService } from './rendering.service';

@Resolver(() => ArtifactModel)
export class RenderingResolver {
  constructor(private readonly rendering: RenderingService) {}

  @Query(() => ArtifactModel, {
    nullable: true,
    description: `The flows of a question, rendered in a format. ${NULL_ON_ERROR}`,
  })
  async artifact(@Args() args: ArtifactArgs, @Context() request: GraphQLRequestContext): Promise<ArtifactModel> {
    const artifact = await this.rendering.artifact(args.format, {
      ...questionOf(args),
      since: args.since ?? undefined,
      firewall: hostFirewallOptionsOf(args),
    });
    request.markAnswer(artifact.immutable);
    return artifact;
  }

  @Query(() => [ArtifactFormatModel], { description: 'The artifact formats' })
  artifactFormats(@Context() request: GraphQLRequestContext): ArtifactFormatModel[] {
    request.markAnswer(true);
    return this.rendering.formats();
  }
}

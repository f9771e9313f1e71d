import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { GraphQLRequestContext } from '../../common/graphql/response-cache';
import { ArtifactArgs } from './dto/artifact.args';
import { ArtifactFormatModel, ArtifactModel } from './models/artifact.model';
import { RenderingService } from './rendering.service';

@Resolver(() => ArtifactModel)
export class RenderingResolver {
  constructor(private readonly rendering: RenderingService) {}

  @Query(() => ArtifactModel, { description: 'The flows of a question, rendered in a format' })
  async artifact(@Args() args: ArtifactArgs, @Context() request: GraphQLRequestContext): Promise<ArtifactModel> {
    const { format, since, from, to, profile, params } = args;
    const artifact = await this.rendering.artifact(format, {
      catalog: args.catalog ?? undefined,
      profile,
      params,
      from,
      to,
      since,
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

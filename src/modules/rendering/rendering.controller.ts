import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireAcceptable } from '../../common/http/content-negotiation';
import { ResponseCache } from '../../common/http/response-cache';
import { readFlowQuery } from '../flows/dto/flow-query.args';
import { ArtifactFormatListModel } from './models/artifact.model';
import { RenderingService, type Artifact } from './rendering.service';

const FORMAT_PARAM = { name: 'format', description: 'An artifact format (GET /api/v1/artifact-formats lists them)' };
const SINCE_QUERY = {
  name: 'since',
  required: false,
  description: 'Render the change from this earlier version: rules to add and to remove',
};

@ApiTags('artifacts')
@Controller('api/v1')
export class RenderingController {
  constructor(
    private readonly rendering: RenderingService,
    private readonly responses: ResponseCache,
  ) {}

  @Get('artifact-formats')
  @ApiOperation({ summary: 'The artifact formats, with their content types' })
  @ApiOkResponse({ type: ArtifactFormatListModel })
  listArtifactFormats(): ArtifactFormatListModel {
    return { formats: this.rendering.formats() };
  }

  @Get('catalogs/:version/artifacts/:format')
  @ApiOperation({
    summary:
      'The flows of a question, rendered: firewall rules, security groups, host policies, tickets, diagrams, checks',
    description: 'Same filters as the flows endpoint: from, to, profile, and catalog parameters by name.',
  })
  @ApiParam({ name: 'version', description: 'A version label, or "latest"' })
  @ApiParam(FORMAT_PARAM)
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'profile', required: false })
  @ApiQuery(SINCE_QUERY)
  @ApiProduces('text/plain', 'application/json', 'application/yaml', 'text/csv', 'text/html', 'image/svg+xml')
  async getCatalogArtifact(
    @Param('version') version: string,
    @Param('format') format: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { options, params } = readFlowQuery(query, ['from', 'to', 'profile', 'since']);
    this.requireAcceptable(request, format);
    this.send(request, reply, await this.rendering.artifact(format, { catalog: version, ...options, params }));
  }

  @Get('profiles/:name/artifacts/:format')
  @ApiOperation({ summary: "The profile's flows, rendered, from its own catalog version and address sets" })
  @ApiParam({ name: 'name' })
  @ApiParam(FORMAT_PARAM)
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery(SINCE_QUERY)
  async getProfileArtifact(
    @Param('name') name: string,
    @Param('format') format: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { options, params } = readFlowQuery(query, ['from', 'to', 'since']);
    this.requireAcceptable(request, format);
    this.send(request, reply, await this.rendering.artifact(format, { profile: name, ...options, params }));
  }

  /** 406 before any work when Accept allows neither the format's content type nor any type. */
  private requireAcceptable(request: FastifyRequest, format: string): void {
    const contentType = this.rendering.contentTypeOf(format);
    // An unknown format is the service's 404, which names the formats.
    if (contentType !== undefined) requireAcceptable(request.headers.accept, contentType);
  }

  private send(request: FastifyRequest, reply: FastifyReply, artifact: Artifact): void {
    const { content: body, etag, immutable, contentType, fileName } = artifact;
    this.responses.send(request, reply, { body, etag, immutable }, contentType, {
      'content-disposition': `attachment; filename="${fileName}"`,
    });
  }
}

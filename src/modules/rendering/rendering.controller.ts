import { applyDecorators, Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, responseHeaders } from '../../common/openapi/api-responses';
import { VERSION_PARAM } from '../catalogs/dto/catalog-document.openapi';
import { ApiFlowQuery } from '../flows/dto/flow-query.openapi';
import { PROFILE_NAME_PARAM } from '../profiles/dto/profile.openapi';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireAcceptable } from '../../common/http/content-negotiation';
import { ResponseCache } from '../../common/http/response-cache';
import { readFlowQuery } from '../flows/dto/flow-query.args';
import { HOST_FIREWALL_OPTIONS, readHostFirewallQuery } from './dto/host-firewall.args';
import { ApiHostFirewallQuery } from './dto/host-firewall.openapi';
import { ArtifactFormatListModel } from './models/artifact.model';
import { RenderingService, type Artifact } from './rendering.service';

const FORMAT_PARAM = {
  name: 'format',
  description: 'An artifact format (GET /api/v1/artifact-formats lists them)',
  schema: { type: 'string', example: 'nftables' },
};

const TEXT = { schema: { type: 'string' } };
/**
 * The media types of the renderers (their contentType without parameters), and the formats
 * that answer with each; the OpenAPI test checks that every renderer's type is here.
 */
export const ARTIFACT_CONTENT = {
  'application/json': { schema: { type: 'object', additionalProperties: true, description: 'json, jira' } },
  'application/yaml': { schema: { type: 'string', description: 'yaml, calico, aws-cloudformation' } },
  'text/plain': {
    schema: {
      type: 'string',
      description: 'iptables, ip6tables, nftables, aws-terraform, azure-terraform, gcp-terraform',
    },
  },
  'text/csv': TEXT,
  'text/markdown': TEXT,
  'text/html': TEXT,
  'text/x-shellscript': TEXT,
  'text/vnd.graphviz': TEXT,
  'image/svg+xml': TEXT,
};

const ARTIFACT_RESPONSES = [
  ApiOkResponse({
    description: 'The artifact, as an attachment, with the Content-Type of its format',
    headers: responseHeaders('ETag', 'Content-Disposition'),
    content: ARTIFACT_CONTENT,
  }),
  ApiNotModifiedResponse({ description: 'If-None-Match holds the ETag of the current answer' }),
  ApiErrorResponses(
    [406, "Accept does not take the format's content type (NOT_ACCEPTABLE)"],
    [
      400,
      'An unknown role or parameter, a value outside its type, host firewall options for another format or ' +
        'that do not fit (host not a host role, enforce without managementCidrs), or a malformed query; the ' +
        'message names it (VALIDATION_FAILED with details.field, or BAD_REQUEST)',
    ],
    [404, 'No such artifact format, catalog version or profile (NOT_FOUND; details.kind says which)'],
  ),
];

@ApiTags('artifacts')
@Controller('api/v1')
export class RenderingController {
  constructor(
    private readonly rendering: RenderingService,
    private readonly responses: ResponseCache,
  ) {}

  @Get('artifact-formats')
  @ApiOperation({
    summary: 'The artifact formats, with their content types',
    description: 'Each format with the Content-Type its artifacts have and the file extension they are saved with.',
  })
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
  @ApiParam(VERSION_PARAM)
  @ApiParam(FORMAT_PARAM)
  @ApiFlowQuery('from', 'to', 'profile', 'since')
  @ApiHostFirewallQuery()
  @applyDecorators(...ARTIFACT_RESPONSES)
  async getCatalogArtifact(
    @Param('version') version: string,
    @Param('format') format: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { options, params } = readFlowQuery(query, ['from', 'to', 'profile', 'since', ...HOST_FIREWALL_OPTIONS]);
    const { from, to, profile, since } = options;
    const firewall = readHostFirewallQuery(options);
    this.requireAcceptable(request, format);
    const question = { catalog: version, from, to, profile, since, params, firewall };
    this.send(request, reply, await this.rendering.artifact(format, question));
  }

  @Get('profiles/:name/artifacts/:format')
  @ApiOperation({
    summary: "The profile's flows, rendered, from its own catalog version and address sets",
    description: "Rules name the profile's address ranges of each role; query parameter values override the profile's.",
  })
  @ApiParam(PROFILE_NAME_PARAM)
  @ApiParam(FORMAT_PARAM)
  @ApiFlowQuery('from', 'to', 'since')
  @ApiHostFirewallQuery()
  @applyDecorators(...ARTIFACT_RESPONSES)
  async getProfileArtifact(
    @Param('name') name: string,
    @Param('format') format: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { options, params } = readFlowQuery(query, ['from', 'to', 'since', ...HOST_FIREWALL_OPTIONS]);
    const { from, to, since } = options;
    const firewall = readHostFirewallQuery(options);
    this.requireAcceptable(request, format);
    const question = { profile: name, from, to, since, params, firewall };
    this.send(request, reply, await this.rendering.artifact(format, question));
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

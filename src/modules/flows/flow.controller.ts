import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrorResponses, responseHeaders } from '../../common/openapi/api-responses';
import { VERSION_PARAM } from '../catalogs/dto/catalog-document.openapi';
import { CatalogRowModel } from '../catalogs/models/flow-definition.model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResponseCache } from '../../common/http/response-cache';
import { readFlowQuery, readPort, readProtocol, requireOption } from './dto/flow-query.args';
import { ApiFlowQuery } from './dto/flow-query.openapi';
import { FlowQueryService, withVersion } from './flow-query.service';
import { FlowDiffModel } from './models/flow-diff.model';
import { ReverseLookupModel } from './models/flow-lookup.model';
import { FlowMatrixModel } from './models/flow-matrix.model';
import { FlowListModel, FlowModel } from './models/flow.model';

const JSON_TYPE = 'application/json; charset=utf-8';
/**
 * The REST explanation: GraphQL's FlowExplanation, except that the condition's parameter
 * values are an object by name (GraphQL has no map type, so there they are a list).
 */
const EXPLAINED_ROW_PROPERTIES = {
  key: { type: 'string', description: 'The catalog row key', example: 'canal-vxlan' },
  row: { $ref: getSchemaPath(CatalogRowModel) },
  condition: {
    type: 'object',
    required: ['source', 'canonical', 'parameters', 'result'],
    properties: {
      source: { type: 'string', nullable: true, description: 'As written; null when the row always applies' },
      canonical: { type: 'string' },
      parameters: {
        type: 'object',
        description: 'The values of the parameters the condition reads, by name',
        additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
        example: { cni: 'canal' },
      },
      result: { type: 'boolean' },
    },
  },
  applies: { type: 'boolean', description: 'Whether the row yields flows under these values' },
};
const EXPLANATION_SCHEMA = {
  type: 'object',
  required: ['version', 'key', 'row', 'condition', 'applies', 'rows', 'flows'],
  description: 'The first row asked about (key, row, condition, applies), and every row behind the flows',
  properties: {
    version: { type: 'string', example: '1.30.0' },
    ...EXPLAINED_ROW_PROPERTIES,
    rows: {
      type: 'array',
      description:
        'Every row behind the flows, in catalog order: those asked about and those merged with them ' +
        '(one port under several components)',
      items: { type: 'object', required: ['key', 'row', 'condition', 'applies'], properties: EXPLAINED_ROW_PROPERTIES },
    },
    flows: {
      type: 'array',
      description:
        'The flows the rows stand for under these values, as the flow query answers them (merged where identical)',
      items: { $ref: getSchemaPath(FlowModel) },
    },
  },
};

const NOT_FOUND: [404, string] = [404, 'No such catalog version or profile (NOT_FOUND; details.kind says which)'];
const BAD_QUESTION: [400, string] = [
  400,
  'An unknown role or parameter, a value outside its type, or a malformed query; the message names it ' +
    '(VALIDATION_FAILED with details.field, or BAD_REQUEST)',
];

@ApiTags('flows')
@Controller('api/v1/catalogs')
export class FlowController {
  constructor(
    private readonly flows: FlowQueryService,
    private readonly responses: ResponseCache,
  ) {}

  @Get(':version/flows')
  @ApiOperation({
    summary: 'The flows from one role to another that apply under a profile and parameter values',
    description:
      '`from` and `to` are each optional; a role matches flows written for any role that includes it. ' +
      'The answer has an ETag: If-None-Match with it gives a 304.',
  })
  @ApiParam(VERSION_PARAM)
  @ApiFlowQuery('from', 'to', 'profile')
  @ApiOkResponse({ type: FlowListModel, description: 'The flows', headers: responseHeaders('ETag') })
  @ApiNotModifiedResponse({ description: 'If-None-Match holds the ETag of the current answer' })
  @ApiErrorResponses(BAD_QUESTION, NOT_FOUND)
  async listFlows(
    @Param('version') version: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { options, params } = readFlowQuery(query, ['from', 'to', 'profile']);
    this.responses.send(request, reply, await this.flows.flows({ catalog: version, ...options, params }), JSON_TYPE);
  }

  @Get(':version/matrix')
  @ApiOperation({
    summary: 'Which flows from A to B, for every pair of roles',
    description: 'The flow question of every source and destination role at once, as a matrix of flow lists.',
  })
  @ApiParam(VERSION_PARAM)
  @ApiFlowQuery('profile')
  @ApiOkResponse({ type: FlowMatrixModel })
  @ApiErrorResponses(BAD_QUESTION, NOT_FOUND)
  async getFlowMatrix(@Param('version') version: string, @Query() query: unknown) {
    const { options, params } = readFlowQuery(query, ['profile']);
    return withVersion(await this.flows.matrix({ catalog: version, profile: options.profile, params }));
  }

  @Get(':version/reverse-lookup')
  @ApiOperation({
    summary: 'Which roles must reach a role, on a port and protocol',
    description: 'For opening a port on a host: the sources that need it, with the flows that say so.',
  })
  @ApiParam(VERSION_PARAM)
  @ApiQuery({
    name: 'to',
    required: true,
    description: 'The role that must be reached',
    schema: { type: 'string', maxLength: 1024, example: 'master' },
  })
  @ApiQuery({
    name: 'port',
    required: false,
    description: 'Only flows that include this port',
    schema: { type: 'integer', minimum: 1, maximum: 65535, example: 6443 },
  })
  @ApiQuery({
    name: 'protocol',
    required: false,
    description: 'Only flows of this protocol',
    schema: { type: 'string', enum: ['tcp', 'udp', 'ipip'] },
  })
  @ApiFlowQuery('profile')
  @ApiOkResponse({ type: ReverseLookupModel })
  @ApiErrorResponses(BAD_QUESTION, NOT_FOUND)
  async lookupFlowSources(@Param('version') version: string, @Query() query: unknown) {
    const { options, params } = readFlowQuery(query, ['to', 'port', 'protocol', 'profile']);
    const lookup = {
      to: requireOption(options, 'to'),
      port: readPort(options.port),
      protocol: readProtocol(options.protocol),
    };
    return withVersion(await this.flows.whoMustReach({ catalog: version, profile: options.profile, params }, lookup));
  }

  @Get(':version/flows/:key/explanation')
  @ApiOperation({
    summary: 'Why a flow is or is not required: its catalog row, its condition and what it evaluated to',
    description: 'The condition is evaluated with the same parameter values as a flow question: profile, then query.',
  })
  @ApiParam(VERSION_PARAM)
  @ApiParam({
    name: 'key',
    description:
      'A catalog row key; a resolved flow key such as "node-internet-dns/udp", or a merged one such as "a+b", works too',
    schema: { type: 'string', example: 'kubelet-api' },
  })
  @ApiFlowQuery('profile')
  @ApiExtraModels(CatalogRowModel, FlowModel)
  @ApiOkResponse({ description: 'The explanation', schema: EXPLANATION_SCHEMA })
  @ApiErrorResponses(BAD_QUESTION, [
    404,
    'No such catalog version, profile or flow (NOT_FOUND; details.kind says which)',
  ])
  async explainFlow(@Param('version') version: string, @Param('key') key: string, @Query() query: unknown) {
    const { options, params } = readFlowQuery(query, ['profile']);
    return withVersion(await this.flows.explain({ catalog: version, profile: options.profile, params }, key));
  }

  @Get(':from/diff/:to')
  @ApiOperation({
    summary: 'Flows added, removed and changed between two versions, matched by key',
    description:
      'Both versions are asked the same question (roles, profile, parameter values). The query parameters ' +
      '`from` and `to` are roles; the path parameters `from` and `to` are versions.',
  })
  @ApiParam({
    name: 'from',
    description: 'The version upgraded from (label or "latest")',
    schema: { type: 'string', example: '1.29.0' },
  })
  @ApiParam({
    name: 'to',
    description: 'The version upgraded to (label or "latest")',
    schema: { type: 'string', example: 'latest' },
  })
  @ApiFlowQuery('from', 'to', 'profile')
  @ApiOkResponse({ type: FlowDiffModel })
  @ApiErrorResponses(BAD_QUESTION, NOT_FOUND)
  async diffCatalogVersions(@Param('from') from: string, @Param('to') to: string, @Query() query: unknown) {
    const { options, params } = readFlowQuery(query, ['from', 'to', 'profile']);
    return (await this.flows.diff(from, to, { ...options, params })).data;
  }
}

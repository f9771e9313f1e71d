import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResponseCache } from '../../common/http/response-cache';
import { readFlowQuery, readPort, readProtocol, requireOption } from './dto/flow-query.args';
import { FlowQueryService, withVersion } from './flow-query.service';
import { FlowDiffModel } from './models/flow-diff.model';
import { ReverseLookupModel } from './models/flow-lookup.model';
import { FlowMatrixModel } from './models/flow-matrix.model';
import { FlowListModel } from './models/flow.model';

const JSON_TYPE = 'application/json; charset=utf-8';
const PARAMS_NOTE =
  'Any other query parameter is a value for the catalog parameter of that name (for the Kublr catalog: ' +
  'cni, airGap, byoInfrastructure, masterLoadBalancer, ingressLoadBalancer, nodePortRange); it overrides ' +
  "the profile's value, and parameters given nowhere take the catalog's defaults.";
const VERSION_PARAM = { name: 'version', description: 'A version label, or "latest" (the newest published version)' };
const ROLE_QUERIES = [
  {
    name: 'from',
    required: false,
    description: 'Source role; matches flows written for any role that includes it or that it includes',
  },
  { name: 'to', required: false, description: 'Destination role (same matching)' },
  { name: 'profile', required: false, description: 'A profile whose parameter values apply' },
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
    description: PARAMS_NOTE,
  })
  @ApiParam(VERSION_PARAM)
  @ApiQuery(ROLE_QUERIES[0])
  @ApiQuery(ROLE_QUERIES[1])
  @ApiQuery(ROLE_QUERIES[2])
  @ApiOkResponse({ type: FlowListModel, description: 'With an ETag; If-None-Match gives 304' })
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
  @ApiOperation({ summary: 'Which flows from A to B, for every pair of roles', description: PARAMS_NOTE })
  @ApiParam(VERSION_PARAM)
  @ApiQuery(ROLE_QUERIES[2])
  @ApiOkResponse({ type: FlowMatrixModel })
  async getFlowMatrix(@Param('version') version: string, @Query() query: unknown) {
    const { options, params } = readFlowQuery(query, ['profile']);
    return withVersion(await this.flows.matrix({ catalog: version, profile: options.profile, params }));
  }

  @Get(':version/reverse-lookup')
  @ApiOperation({ summary: 'Which roles must reach a role, on a port and protocol', description: PARAMS_NOTE })
  @ApiParam(VERSION_PARAM)
  @ApiQuery({ name: 'to', required: true, description: 'The role that must be reached' })
  @ApiQuery({ name: 'port', required: false, type: Number })
  @ApiQuery({ name: 'protocol', required: false, enum: ['tcp', 'udp', 'ipip'] })
  @ApiQuery(ROLE_QUERIES[2])
  @ApiOkResponse({ type: ReverseLookupModel })
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
    description: PARAMS_NOTE,
  })
  @ApiParam(VERSION_PARAM)
  @ApiParam({
    name: 'key',
    description: 'A catalog row key (a resolved flow key such as "node-internet-dns/udp" works too)',
  })
  @ApiQuery(ROLE_QUERIES[2])
  async explainFlow(@Param('version') version: string, @Param('key') key: string, @Query() query: unknown) {
    const { options, params } = readFlowQuery(query, ['profile']);
    return withVersion(await this.flows.explain({ catalog: version, profile: options.profile, params }, key));
  }

  @Get(':from/diff/:to')
  @ApiOperation({
    summary: 'Flows added, removed and changed between two versions, matched by key',
    description: PARAMS_NOTE,
  })
  @ApiParam({ name: 'from', description: 'The version upgraded from (label or "latest")' })
  @ApiParam({ name: 'to', description: 'The version upgraded to (label or "latest")' })
  @ApiQuery({ ...ROLE_QUERIES[0], description: 'Source role filter' })
  @ApiQuery({ ...ROLE_QUERIES[1], description: 'Destination role filter' })
  @ApiQuery(ROLE_QUERIES[2])
  @ApiOkResponse({ type: FlowDiffModel })
  async diffCatalogVersions(@Param('from') from: string, @Param('to') to: string, @Query() query: unknown) {
    const { options, params } = readFlowQuery(query, ['from', 'to', 'profile']);
    return (await this.flows.diff(from, to, { ...options, params })).data;
  }
}

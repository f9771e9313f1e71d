import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, responseHeaders } from '../../common/openapi/api-responses';
import { PROFILE_NAME_PARAM } from '../profiles/dto/profile.openapi';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResponseCache } from '../../common/http/response-cache';
import { readFlowQuery } from './dto/flow-query.args';
import { ApiFlowQuery } from './dto/flow-query.openapi';
import { FlowQueryService, withVersion } from './flow-query.service';
import { FlowMatrixModel } from './models/flow-matrix.model';
import { FlowListModel } from './models/flow.model';

const JSON_TYPE = 'application/json; charset=utf-8';
const ERRORS = ApiErrorResponses(
  [
    400,
    'An unknown role or parameter, or a value outside its type; the message names it (VALIDATION_FAILED, details.field)',
  ],
  [404, 'No such profile, or its catalog version is gone (NOT_FOUND; details.kind says which)'],
);

/** Questions about a profile, answered against the catalog version the profile follows. */
@ApiTags('flows')
@Controller('api/v1/profiles')
export class ProfileFlowController {
  constructor(
    private readonly flows: FlowQueryService,
    private readonly responses: ResponseCache,
  ) {}

  @Get(':name/flows')
  @ApiOperation({
    summary: "The profile's flows, from its own catalog version",
    description:
      'Catalog parameter values in the query override the profile’s. The answer has an ETag: If-None-Match ' +
      'with it gives a 304.',
  })
  @ApiParam(PROFILE_NAME_PARAM)
  @ApiFlowQuery('from', 'to')
  @ApiOkResponse({ type: FlowListModel, description: 'The flows', headers: responseHeaders('ETag') })
  @ApiNotModifiedResponse({ description: 'If-None-Match holds the ETag of the current answer' })
  @ERRORS
  async listProfileFlows(
    @Param('name') name: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { options, params } = readFlowQuery(query, ['from', 'to']);
    this.responses.send(request, reply, await this.flows.flows({ profile: name, ...options, params }), JSON_TYPE);
  }

  @Get(':name/matrix')
  @ApiOperation({
    summary: "The role-by-role matrix of the profile's flows",
    description: 'As GET /api/v1/catalogs/{version}/matrix, against the version the profile follows and its values.',
  })
  @ApiParam(PROFILE_NAME_PARAM)
  @ApiFlowQuery()
  @ApiOkResponse({ type: FlowMatrixModel })
  @ERRORS
  async getProfileFlowMatrix(@Param('name') name: string, @Query() query: unknown) {
    const { params } = readFlowQuery(query, []);
    return withVersion(await this.flows.matrix({ profile: name, params }));
  }
}

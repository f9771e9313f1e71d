import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResponseCache } from '../../common/http/response-cache';
import { readFlowQuery } from './dto/flow-query.args';
import { FlowQueryService, withVersion } from './flow-query.service';
import { FlowMatrixModel } from './models/flow-matrix.model';
import { FlowListModel } from './models/flow.model';

const JSON_TYPE = 'application/json; charset=utf-8';

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
    description: 'Other query parameters override the profile’s parameter values.',
  })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiOkResponse({ type: FlowListModel })
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
  @ApiOperation({ summary: "The role-by-role matrix of the profile's flows" })
  @ApiOkResponse({ type: FlowMatrixModel })
  async getProfileFlowMatrix(@Param('name') name: string, @Query() query: unknown) {
    const { params } = readFlowQuery(query, []);
    return withVersion(await this.flows.matrix({ profile: name, params }));
  }
}

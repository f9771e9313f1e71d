import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { responseHeaders } from '../../common/openapi/api-responses';
import type { FastifyReply } from 'fastify';
import { setNextLink } from '../../common/http/paging';
import { RequireScope } from '../auth/require-scope.decorator';
import { AuditService } from './audit.service';
import { AuditQueryArgs } from './dto/audit-query.args';
import { AuditEventPageModel } from './models/audit-event.model';

/** The audit trail shows every change with the state before and after: admins only. */
@ApiTags('audit')
@Controller('api/v1/audit-events')
@RequireScope('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'Changes, newest first, filtered by action, entity, actor and time (admin)',
    description: 'A page of audit events; pass the cursor of the answer to read the next page.',
  })
  @ApiOkResponse({ type: AuditEventPageModel, headers: responseHeaders('Link') })
  async listAuditEvents(
    @Query() query: AuditQueryArgs,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditEventPageModel> {
    const page = await this.audit.list(query);
    setNextLink(reply, page.nextCursor);
    return page;
  }
}

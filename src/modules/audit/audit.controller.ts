import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ type: AuditEventPageModel })
  listAuditEvents(@Query() query: AuditQueryArgs): Promise<AuditEventPageModel> {
    return this.audit.list(query);
  }
}

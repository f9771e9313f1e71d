import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireScope } from '../auth/require-scope.decorator';
import { AuditService } from './audit.service';
import { AuditQueryArgs } from './dto/audit-query.args';
import { AuditEventPageModel } from './models/audit-event.model';

@Resolver(() => AuditEventPageModel)
@RequireScope('admin')
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEventPageModel, { description: 'Changes, newest first (admin)' })
  auditEvents(@Args() query: AuditQueryArgs): Promise<AuditEventPageModel> {
    return this.audit.list(query);
  }
}

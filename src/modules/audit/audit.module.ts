import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditResolver],
})
export class AuditModule {}

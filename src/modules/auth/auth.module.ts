import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { RateLimitModule } from '../../common/http/rate-limit.module';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyResolver } from './api-key.resolver';
import { ApiKeyService } from './api-key.service';
import { AuthGuard } from './auth.guard';

/**
 * API keys and the access they give. The root module registers AuthGuard as APP_GUARD;
 * this module provides it and what it needs.
 */
@Module({
  imports: [AuditModule, RateLimitModule],
  controllers: [ApiKeyController],
  providers: [ApiKeyRepository, ApiKeyService, ApiKeyResolver, AuthGuard],
  exports: [ApiKeyService, AuthGuard],
})
export class AuthModule {}

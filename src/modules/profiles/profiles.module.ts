import { Module } from '@nestjs/common';
import { WebhookOutboxModule } from '../webhooks/webhook-outbox.module';
import { AuditModule } from '../audit/audit.module';
import { CatalogsModule } from '../catalogs/catalogs.module';
import { ProfileCatalogLoader } from './profile-catalog.loader';
import { ProfileController } from './profile.controller';
import { ProfilePublishCheck } from './profile-publish.check';
import { ProfileRepository } from './profile.repository';
import { ProfileResolver } from './profile.resolver';
import { ProfileService } from './profile.service';

@Module({
  imports: [AuditModule, CatalogsModule, WebhookOutboxModule],
  controllers: [ProfileController],
  providers: [ProfileRepository, ProfileService, ProfileResolver, ProfileCatalogLoader, ProfilePublishCheck],
  exports: [ProfileService],
})
export class ProfilesModule {}

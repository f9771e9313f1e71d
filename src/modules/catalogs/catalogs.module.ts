import { Module } from '@nestjs/common';
import { WebhookOutboxModule } from '../webhooks/webhook-outbox.module';
import { AuditModule } from '../audit/audit.module';
import { CatalogAdminController } from './catalog-admin.controller';
import { CatalogAdminResolver } from './catalog-admin.resolver';
import { CatalogAdminService } from './catalog-admin.service';
import { CatalogPublishChecks } from './catalog-publish-checks';
import { CatalogDraftController } from './catalog-draft.controller';
import { CatalogDraftService } from './catalog-draft.service';
import { CatalogSeedService } from './catalog-seed.service';
import { CatalogSnapshotService } from './catalog-snapshot.service';
import { CatalogVersionLoader } from './catalog-version.loader';
import { CatalogController } from './catalog.controller';
import { CatalogRepository } from './catalog.repository';
import { CatalogResolver } from './catalog.resolver';
import { CatalogService } from './catalog.service';

@Module({
  imports: [AuditModule, WebhookOutboxModule],
  controllers: [CatalogController, CatalogAdminController, CatalogDraftController],
  providers: [
    CatalogAdminService,
    CatalogPublishChecks,
    CatalogAdminResolver,
    CatalogDraftService,
    CatalogRepository,
    CatalogService,
    CatalogResolver,
    CatalogVersionLoader,
    CatalogSeedService,
    CatalogSnapshotService,
  ],
  exports: [CatalogService, CatalogSeedService, CatalogSnapshotService, CatalogPublishChecks],
})
export class CatalogsModule {}

import { Module } from '@nestjs/common';
import { CatalogAdminController } from './catalog-admin.controller';
import { CatalogAdminService } from './catalog-admin.service';
import { CatalogSeedService } from './catalog-seed.service';
import { CatalogVersionLoader } from './catalog-version.loader';
import { CatalogController } from './catalog.controller';
import { CatalogRepository } from './catalog.repository';
import { CatalogResolver } from './catalog.resolver';
import { CatalogService } from './catalog.service';

@Module({
  controllers: [CatalogController, CatalogAdminController],
  providers: [
    CatalogAdminService,
    CatalogRepository,
    CatalogService,
    CatalogResolver,
    CatalogVersionLoader,
    CatalogSeedService,
  ],
  exports: [CatalogService, CatalogSeedService],
})
export class CatalogsModule {}

import { Injectable, Scope } from '@nestjs/common';
import DataLoader from 'dataloader';
import { CatalogService } from '../catalogs/catalog.service';
import type { CatalogVersionModel } from '../catalogs/models/catalog-version.model';

/**
 * The catalog versions profiles resolve to, within one GraphQL request: `profiles { catalog }`
 * reads each distinct version once, not once per profile.
 */
@Injectable({ scope: Scope.REQUEST })
export class ProfileCatalogLoader {
  constructor(private readonly catalogs: CatalogService) {}

  readonly versions = new DataLoader<string, CatalogVersionModel>((labels) =>
    Promise.all(labels.map((label) => this.catalogs.getVersion(label).catch((error: Error) => error))),
  );
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import { parseCatalogDocument } from '../../core/catalog/catalog-document';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CatalogRepository } from './catalog.repository';

/** The Kublr catalog transcribed from the Network Access document. */
export const KUBLR_CATALOG_PATH = resolve(
  __dirname,
  '..',
  '..',
  '..',
  'prisma',
  'seed',
  'kublr-network-access.catalog.yaml',
);

/** The bundled Kublr catalog, parsed and checked. */
export function readBundledCatalog(path = KUBLR_CATALOG_PATH): CatalogDefinition {
  return parseCatalogDocument(readFileSync(path, 'utf8'));
}

/** Loads the bundled Kublr catalog into an empty database, as its first published version. */
@Injectable()
export class CatalogSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogSeedService.name);

  constructor(
    private readonly repository: CatalogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seedOnStart) await this.seedIfEmpty();
  }

  /** True when it wrote the catalog, false when the database already had a version. */
  async seedIfEmpty(path = KUBLR_CATALOG_PATH): Promise<boolean> {
    const catalog = readBundledCatalog(path);
    const seeded = await this.repository.seedIfEmpty(catalog);
    if (seeded) {
      this.logger.log(
        `loaded catalog ${catalog.version} (${catalog.flows.length} flows) as the first published version`,
      );
    }
    return seeded;
  }
}

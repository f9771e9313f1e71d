import { Injectable } from '@nestjs/common';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import type { PrismaTransaction } from '../../database/prisma.service';

/**
 * Something outside the catalogs module that a publication can break, asked before a
 * version is published: profiles that follow "latest", for one. Modules that depend on
 * catalogs register themselves (catalogs never imports them).
 */
export interface PublishCheck {
  /**
   * What publishing `catalog` would break, one sentence each; `becomesLatest` when "latest"
   * will name it. Reads go through `tx`, the publication's transaction (on the embedded
   * database it holds the only connection).
   */
  problemsOnPublish(catalog: CatalogDefinition, becomesLatest: boolean, tx: PrismaTransaction): Promise<string[]>;
}

@Injectable()
export class CatalogPublishChecks {
  private readonly checks: PublishCheck[] = [];

  register(check: PublishCheck): void {
    this.checks.push(check);
  }

  async problems(catalog: CatalogDefinition, becomesLatest: boolean, tx: PrismaTransaction): Promise<string[]> {
    const found: string[] = [];
    for (const check of this.checks) found.push(...(await check.problemsOnPublish(catalog, becomesLatest, tx)));
    return found;
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import { DomainError } from '../../common/errors/domain-error';
import type { PrismaTransaction } from '../../database/prisma.service';
import { CatalogPublishChecks, type PublishCheck } from '../catalogs/catalog-publish-checks';
import { checkProfileCommand, toProfileCommand } from './profile-command';
import { ProfileRepository } from './profile.repository';

/**
 * A profile that follows "latest" is checked when it is saved, against the version
 * "latest" named then. Publishing a newer version moves it; this asks, before that, whether
 * each such profile still fits the version about to become "latest".
 */
@Injectable()
export class ProfilePublishCheck implements PublishCheck, OnModuleInit {
  constructor(
    private readonly checks: CatalogPublishChecks,
    private readonly repository: ProfileRepository,
  ) {}

  onModuleInit(): void {
    this.checks.register(this);
  }

  async problemsOnPublish(
    catalog: CatalogDefinition,
    becomesLatest: boolean,
    tx: PrismaTransaction,
  ): Promise<string[]> {
    if (!becomesLatest) return [];
    const problems: string[] = [];
    for (const row of await this.repository.listFollowingLatest(tx)) {
      try {
        const addresses = Object.fromEntries(row.addresses.map(({ role, ...set }) => [role, set]));
        const input = {
          params: row.params as Record<string, unknown>,
          addresses,
          description: row.description,
          management: { cidrs: row.managementCidrs, ports: row.managementPorts },
        };
        checkProfileCommand(toProfileCommand(row.name, input), catalog);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        problems.push(`profile "${row.name}": ${error.message}`);
      }
    }
    return problems;
  }
}

import { Injectable, Scope } from '@nestjs/common';
import DataLoader from 'dataloader';
import { CatalogDraftService } from './catalog-draft.service';
import { CatalogService } from './catalog.service';
import type { FlowDefinitionModel } from './models/flow-definition.model';
import type { ParameterModel } from './models/parameter.model';
import type { RoleDefinitionModel } from './models/role.model';

/**
 * Batches the nested fields of catalog versions within one GraphQL request, so
 * `catalogs { roles { id } }` costs one query for all roles, not one per version.
 */
@Injectable({ scope: Scope.REQUEST })
export class CatalogVersionLoader {
  constructor(
    private readonly catalogs: CatalogService,
    private readonly drafts: CatalogDraftService,
  ) {}

  readonly roles = new DataLoader<string, RoleDefinitionModel[]>(async (ids) => {
    const byVersion = await this.catalogs.rolesOfVersions(ids);
    return ids.map((id) => byVersion.get(id) ?? []);
  });

  readonly parameters = new DataLoader<string, ParameterModel[]>(async (ids) => {
    const byVersion = await this.catalogs.parametersOfVersions(ids);
    return ids.map((id) => byVersion.get(id) ?? []);
  });

  readonly flowDefinitions = new DataLoader<string, FlowDefinitionModel[]>(async (ids) => {
    const byVersion = await this.drafts.flowDefinitionsOfVersions(ids);
    return ids.map((id) => byVersion.get(id) ?? []);
  });
}

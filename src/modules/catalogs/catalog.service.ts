import { Injectable } from '@nestjs/common';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import { toCatalogDocument, toCatalogYaml } from '../../core/catalog/catalog-document';
import { compareVersionsNewestFirst, LATEST, pickLatest } from '../../core/catalog/version-label';
import { CatalogVersionNotFoundError } from '../../common/errors/domain-error';
import {
  CatalogRepository,
  toParameterDefinition,
  type CatalogVersionSummaryRow,
  type ParameterRow,
  type RoleRow,
  type VersionRefRow,
} from './catalog.repository';
import {
  CatalogVersionStatus,
  type CatalogVersionDetailModel,
  type CatalogVersionModel,
} from './models/catalog-version.model';
import type { ParameterModel, ParameterType } from './models/parameter.model';
import { asRoleNode, type RoleDefinitionModel, type RoleKind } from './models/role.model';

export type CatalogExportFormat = 'yaml' | 'json';

/** Reads of catalog versions, shared by the REST controller and the GraphQL resolver. */
@Injectable()
export class CatalogService {
  constructor(private readonly repository: CatalogRepository) {}

  /** Every version, newest first (semantic-version order, then publish or creation time). */
  async listVersions(): Promise<CatalogVersionModel[]> {
    const rows = await this.repository.listVersions();
    return rows
      .map((row) => ({ row, rank: { label: row.label, publishedAt: row.publishedAt ?? row.createdAt } }))
      .sort((a, b) => compareVersionsNewestFirst(a.rank, b.rank))
      .map(({ row }) => toVersionModel(row));
  }

  async getVersion(label: string): Promise<CatalogVersionModel> {
    const row = await this.repository.findVersion(await this.resolveLabel(label));
    if (!row) throw new CatalogVersionNotFoundError(label);
    return toVersionModel(row);
  }

  async getVersionDetail(label: string): Promise<CatalogVersionDetailModel> {
    const version = await this.getVersion(label);
    const [roles, parameters] = await Promise.all([
      this.rolesOfVersions([version.id]),
      this.parametersOfVersions([version.id]),
    ]);
    return { ...version, roles: roles.get(version.id) ?? [], parameters: parameters.get(version.id) ?? [] };
  }

  /** `latest` becomes the label of the newest published version; other labels pass through. */
  async resolveLabel(label: string): Promise<string> {
    if (label !== LATEST) return label;
    const latest = pickLatest(await this.repository.listPublished());
    if (!latest) throw new CatalogVersionNotFoundError(label);
    return latest.label;
  }

  async exportVersion(label: string, format: CatalogExportFormat): Promise<string> {
    const definition = await this.loadDefinition(label);
    return format === 'json'
      ? `${JSON.stringify(toCatalogDocument(definition), null, 2)}\n`
      : toCatalogYaml(definition);
  }

  async loadDefinition(label: string): Promise<CatalogDefinition> {
    const definition = await this.repository.loadDefinition(await this.resolveLabel(label));
    if (!definition) throw new CatalogVersionNotFoundError(label);
    return definition;
  }

  /** A whole version with its identity, status and revision, read at one moment. */
  async loadVersion(label: string): Promise<{ ref: VersionRefRow; definition: CatalogDefinition }> {
    const loaded = await this.repository.loadVersion(label);
    if (!loaded) throw new CatalogVersionNotFoundError(label);
    return loaded;
  }

  /** Roles of several versions in one query, by version id (the GraphQL loader's batch). */
  async rolesOfVersions(versionIds: readonly string[]): Promise<Map<string, RoleDefinitionModel[]>> {
    return groupBy(await this.repository.rolesOfVersions(versionIds), (row) => row.versionId, toRoleModel);
  }

  async parametersOfVersions(versionIds: readonly string[]): Promise<Map<string, ParameterModel[]>> {
    return groupBy(await this.repository.parametersOfVersions(versionIds), (row) => row.versionId, toParameterModel);
  }
}

function toVersionModel(row: CatalogVersionSummaryRow): CatalogVersionModel {
  return {
    id: row.id,
    version: row.label,
    title: row.title,
    status: CatalogVersionStatus[row.status],
    notes: row.notes,
    parent: row.parent?.label ?? null,
    revision: row.revision,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedAt: row.publishedAt,
    deprecatedAt: row.deprecatedAt,
    roleCount: row._count.roles,
    parameterCount: row._count.parameters,
    flowCount: row._count.flows,
  };
}

export function toRoleModel(row: RoleRow): RoleDefinitionModel {
  return asRoleNode(
    {
      id: row.key,
      name: row.name,
      description: row.description,
      includes: row.includes.map((inclusion) => inclusion.includedKey),
      kind: row.kind as RoleKind,
      defaultCidrs: row.defaultCidrs,
      revision: row.revision,
    },
    row.versionId,
  );
}

export function toParameterModel(row: ParameterRow): ParameterModel {
  const definition = toParameterDefinition(row);
  return {
    name: definition.name,
    type: definition.type as ParameterType,
    values: [...(definition.values ?? [])],
    default: definition.defaultValue ?? null,
    description: definition.description,
    revision: row.revision,
  };
}

function groupBy<R, T>(rows: readonly R[], keyOf: (row: R) => string, map: (row: R) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(map(row));
    else groups.set(key, [map(row)]);
  }
  return groups;
}

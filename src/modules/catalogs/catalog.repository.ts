import { Injectable } from '@nestjs/common';
import type { CatalogDefinition, FlowPorts } from '../../core/catalog/catalog-definition';
import type { ParameterValue } from '../../core/parameters/parameter.types';
import { Prisma } from '../../database/generated/client';
import type { CatalogVersionStatus } from '../../database/generated/enums';
import { PrismaService, type PrismaTransaction } from '../../database/prisma.service';

export const CATALOG_VERSION_SUMMARY_SELECT = {
  id: true,
  label: true,
  title: true,
  status: true,
  notes: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
  publishedAt: true,
  deprecatedAt: true,
  parent: { select: { label: true } },
  _count: { select: { roles: true, parameters: true, flows: true } },
} satisfies Prisma.CatalogVersionSelect;

export const ROLE_SELECT = {
  versionId: true,
  key: true,
  name: true,
  description: true,
  includes: { select: { includedKey: true }, orderBy: { includedKey: 'asc' } },
} satisfies Prisma.RoleSelect;

export const PARAMETER_SELECT = {
  versionId: true,
  name: true,
  type: true,
  allowedValues: true,
  defaultValue: true,
  description: true,
} satisfies Prisma.ParameterSelect;

export const FLOW_SELECT = {
  key: true,
  source: true,
  destination: true,
  protocol: true,
  fromPort: true,
  toPort: true,
  portParameter: true,
  condition: true,
  component: true,
  notes: true,
  section: true,
} satisfies Prisma.FlowSelect;

const VERSION_RANK_SELECT = { id: true, label: true, publishedAt: true } satisfies Prisma.CatalogVersionSelect;

export const VERSION_REF_SELECT = {
  id: true,
  label: true,
  status: true,
  revision: true,
} satisfies Prisma.CatalogVersionSelect;

export type CatalogVersionSummaryRow = Prisma.CatalogVersionGetPayload<{
  select: typeof CATALOG_VERSION_SUMMARY_SELECT;
}>;
export type RoleRow = Prisma.RoleGetPayload<{ select: typeof ROLE_SELECT }>;
export type ParameterRow = Prisma.ParameterGetPayload<{ select: typeof PARAMETER_SELECT }>;
export type FlowRow = Prisma.FlowGetPayload<{ select: typeof FLOW_SELECT }>;
export type VersionRefRow = Prisma.CatalogVersionGetPayload<{ select: typeof VERSION_REF_SELECT }>;
export type VersionRankRow = Prisma.CatalogVersionGetPayload<{ select: typeof VERSION_RANK_SELECT }>;

/** Who changed a catalog version: the key's id (never the key), the request, an action suffix. */
export interface CatalogAudit {
  readonly actorKeyId: string | null;
  readonly requestId: string | null;
  /** Appended to the action, e.g. ":bootstrap" for ADMIN_API_KEY. */
  readonly action: string;
}

const ORDER_BY_POSITION = [{ position: 'asc' }, { key: 'asc' }] as const;
/** Serialises seeding across instances starting at once on one empty database. */
const SEED_LOCK_KEY = 4_211_861;

/** Every query on catalog versions and their roles, parameters and flows. */
@Injectable()
export class CatalogRepository {
  constructor(private readonly prisma: PrismaService) {}

  listVersions(): Promise<CatalogVersionSummaryRow[]> {
    return this.prisma.catalogVersion.findMany({ select: CATALOG_VERSION_SUMMARY_SELECT });
  }

  findVersion(label: string): Promise<CatalogVersionSummaryRow | null> {
    return this.prisma.catalogVersion.findUnique({ where: { label }, select: CATALOG_VERSION_SUMMARY_SELECT });
  }

  /** What a cache needs to know of a version: its identity, status and revision. */
  findVersionRef(label: string): Promise<VersionRefRow | null> {
    return this.prisma.catalogVersion.findUnique({ where: { label }, select: VERSION_REF_SELECT });
  }

  listPublished(): Promise<VersionRankRow[]> {
    return this.prisma.catalogVersion.findMany({ where: { status: 'published' }, select: VERSION_RANK_SELECT });
  }

  rolesOfVersions(versionIds: readonly string[]): Promise<RoleRow[]> {
    return this.prisma.role.findMany({
      where: { versionId: { in: [...versionIds] } },
      select: ROLE_SELECT,
      orderBy: [...ORDER_BY_POSITION],
    });
  }

  parametersOfVersions(versionIds: readonly string[]): Promise<ParameterRow[]> {
    return this.prisma.parameter.findMany({
      where: { versionId: { in: [...versionIds] } },
      select: PARAMETER_SELECT,
      orderBy: [{ position: 'asc' }, { name: 'asc' }],
    });
  }

  /** A whole version as plain data, in document order; one round trip. */
  async loadDefinition(label: string): Promise<CatalogDefinition | null> {
    const version = await this.prisma.catalogVersion.findUnique({
      where: { label },
      select: {
        label: true,
        title: true,
        notes: true,
        roles: { select: ROLE_SELECT, orderBy: [...ORDER_BY_POSITION] },
        parameters: { select: PARAMETER_SELECT, orderBy: [{ position: 'asc' }, { name: 'asc' }] },
        flows: { select: FLOW_SELECT, orderBy: [...ORDER_BY_POSITION] },
      },
    });
    if (!version) return null;
    return {
      version: version.label,
      title: version.title,
      notes: version.notes,
      roles: version.roles.map((role) => ({
        key: role.key,
        name: role.name,
        description: role.description,
        includes: role.includes.map((inclusion) => inclusion.includedKey),
      })),
      parameters: version.parameters.map(toParameterDefinition),
      flows: version.flows.map((flow) => ({
        key: flow.key,
        source: flow.source,
        destination: flow.destination,
        protocol: flow.protocol === 'tcp_udp' ? 'tcp/udp' : flow.protocol,
        ports: toFlowPorts(flow),
        condition: flow.condition,
        component: flow.component,
        notes: flow.notes,
        section: flow.section,
      })),
    };
  }

  /** Writes a whole version in one transaction; nothing of it exists if any part fails. */
  createVersion(
    catalog: CatalogDefinition,
    options: { status: CatalogVersionStatus; parentId?: string },
    tx?: PrismaTransaction,
  ): Promise<{ id: string }> {
    const write = async (db: PrismaTransaction) => {
      const now = new Date();
      const version = await db.catalogVersion.create({
        data: {
          label: catalog.version,
          title: catalog.title,
          notes: catalog.notes,
          status: options.status,
          parentId: options.parentId,
          publishedAt: options.status === 'published' ? now : null,
        },
        select: { id: true },
      });
      const versionId = version.id;
      await db.role.createMany({
        data: catalog.roles.map((role, position) => ({
          versionId,
          key: role.key,
          name: role.name,
          description: role.description,
          position,
        })),
      });
      await db.roleInclusion.createMany({
        data: catalog.roles.flatMap((role) =>
          role.includes.map((includedKey) => ({ versionId, roleKey: role.key, includedKey })),
        ),
      });
      await db.parameter.createMany({
        data: catalog.parameters.map((parameter, position) => ({
          versionId,
          name: parameter.name,
          type: parameter.type,
          allowedValues: [...(parameter.values ?? [])],
          defaultValue: parameter.defaultValue ?? Prisma.DbNull,
          description: parameter.description,
          position,
        })),
      });
      await db.flow.createMany({
        data: catalog.flows.map((flow, position) => ({
          versionId,
          key: flow.key,
          source: flow.source,
          destination: flow.destination,
          protocol: flow.protocol === 'tcp/udp' ? 'tcp_udp' : flow.protocol,
          fromPort: flow.ports.kind === 'range' ? flow.ports.from : null,
          toPort: flow.ports.kind === 'range' ? flow.ports.to : null,
          portParameter: flow.ports.kind === 'parameter' ? flow.ports.name : null,
          condition: flow.condition,
          component: flow.component,
          notes: flow.notes,
          section: flow.section,
          position,
        })),
      });
      return version;
    };
    return tx ? write(tx) : this.prisma.$transaction(write);
  }

  /**
   * Moves a version from one status to the next, with its audit event, in one
   * transaction. The conditional update makes racing callers safe: exactly one moves it.
   * Returns false when the version is not in `from` (any more).
   */
  transition(
    label: string,
    from: CatalogVersionStatus,
    to: CatalogVersionStatus,
    audit: CatalogAudit,
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const now = new Date();
      const { count } = await tx.catalogVersion.updateMany({
        where: { label, status: from },
        data: {
          status: to,
          revision: { increment: 1 },
          ...(to === 'published' ? { publishedAt: now } : {}),
          ...(to === 'deprecated' ? { deprecatedAt: now } : {}),
        },
      });
      if (count === 0) return false;
      await tx.auditEvent.create({
        data: {
          ...audit,
          action: `catalog-version.${to === 'published' ? 'publish' : 'deprecate'}${audit.action}`,
          entityType: 'catalog-version',
          entityId: label,
          before: { status: from },
          after: { status: to },
        },
        select: { id: true },
      });
      return true;
    });
  }

  /** Writes a whole version and its audit event in one transaction. */
  importVersion(
    catalog: CatalogDefinition,
    status: CatalogVersionStatus,
    audit: CatalogAudit,
  ): Promise<{ id: string }> {
    return this.prisma.$transaction(async (tx) => {
      const version = await this.createVersion(catalog, { status }, tx);
      await tx.auditEvent.create({
        data: {
          ...audit,
          action: `catalog-version.import${audit.action}`,
          entityType: 'catalog-version',
          entityId: catalog.version,
          versionId: version.id,
          after: {
            status,
            roles: catalog.roles.length,
            parameters: catalog.parameters.length,
            flows: catalog.flows.length,
          },
        },
        select: { id: true },
      });
      return version;
    });
  }

  /**
   * Creates the version only when the database holds none, under a transaction-scoped
   * advisory lock, so instances starting together on one empty database seed it once.
   */
  seedIfEmpty(catalog: CatalogDefinition): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
      if ((await tx.catalogVersion.count()) > 0) return false;
      await this.createVersion(catalog, { status: 'published' }, tx);
      return true;
    });
  }
}

export function toParameterDefinition(row: Omit<ParameterRow, 'versionId'>) {
  return {
    name: row.name,
    type: row.type,
    ...(row.type === 'enum' ? { values: row.allowedValues } : {}),
    ...(row.defaultValue === null ? {} : { defaultValue: row.defaultValue as ParameterValue }),
    description: row.description,
  };
}

function toFlowPorts(flow: Pick<FlowRow, 'fromPort' | 'toPort' | 'portParameter'>): FlowPorts {
  if (flow.portParameter !== null) return { kind: 'parameter', name: flow.portParameter };
  if (flow.fromPort !== null && flow.toPort !== null) return { kind: 'range', from: flow.fromPort, to: flow.toPort };
  return { kind: 'none' };
}

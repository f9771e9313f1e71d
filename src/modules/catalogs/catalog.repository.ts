import { Injectable } from '@nestjs/common';
import type {
  CatalogDefinition,
  FlowDefinition,
  FlowPorts,
  ParameterDefinition,
  RoleDefinition,
} from '../../core/catalog/catalog-definition';
import type { CatalogEntity } from '../../core/catalog/catalog-edit';
import type { CatalogRowChanges } from '../../core/catalog/catalog-rows';
import type { ParameterValue } from '../../core/parameters/parameter.types';
import { Prisma } from '../../database/generated/client';
import type { CatalogVersionStatus } from '../../database/generated/enums';
import { ChangeFeed } from '../../database/change-feed';
import { PrismaService, type PrismaTransaction } from '../../database/prisma.service';
import { AuditRepository, type AuditEventInput } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';

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
  kind: true,
  defaultCidrs: true,
  includes: { select: { includedKey: true }, orderBy: { includedKey: 'asc' } },
  revision: true,
} satisfies Prisma.RoleSelect;

export const PARAMETER_SELECT = {
  versionId: true,
  name: true,
  type: true,
  allowedValues: true,
  defaultValue: true,
  description: true,
  revision: true,
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

/** One row of a version as the editor sees it: its definition and revision. */
export type CatalogRow =
  | { readonly entity: 'role'; readonly row: RoleRow }
  | { readonly entity: 'parameter'; readonly row: ParameterRow }
  | { readonly entity: 'flow'; readonly revision: number; readonly flow: FlowDefinition };

/** One audit event about a catalog version or one of its rows. */
export type CatalogEvent = AuditEventInput;

const ORDER_BY_POSITION = [{ position: 'asc' }, { key: 'asc' }] as const;
/** Serialises seeding across instances starting at once on one empty database. */
const SEED_LOCK_KEY = 4_211_861;

/**
 * Every query on catalog versions and their roles, parameters and flows. Every write runs
 * in a transaction of the change feed and announces the version it changed, so each
 * instance drops what it keeps of it once the write commits.
 */
@Injectable()
export class CatalogRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditRepository,
  ) {}

  listVersions(): Promise<CatalogVersionSummaryRow[]> {
    return this.prisma.catalogVersion.findMany({ select: CATALOG_VERSION_SUMMARY_SELECT });
  }

  findVersion(label: string): Promise<CatalogVersionSummaryRow | null> {
    return this.prisma.catalogVersion.findUnique({ where: { label }, select: CATALOG_VERSION_SUMMARY_SELECT });
  }

  listPublished(db: PrismaTransaction = this.prisma): Promise<VersionRankRow[]> {
    return db.catalogVersion.findMany({ where: { status: 'published' }, select: VERSION_RANK_SELECT });
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
  async loadDefinition(label: string, db: PrismaTransaction = this.prisma): Promise<CatalogDefinition | null> {
    return (await this.loadVersion(label, db))?.definition ?? null;
  }

  /** A whole version with its identity, status and revision, read at one moment. */
  async loadVersion(
    label: string,
    db: PrismaTransaction = this.prisma,
  ): Promise<{ ref: VersionRefRow; definition: CatalogDefinition } | null> {
    const version = await db.catalogVersion.findUnique({
      where: { label },
      select: {
        ...VERSION_REF_SELECT,
        title: true,
        notes: true,
        roles: { select: ROLE_SELECT, orderBy: [...ORDER_BY_POSITION] },
        parameters: { select: PARAMETER_SELECT, orderBy: [{ position: 'asc' }, { name: 'asc' }] },
        flows: { select: FLOW_SELECT, orderBy: [...ORDER_BY_POSITION] },
      },
    });
    if (!version) return null;
    const { id, status, revision } = version;
    return {
      ref: { id, label, status, revision },
      definition: {
        version: version.label,
        title: version.title,
        notes: version.notes,
        roles: version.roles.map(toRoleDefinition),
        parameters: version.parameters.map(toParameterDefinition),
        flows: version.flows.map(toFlowDefinition),
      },
    };
  }

  /** One role, parameter or flow of a version with its revision, or null. */
  async findRow(versionId: string, entity: CatalogEntity, key: string): Promise<CatalogRow | null> {
    switch (entity) {
      case 'role': {
        const row = await this.prisma.role.findUnique({
          where: { versionId_key: { versionId, key } },
          select: ROLE_SELECT,
        });
        return row && { entity, row };
      }
      case 'parameter': {
        const row = await this.prisma.parameter.findUnique({
          where: { versionId_name: { versionId, name: key } },
          select: PARAMETER_SELECT,
        });
        return row && { entity, row };
      }
      case 'flow': {
        const row = await this.prisma.flow.findUnique({
          where: { versionId_key: { versionId, key } },
          select: { ...FLOW_SELECT, revision: true },
        });
        return row && { entity, revision: row.revision, flow: toFlowDefinition(row) };
      }
    }
  }

  /** Flows of several versions as catalog rows with their revisions, in catalog order. */
  async flowRowsOfVersions(
    versionIds: readonly string[],
  ): Promise<{ versionId: string; revision: number; position: number; flow: FlowDefinition }[]> {
    const rows = await this.prisma.flow.findMany({
      where: { versionId: { in: [...versionIds] } },
      select: { ...FLOW_SELECT, versionId: true, revision: true, position: true },
      orderBy: [...ORDER_BY_POSITION],
    });
    return rows.map(({ versionId, revision, position, ...row }) => ({
      versionId,
      revision,
      position,
      flow: toFlowDefinition(row),
    }));
  }

  /**
   * Runs `work` on a draft inside one transaction that first bumps the version's revision.
   * That update locks the version's row, so edits of one draft (and its publication) run
   * one after another: each sees the one before, and none is lost. Returns undefined
   * without running `work` when the label names no draft.
   */
  inDraft<T>(label: string, work: (draft: { id: string; revision: number }, tx: PrismaTransaction) => Promise<T>) {
    return this.changes.transaction(async (tx) => {
      const { count } = await tx.catalogVersion.updateMany({
        where: { label, status: 'draft' },
        data: { revision: { increment: 1 }, updatedAt: new Date() },
      });
      if (count === 0) return undefined;
      await this.changes.announce(tx, { topic: 'catalog', name: label });
      const draft = await tx.catalogVersion.findUniqueOrThrow({
        where: { label },
        select: { id: true, revision: true },
      });
      return { value: await work(draft, tx) };
    });
  }

  /** The revision of one row of a version, or null when there is no such row. */
  async rowRevision(tx: PrismaTransaction, versionId: string, entity: CatalogEntity, key: string) {
    const where = { versionId, ...(entity === 'parameter' ? { name: key } : { key }) };
    const select = { revision: true } as const;
    const row =
      entity === 'role'
        ? await tx.role.findFirst({ where, select })
        : entity === 'parameter'
          ? await tx.parameter.findFirst({ where, select })
          : await tx.flow.findFirst({ where, select });
    return row?.revision ?? null;
  }

  /**
   * Writes the row changes of one version. Order matters for the foreign keys: roles and
   * parameters are created before the flows that name them, and deleted after.
   */
  async writeChanges(tx: PrismaTransaction, versionId: string, catalog: CatalogDefinition, changes: CatalogRowChanges) {
    const bump = { revision: { increment: 1 } };
    if (changes.header) {
      await tx.catalogVersion.update({
        where: { id: versionId },
        data: { title: catalog.title, notes: catalog.notes },
      });
    }
    if (changes.roles.created.length > 0) {
      const next = await this.nextPosition(tx, 'role', versionId);
      await tx.role.createMany({
        data: changes.roles.created.map((role, offset) => ({ versionId, ...roleData(role), position: next + offset })),
      });
    }
    for (const role of changes.roles.updated) {
      await tx.role.update({
        where: { versionId_key: { versionId, key: role.key } },
        data: { name: role.name, description: role.description, ...roleKindData(role), ...bump },
        select: { key: true },
      });
    }
    const rewired = [...changes.roles.created, ...changes.roles.updated];
    if (rewired.length > 0) {
      await tx.roleInclusion.deleteMany({ where: { versionId, roleKey: { in: rewired.map((role) => role.key) } } });
      await tx.roleInclusion.createMany({
        data: rewired.flatMap((role) =>
          role.includes.map((includedKey) => ({ versionId, roleKey: role.key, includedKey })),
        ),
      });
    }
    if (changes.parameters.created.length > 0) {
      const next = await this.nextPosition(tx, 'parameter', versionId);
      await tx.parameter.createMany({
        data: changes.parameters.created.map((parameter, offset) => ({
          versionId,
          ...parameterData(parameter),
          position: next + offset,
        })),
      });
    }
    for (const parameter of changes.parameters.updated) {
      await tx.parameter.update({
        where: { versionId_name: { versionId, name: parameter.name } },
        data: { ...parameterData(parameter), ...bump },
        select: { name: true },
      });
    }
    if (changes.flows.deleted.length > 0) {
      await tx.flow.deleteMany({ where: { versionId, key: { in: [...changes.flows.deleted] } } });
    }
    for (const flow of changes.flows.updated) {
      await tx.flow.update({
        where: { versionId_key: { versionId, key: flow.key } },
        data: { ...flowData(flow), ...bump },
        select: { key: true },
      });
    }
    if (changes.flows.created.length > 0) {
      const next = await this.nextPosition(tx, 'flow', versionId);
      await tx.flow.createMany({
        data: changes.flows.created.map((flow, offset) => ({ versionId, ...flowData(flow), position: next + offset })),
      });
    }
    if (changes.parameters.deleted.length > 0) {
      await tx.parameter.deleteMany({ where: { versionId, name: { in: [...changes.parameters.deleted] } } });
    }
    if (changes.roles.deleted.length > 0) {
      await tx.role.deleteMany({ where: { versionId, key: { in: [...changes.roles.deleted] } } });
    }
  }

  /** Records one change in `tx`; `before` and `after` are the changed thing in document form. */
  recordEvent(tx: PrismaTransaction, event: CatalogEvent): Promise<void> {
    return this.audit.record(tx, event);
  }

  /** Deletes a draft with its rows; false when the label names no draft. */
  deleteDraft(label: string, actor: Actor): Promise<boolean> {
    return this.changes.transaction(async (tx) => {
      const { count } = await tx.catalogVersion.deleteMany({ where: { label, status: 'draft' } });
      if (count === 0) return false;
      await this.changes.announce(tx, { topic: 'catalog', name: label });
      await this.recordEvent(tx, {
        actor,
        action: 'catalog-version.delete',
        entityType: 'catalog-version',
        entityId: label,
        versionId: null,
        before: { status: 'draft' },
      });
      return true;
    });
  }

  /** Profiles that follow a version, by name (they keep it from being deleted). */
  async profilesFollowing(versionId: string): Promise<string[]> {
    const rows = await this.prisma.profile.findMany({ where: { versionId }, select: { name: true }, take: 20 });
    return rows.map((row) => row.name);
  }

  /** After the last position used in a version: where created rows go, in catalog order. */
  private async nextPosition(tx: PrismaTransaction, entity: CatalogEntity, versionId: string): Promise<number> {
    const query = { where: { versionId }, _max: { position: true } } as const;
    const { _max } =
      entity === 'role'
        ? await tx.role.aggregate(query)
        : entity === 'parameter'
          ? await tx.parameter.aggregate(query)
          : await tx.flow.aggregate(query);
    return (_max.position ?? -1) + 1;
  }

  /** Writes a whole version in one transaction; nothing of it exists if any part fails. */
  createVersion(catalog: CatalogDefinition, options: { status: CatalogVersionStatus }): Promise<{ id: string }> {
    return this.changes.transaction((tx) => this.writeVersion(tx, catalog, options));
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
    actor: Actor,
    options: {
      /** Move it only at this revision. */
      readonly revision?: number;
      /** Runs after the version is locked, before the move; throws to refuse it. */
      readonly check?: (tx: PrismaTransaction) => Promise<void>;
      /** Runs after the move, in its transaction (the webhook events it causes). */
      readonly moved?: (tx: PrismaTransaction) => Promise<void>;
    } = {},
  ): Promise<boolean> {
    return this.changes.transaction(async (tx) => {
      const now = new Date();
      const { count } = await tx.catalogVersion.updateMany({
        where: { label, status: from, ...(options.revision === undefined ? {} : { revision: options.revision }) },
        data: {
          status: to,
          revision: { increment: 1 },
          ...(to === 'published' ? { publishedAt: now } : {}),
          ...(to === 'deprecated' ? { deprecatedAt: now } : {}),
        },
      });
      if (count === 0) return false;
      await options.check?.(tx);
      await this.changes.announce(tx, { topic: 'catalog', name: label });
      await this.recordEvent(tx, {
        actor,
        action: `catalog-version.${to === 'published' ? 'publish' : 'deprecate'}`,
        entityType: 'catalog-version',
        entityId: label,
        before: { status: from },
        after: { status: to },
      });
      await options.moved?.(tx);
      return true;
    });
  }

  /** Writes a whole version and its audit event in one transaction. */
  importVersion(
    catalog: CatalogDefinition,
    status: CatalogVersionStatus,
    actor: Actor,
    options: { action?: 'import' | 'create' | 'clone'; parentId?: string } = {},
  ): Promise<{ id: string }> {
    return this.changes.transaction(async (tx) => {
      const version = await this.writeVersion(tx, catalog, { status, parentId: options.parentId });
      await this.recordEvent(tx, {
        actor,
        action: `catalog-version.${options.action ?? 'import'}`,
        entityType: 'catalog-version',
        entityId: catalog.version,
        versionId: version.id,
        after: {
          status,
          roles: catalog.roles.length,
          parameters: catalog.parameters.length,
          flows: catalog.flows.length,
        },
      });
      return version;
    });
  }

  /**
   * Creates the version only when the database holds none, under a transaction-scoped
   * advisory lock, so instances starting together on one empty database seed it once.
   */
  seedIfEmpty(catalog: CatalogDefinition): Promise<boolean> {
    return this.changes.transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
      if ((await tx.catalogVersion.count()) > 0) return false;
      await this.writeVersion(tx, catalog, { status: 'published' });
      return true;
    });
  }

  /** A new version with all its rows, announced; in the caller's transaction. */
  private async writeVersion(
    tx: PrismaTransaction,
    catalog: CatalogDefinition,
    options: { status: CatalogVersionStatus; parentId?: string },
  ): Promise<{ id: string }> {
    const now = new Date();
    const version = await tx.catalogVersion.create({
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
    await tx.role.createMany({
      data: catalog.roles.map((role, position) => ({ versionId, ...roleData(role), position })),
    });
    await tx.roleInclusion.createMany({
      data: catalog.roles.flatMap((role) =>
        role.includes.map((includedKey) => ({ versionId, roleKey: role.key, includedKey })),
      ),
    });
    await tx.parameter.createMany({
      data: catalog.parameters.map((parameter, position) => ({ versionId, ...parameterData(parameter), position })),
    });
    await tx.flow.createMany({
      data: catalog.flows.map((flow, position) => ({ versionId, ...flowData(flow), position })),
    });
    await this.changes.announce(tx, { topic: 'catalog', name: catalog.version });
    return version;
  }
}

function roleData(role: RoleDefinition) {
  return { key: role.key, name: role.name, description: role.description, ...roleKindData(role) };
}

function roleKindData(role: RoleDefinition) {
  return {
    kind: role.kind,
    defaultCidrs: [...role.defaultCidrs],
  };
}

function parameterData(parameter: ParameterDefinition) {
  return {
    name: parameter.name,
    type: parameter.type,
    allowedValues: [...(parameter.values ?? [])],
    defaultValue: parameter.defaultValue ?? Prisma.DbNull,
    description: parameter.description,
  };
}

function flowData(flow: FlowDefinition) {
  return {
    key: flow.key,
    source: flow.source,
    destination: flow.destination,
    protocol: flow.protocol === 'tcp/udp' ? ('tcp_udp' as const) : flow.protocol,
    fromPort: flow.ports.kind === 'range' ? flow.ports.from : null,
    toPort: flow.ports.kind === 'range' ? flow.ports.to : null,
    portParameter: flow.ports.kind === 'parameter' ? flow.ports.name : null,
    condition: flow.condition,
    component: flow.component,
    notes: flow.notes,
    section: flow.section,
  };
}

function toRoleDefinition(row: Omit<RoleRow, 'versionId'>): RoleDefinition {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    includes: row.includes.map((inclusion) => inclusion.includedKey),
    kind: row.kind,
    defaultCidrs: row.defaultCidrs,
  };
}

function toFlowDefinition(flow: FlowRow): FlowDefinition {
  return {
    key: flow.key,
    source: flow.source,
    destination: flow.destination,
    protocol: flow.protocol === 'tcp_udp' ? 'tcp/udp' : flow.protocol,
    ports: toFlowPorts(flow),
    condition: flow.condition,
    component: flow.component,
    notes: flow.notes,
    section: flow.section,
  };
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

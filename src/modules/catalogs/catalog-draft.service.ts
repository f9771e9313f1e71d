import { Injectable } from '@nestjs/common';
import {
  catalogWarnings,
  checkCatalogDocument,
  InvalidCatalogError,
  parseCatalogText,
  toCatalogDocument,
  validateCatalog,
  type CatalogProblem,
} from '../../core/catalog/catalog-document';
import {
  applyCatalogEdit,
  CATALOG_ENTITIES,
  CatalogEditError,
  type CatalogEdit,
  type CatalogEntity,
} from '../../core/catalog/catalog-edit';
import type { CatalogDefinition, FlowDefinition } from '../../core/catalog/catalog-definition';
import { catalogRowChanges, type CatalogRowChanges } from '../../core/catalog/catalog-rows';
import { planFlowImport, type FlowImportMode } from '../../core/catalog/flow-import';
import { fittingVocabulary, parseFlowTables, type FlowTableFormat } from '../../core/catalog/flow-tables';
import { KUBLR_TABLE_VOCABULARY } from '../../core/catalog/kublr-table-vocabulary';
import {
  DomainError,
  NotFoundError,
  PreconditionFailedError,
  ValidationFailedError,
} from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { ExpectedRevision } from '../../common/http/if-match';
import type { PrismaTransaction } from '../../database/prisma.service';
import { Prisma } from '../../database/generated/client';
import type { Actor } from '../auth/actor';
import { CatalogAdminService } from './catalog-admin.service';
import { invalid, notADraft, readCatalogInput } from './catalog-errors';
import { CatalogRepository, type CatalogEvent, type CatalogRow } from './catalog.repository';
import { CatalogService, toParameterModel, toRoleModel } from './catalog.service';
import type { CatalogVersionModel } from './models/catalog-version.model';
import {
  toFlowDefinitionModel,
  type FlowDefinitionModel,
  type FlowImportPreview,
} from './models/flow-definition.model';
import type { ParameterModel } from './models/parameter.model';
import type { RoleDefinitionModel } from './models/role.model';

/** What `POST /catalogs` accepts besides a whole document: a new empty draft or a clone. */
export interface NewDraftRequest {
  readonly version: string;
  readonly cloneFrom?: string;
  readonly title?: string;
  readonly notes?: string;
}

export type CatalogRowModel = RoleDefinitionModel | ParameterModel | FlowDefinitionModel;

export interface ValidationReport {
  readonly version: string;
  readonly valid: boolean;
  readonly problems: CatalogProblem[];
  /** Findings that do not make the catalog invalid (repeated rows); publishing is allowed. */
  readonly warnings: CatalogProblem[];
}

/**
 * The life of a draft: created empty, from a document or cloned from another version;
 * its roles, parameters and flows edited one at a time; checked; discarded. Every edit is
 * checked against the whole catalog with the import's rules, so a draft always holds a
 * catalog that could be published, and it runs in one transaction that locks the draft,
 * with its audit event.
 */
@Injectable()
export class CatalogDraftService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly catalogs: CatalogService,
    private readonly admin: CatalogAdminService,
  ) {}

  /** A new draft: empty, or a copy of `cloneFrom` (a label or "latest") under a new label. */
  async createDraft(request: NewDraftRequest, actor: Actor): Promise<CatalogVersionModel> {
    if (request.version === 'latest') {
      throw new ValidationFailedError('version', '"latest" is reserved; give the draft a version label');
    }
    const source = request.cloneFrom === undefined ? undefined : await this.catalogs.getVersion(request.cloneFrom);
    const content = source
      ? await this.catalogs.loadDefinition(source.version)
      : { title: '', notes: '', roles: [], parameters: [], flows: [] };
    // Through the document's checks, like any import: the title and notes are new text.
    const catalog = readCatalogInput(
      toCatalogDocument({
        ...content,
        version: request.version,
        title: request.title ?? content.title,
        notes: request.notes ?? content.notes,
      }),
    );
    return this.admin.store(catalog, 'draft', actor, { action: source ? 'clone' : 'create', parentId: source?.id });
  }

  /** Discards a draft; published versions are kept for ever (deprecate them instead). */
  async deleteDraft(label: string, actor: Actor): Promise<void> {
    const version = await this.catalogs.getVersion(label);
    const following = await this.repository.profilesFollowing(version.id);
    if (following.length > 0) {
      throw new DomainError(
        ErrorCode.Conflict,
        `catalog version "${version.version}" is followed by profiles ${following.map((name) => `"${name}"`).join(', ')}; point them elsewhere first`,
        { version: version.version, profiles: following },
      );
    }
    let deleted: boolean;
    try {
      deleted = await this.repository.deleteDraft(version.version, actor);
    } catch (error) {
      // A profile saved against the draft between the check above and the delete.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') {
        throw new DomainError(ErrorCode.Conflict, `catalog version "${version.version}" is followed by a profile now`);
      }
      throw error;
    }
    if (!deleted) throw notADraft(version.version, (await this.catalogs.getVersion(version.version)).status);
  }

  async getRow(label: string, entity: CatalogEntity, key: string): Promise<CatalogRowModel> {
    const version = await this.catalogs.getVersion(label);
    const row = await this.repository.findRow(version.id, entity, key);
    if (!row) throw rowNotFound(entity, key, version.version);
    return toRowModel(row);
  }

  /** The flows of a version in catalog order, each with its place in that order (for paging). */
  async listFlowDefinitions(label: string): Promise<{ position: number; flow: FlowDefinitionModel }[]> {
    const version = await this.catalogs.getVersion(label);
    const rows = await this.repository.flowRowsOfVersions([version.id]);
    return rows.map((row) => ({ position: row.position, flow: toFlowDefinitionModel(row.flow, row.revision) }));
  }

  /** The flow rows of several versions in one query, by version id (the GraphQL loader's batch). */
  async flowDefinitionsOfVersions(versionIds: readonly string[]): Promise<Map<string, FlowDefinitionModel[]>> {
    const byVersion = new Map<string, FlowDefinitionModel[]>(versionIds.map((id) => [id, []]));
    for (const row of await this.repository.flowRowsOfVersions(versionIds)) {
      byVersion.get(row.versionId)?.push(toFlowDefinitionModel(row.flow, row.revision));
    }
    return byVersion;
  }

  /**
   * Applies one edit to a draft. `expected` is the row revision the client based the edit
   * on (If-Match, or `revision` in the body): when the row has moved on since, nothing is
   * written and the answer is 412.
   */
  async edit(label: string, edit: CatalogEdit, expected: ExpectedRevision | undefined, actor: Actor) {
    const { noun } = CATALOG_ENTITIES[edit.entity];
    const key = await this.changeDraft(label, actor, async (before, draft, tx) => {
      if (expected !== undefined && edit.op !== 'create') {
        const revision = await this.repository.rowRevision(tx, draft.id, edit.entity, edit.key);
        if (revision === null) throw rowNotFound(edit.entity, edit.key, label);
        if (expected !== '*' && revision !== expected) {
          throw new PreconditionFailedError(
            `${noun} "${edit.key}" is at revision ${revision}, not ${expected}: someone changed it since you read it; read it again and reapply your change`,
            { [noun]: edit.key, revision },
          );
        }
      }
      const result = applyEdit(before, edit.op === 'delete' ? edit : { ...edit, item: withoutNulls(edit.item) });
      return {
        after: result.catalog,
        value: result.key,
        event: () => ({
          action: `${noun}.${edit.op === 'replace' ? 'update' : edit.op}`,
          entityType: noun,
          entityId: `${label}/${result.key}`,
          before: result.before as Prisma.InputJsonValue | null,
          after: result.after as Prisma.InputJsonValue | null,
        }),
      };
    });
    return edit.op === 'delete' ? undefined : this.getRow(label, edit.entity, key);
  }

  /**
   * Flows read from tables shaped like the Network Access document, merged into a draft or
   * replacing its flows. With `dryRun` nothing is written: the answer is the preview of
   * what would change. Unreadable rows, or a result that breaks a rule, write nothing.
   */
  async importFlowTables(
    label: string,
    text: string,
    options: { format: FlowTableFormat; mode: FlowImportMode; dryRun: boolean },
    actor: Actor,
  ): Promise<FlowImportPreview> {
    const plan = (catalog: CatalogDefinition) => {
      const read = parseFlowTables(text, options.format, catalog, fittingVocabulary(KUBLR_TABLE_VOCABULARY, catalog));
      if (read.problems.length > 0) throw invalid(new InvalidCatalogError(read.problems, read.warnings));
      const after = planFlowImport(catalog, read.flows, options.mode);
      const problems = validateCatalog(after);
      if (problems.length > 0) throw invalid(new InvalidCatalogError(problems, read.warnings));
      return { after, warnings: read.warnings };
    };
    if (options.dryRun) {
      const version = await this.catalogs.getVersion(label);
      if (version.status !== 'draft') throw notADraft(version.version, version.status);
      const before = await this.catalogs.loadDefinition(version.version);
      const { after, warnings } = plan(before);
      return toPreview(before, catalogRowChanges(before, after), true, warnings);
    }
    return this.changeDraft(label, actor, (before) => {
      const { after, warnings } = plan(before);
      const preview = toPreview(before, catalogRowChanges(before, after), false, warnings);
      return {
        after,
        value: preview,
        event: () => ({
          action: 'flow.import',
          entityType: 'catalog-version',
          entityId: label,
          before: { flows: before.flows.length },
          after: {
            flows: after.flows.length,
            added: preview.added.map((flow) => flow.key),
            changed: preview.changed.map((change) => change.after.key),
            removed: preview.removed.map((flow) => flow.key),
          },
        }),
      };
    });
  }

  /**
   * Replaces a draft's whole content with a document (an export edited offline, say). Only
   * the rows that differ are written, so the others keep their revisions; `expected` is the
   * version revision the document was based on (412 when the draft moved on since).
   */
  async replaceDocument(
    label: string,
    document: unknown,
    expected: ExpectedRevision | undefined,
    actor: Actor,
  ): Promise<CatalogVersionModel> {
    const catalog = readCatalogInput(document);
    if (catalog.version !== label) {
      throw new ValidationFailedError(
        'version',
        `the document is version "${catalog.version}", not "${label}"; a version's label cannot change`,
        { version: catalog.version },
      );
    }
    await this.changeDraft(label, actor, (before, draft) => {
      // changeDraft has bumped the revision: the one the client read is one less.
      if (typeof expected === 'number' && draft.revision - 1 !== expected) {
        throw new PreconditionFailedError(
          `catalog version "${label}" is at revision ${draft.revision - 1}, not ${expected}: it changed since you read it`,
          { version: label, revision: draft.revision - 1 },
        );
      }
      const counts = (of: CatalogDefinition) => ({
        title: of.title,
        roles: of.roles.length,
        parameters: of.parameters.length,
        flows: of.flows.length,
      });
      return {
        after: catalog,
        value: undefined,
        event: (changes) => ({
          action: 'catalog-version.replace',
          entityType: 'catalog-version',
          entityId: label,
          before: counts(before),
          after: { ...counts(catalog), changed: summarize(changes) },
        }),
      };
    });
    return this.catalogs.getVersion(label);
  }

  /** Checks a stored version with every rule of an import; any version, any status. */
  async validate(label: string): Promise<ValidationReport> {
    const catalog = await this.catalogs.loadDefinition(label);
    return { version: catalog.version, ...report(validateCatalog(catalog), catalogWarnings(catalog)) };
  }

  /** Checks a document without storing anything. */
  validateDocument(document: unknown): ValidationReport {
    try {
      const { catalog, warnings } = checkCatalogDocument(document);
      return { version: catalog.version, ...report([], warnings) };
    } catch (error) {
      if (!(error instanceof InvalidCatalogError)) throw error;
      return { version: versionOf(document), ...report(error.problems, error.warnings) };
    }
  }

  /**
   * Runs one change of a draft in one transaction: the draft is locked (its revision
   * bumped), `change` turns its content into the new one, the rows that differ are
   * written, and the change's audit event recorded. 409 when the label names no draft.
   */
  private async changeDraft<T>(
    label: string,
    actor: Actor,
    change: (
      before: CatalogDefinition,
      draft: { id: string; revision: number },
      tx: PrismaTransaction,
    ) => DraftChange<T> | Promise<DraftChange<T>>,
  ): Promise<T> {
    const outcome = await this.repository.inDraft(label, async (draft, tx) => {
      const before = (await this.repository.loadDefinition(label, tx))!;
      const { after, value, event } = await change(before, draft, tx);
      const changes = catalogRowChanges(before, after);
      await this.repository.writeChanges(tx, draft.id, after, changes);
      await this.repository.recordEvent(tx, { actor, versionId: draft.id, ...event(changes) });
      return value;
    });
    if (outcome === undefined) {
      const version = await this.catalogs.getVersion(label);
      throw notADraft(version.version, version.status);
    }
    return outcome.value;
  }
}

/** A draft's new content, what to answer, and the audit event describing the change. */
interface DraftChange<T> {
  readonly after: CatalogDefinition;
  readonly value: T;
  readonly event: (changes: CatalogRowChanges) => Omit<CatalogEvent, 'actor' | 'versionId'>;
}

function applyEdit(catalog: CatalogDefinition, edit: CatalogEdit) {
  try {
    return applyCatalogEdit(catalog, edit);
  } catch (error) {
    if (error instanceof InvalidCatalogError) throw invalid(error);
    if (error instanceof CatalogEditError) {
      if (error.kind === 'not-found' && error.item) {
        const { entity, key } = error.item;
        throw new NotFoundError(CATALOG_ENTITIES[entity].noun, key, error.message, { version: catalog.version });
      }
      throw new DomainError(ErrorCode.Conflict, error.message);
    }
    throw error;
  }
}

function rowNotFound(entity: CatalogEntity, key: string, label: string): NotFoundError {
  const { noun } = CATALOG_ENTITIES[entity];
  return new NotFoundError(noun, key, `${noun} "${key}" not found in catalog version "${label}"`, { version: label });
}

/**
 * An item as written, with null fields taken as "not given" (GraphQL sends null for
 * omitted nullable fields; a GET answer has `condition: null`), and the empty `values` a
 * GET shows for a parameter that is not an enum dropped, so a read row can be written back.
 */
function withoutNulls(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const given: Record<string, unknown> = Object.fromEntries(
    Object.entries(item).filter(([, value]) => value !== null && value !== undefined),
  );
  if (Array.isArray(given.values) && given.values.length === 0 && given.type !== 'enum') delete given.values;
  return given;
}

function toPreview(
  before: CatalogDefinition,
  changes: CatalogRowChanges,
  dryRun: boolean,
  warnings: readonly CatalogProblem[],
): FlowImportPreview {
  const old = new Map(before.flows.map((flow) => [flow.key, flow]));
  const model = (flow: FlowDefinition) => toFlowDefinitionModel(flow, 0);
  return {
    dryRun,
    added: changes.flows.created.map(model),
    changed: changes.flows.updated.map((flow) => ({ before: model(old.get(flow.key)!), after: model(flow) })),
    removed: changes.flows.deleted.map((key) => model(old.get(key)!)),
    warnings: [...warnings],
  };
}

/** The label a document gives itself, as far as it can be read; '' when it cannot. */
function versionOf(document: unknown): string {
  let data = document;
  if (typeof document === 'string') {
    try {
      data = parseCatalogText(document);
    } catch {
      return '';
    }
  }
  const version = (data as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? version : '';
}

/** Keys created, updated and deleted, per kind of row, for an audit event. */
function summarize(changes: CatalogRowChanges) {
  const keys = <T>(
    kind: { created: readonly T[]; updated: readonly T[]; deleted: readonly string[] },
    keyOf: (row: T) => string,
  ) => ({
    created: kind.created.map(keyOf),
    updated: kind.updated.map(keyOf),
    deleted: [...kind.deleted],
  });
  return {
    roles: keys(changes.roles, (role) => role.key),
    parameters: keys(changes.parameters, (parameter) => parameter.name),
    flows: keys(changes.flows, (flow) => flow.key),
  };
}

function report(problems: readonly CatalogProblem[], warnings: readonly CatalogProblem[]) {
  return { valid: problems.length === 0, problems: [...problems], warnings: [...warnings] };
}

function toRowModel(found: CatalogRow): CatalogRowModel {
  switch (found.entity) {
    case 'role':
      return toRoleModel(found.row);
    case 'parameter':
      return toParameterModel(found.row);
    case 'flow':
      return toFlowDefinitionModel(found.flow, found.revision);
  }
}

import { Injectable } from '@nestjs/common';
import { InvalidCatalogError, validateCatalog } from '../../core/catalog/catalog-document';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import { DomainError, ForbiddenError, PreconditionFailedError } from '../../common/errors/domain-error';
import type { ExpectedRevision } from '../../common/http/if-match';
import type { PrismaTransaction } from '../../database/prisma.service';
import { checkCatalogInput, invalid } from './catalog-errors';
import { scopesInclude } from '../auth/api-key-scope';
import { ErrorCode } from '../../common/errors/error-code';
import { Prisma } from '../../database/generated/client';
import type { Actor } from '../auth/actor';
import { CatalogRepository } from './catalog.repository';
import { CatalogPublishChecks } from './catalog-publish-checks';
import { CatalogService } from './catalog.service';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { pickLatest } from '../../core/catalog/version-label';
import type { CatalogVersionModel, ImportedCatalogVersionModel } from './models/catalog-version.model';

/**
 * The writes of a catalog's life: a whole document imported as a new version (a draft, or
 * published in the same step), publishing a draft, deprecating a published version.
 */
@Injectable()
export class CatalogAdminService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly catalogs: CatalogService,
    private readonly publishChecks: CatalogPublishChecks,
    private readonly webhooks: WebhookOutbox,
  ) {}

  /**
   * `document` is the parsed JSON body, or the YAML (or JSON) text. The answer carries the
   * document's warnings (repeated rows), which do not stop an import or a publication.
   */
  async importCatalog(document: unknown, publish: boolean, actor: Actor): Promise<ImportedCatalogVersionModel> {
    if (publish && !scopesInclude(actor.principal.scopes, 'publisher')) {
      throw new ForbiddenError('publishing needs an API key with the publisher scope', { requiredScope: 'publisher' });
    }
    const { catalog, warnings } = checkCatalogInput(document);
    const version = await this.store(catalog, publish ? 'published' : 'draft', actor);
    return { ...version, warnings: [...warnings] };
  }

  /**
   * Writes a new version with its audit event, and answers it; 409 when a version of that
   * label exists. Imports, new drafts and clones all come here, with a catalog that went
   * through the document's checks (readCatalogInput).
   */
  async store(
    catalog: CatalogDefinition,
    status: 'draft' | 'published',
    actor: Actor,
    options: { action?: 'import' | 'create' | 'clone'; parentId?: string } = {},
  ): Promise<CatalogVersionModel> {
    try {
      await this.repository.importVersion(catalog, status, actor, options);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError(ErrorCode.Conflict, `catalog version "${catalog.version}" already exists`, {
          version: catalog.version,
        });
      }
      throw error;
    }
    return this.catalogs.getVersion(catalog.version);
  }

  /**
   * Publishes a draft after checking it once more with every rule, in the transaction that
   * moves it, so what is published is exactly what was checked. With `expected` (If-Match),
   * only the draft at that revision is published: what the publisher reviewed.
   */
  publish(label: string, actor: Actor, expected?: ExpectedRevision, force = false): Promise<CatalogVersionModel> {
    return this.transition(label, 'draft', 'published', actor, expected, {
      check: async (tx) => {
        const catalog = await this.repository.loadDefinition(label, tx);
        if (!catalog) return;
        const problems = validateCatalog(catalog);
        if (problems.length > 0) throw invalid(new InvalidCatalogError(problems));
        if (!force) await this.checkDependents(catalog, tx);
      },
      moved: (tx, version) => this.webhooks.catalogPublished(tx, version),
    });
  }

  deprecate(label: string, actor: Actor, expected?: ExpectedRevision): Promise<CatalogVersionModel> {
    return this.transition(label, 'published', 'deprecated', actor, expected, {
      moved: (tx, version) => this.webhooks.catalogDeprecated(tx, version),
    });
  }

  private async transition(
    label: string,
    from: 'draft' | 'published',
    to: 'published' | 'deprecated',
    actor: Actor,
    expected: ExpectedRevision | undefined,
    hooks: {
      readonly check?: (tx: PrismaTransaction) => Promise<void>;
      /** In the move's transaction, with the version's label: the webhook events. */
      readonly moved: (tx: PrismaTransaction, label: string) => Promise<void>;
    },
  ): Promise<CatalogVersionModel> {
    const current = await this.catalogs.getVersion(label);
    const revision = typeof expected === 'number' ? expected : undefined;
    const moved = await this.repository.transition(current.version, from, to, actor, {
      revision,
      check: hooks.check,
      moved: (tx) => hooks.moved(tx, current.version),
    });
    if (!moved) {
      const now = await this.catalogs.getVersion(current.version);
      if (now.status === from && revision !== undefined && now.revision !== revision) {
        throw new PreconditionFailedError(
          `catalog version "${now.version}" is at revision ${now.revision}, not ${revision}: it changed since you read it`,
          { version: now.version, revision: now.revision },
        );
      }
      throw new DomainError(
        ErrorCode.Conflict,
        `catalog version "${current.version}" is ${now.status}; only a ${from} version can be ${to === 'published' ? 'published' : 'deprecated'}`,
        { version: current.version, status: now.status },
      );
    }
    return this.catalogs.getVersion(current.version);
  }

  /**
   * Refuses a publication that would break what follows the catalog (profiles that follow
   * "latest" and give a parameter the new version drops or retypes), naming each; `force`
   * publishes anyway.
   */
  private async checkDependents(catalog: CatalogDefinition, tx: PrismaTransaction): Promise<void> {
    const published = await this.repository.listPublished(tx);
    const becomesLatest = pickLatest([...published, { label: catalog.version, publishedAt: new Date() }])?.label;
    const problems = await this.publishChecks.problems(catalog, becomesLatest === catalog.version, tx);
    if (problems.length > 0) {
      throw new DomainError(
        ErrorCode.Conflict,
        `publishing "${catalog.version}" would break ${problems.length === 1 ? 'a profile that follows' : `${problems.length} profiles that follow`} "latest": ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; fix them first, or publish with force=true`,
        { problems },
      );
    }
  }
}

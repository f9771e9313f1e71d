import { Injectable } from '@nestjs/common';
import { buildCatalog, InvalidCatalogError, parseCatalogDocument } from '../../core/catalog/catalog-document';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import { DomainError, ForbiddenError } from '../../common/errors/domain-error';
import { scopesInclude } from '../auth/api-key-scope';
import { ErrorCode } from '../../common/errors/error-code';
import { Prisma } from '../../database/generated/client';
import type { Actor } from '../auth/actor';
import { CatalogRepository, type CatalogAudit } from './catalog.repository';
import { CatalogService } from './catalog.service';
import type { CatalogVersionModel } from './models/catalog-version.model';

/**
 * The writes of a catalog's life: a whole document imported as a new version (a draft, or
 * published in the same step), publishing a draft, deprecating a published version.
 */
@Injectable()
export class CatalogAdminService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly catalogs: CatalogService,
  ) {}

  /** `document` is the parsed JSON body, or the YAML (or JSON) text. */
  async importCatalog(document: unknown, publish: boolean, actor: Actor): Promise<CatalogVersionModel> {
    if (publish && !scopesInclude(actor.principal.scopes, 'publisher')) {
      throw new ForbiddenError('publishing needs an API key with the publisher scope', { requiredScope: 'publisher' });
    }
    const catalog = this.parse(document);
    try {
      await this.repository.importVersion(catalog, publish ? 'published' : 'draft', auditOf(actor));
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

  publish(label: string, actor: Actor): Promise<CatalogVersionModel> {
    return this.transition(label, 'draft', 'published', actor);
  }

  deprecate(label: string, actor: Actor): Promise<CatalogVersionModel> {
    return this.transition(label, 'published', 'deprecated', actor);
  }

  private async transition(
    label: string,
    from: 'draft' | 'published',
    to: 'published' | 'deprecated',
    actor: Actor,
  ): Promise<CatalogVersionModel> {
    const current = await this.catalogs.getVersion(label);
    if (!(await this.repository.transition(current.version, from, to, auditOf(actor)))) {
      const now = await this.catalogs.getVersion(current.version);
      throw new DomainError(
        ErrorCode.Conflict,
        `catalog version "${current.version}" is ${now.status}; only a ${from} version can be ${to === 'published' ? 'published' : 'deprecated'}`,
        { version: current.version, status: now.status },
      );
    }
    return this.catalogs.getVersion(current.version);
  }

  private parse(document: unknown): CatalogDefinition {
    try {
      return typeof document === 'string' ? parseCatalogDocument(document) : buildCatalog(document);
    } catch (error) {
      if (error instanceof InvalidCatalogError) {
        throw new DomainError(ErrorCode.InvalidCatalog, error.message, { problems: error.problems });
      }
      throw error;
    }
  }
}

function auditOf({ principal, requestId }: Actor): CatalogAudit {
  return {
    actorKeyId: principal.kind === 'api-key' ? principal.keyId : null,
    requestId: requestId ?? null,
    action: principal.kind === 'bootstrap' ? ':bootstrap' : '',
  };
}

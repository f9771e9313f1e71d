import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { compileCatalog, type CompiledCatalog } from '../../core/flows';
import { LATEST } from '../../core/catalog/version-label';
import { CatalogService } from '../catalogs/catalog.service';

/** A catalog version compiled for queries, with what caches need to know of it. */
export interface CatalogSnapshot {
  readonly versionId: string;
  readonly label: string;
  readonly status: 'draft' | 'published' | 'deprecated';
  readonly revision: number;
  readonly compiled: CompiledCatalog;
  /** Published and deprecated versions never change: answers about them may be cached. */
  readonly immutable: boolean;
}

/** How long "latest" keeps pointing at the version it found before it looks again. */
export const LATEST_TTL_MS = 5_000;
const MAX_COMPILED_VERSIONS = 64;

/**
 * Compiled catalog versions, loaded once. A published version never changes, so after the
 * first question about it no query reaches the database; a draft is checked against its
 * revision on every use. "latest" is looked up again every few seconds (and at once after
 * a publish in this process).
 */
@Injectable()
export class CatalogSnapshotService {
  private readonly snapshots = new LRUCache<string, CatalogSnapshot>({ max: MAX_COMPILED_VERSIONS });
  private latest: { label: string; expiresAt: number } | undefined;

  constructor(private readonly catalogs: CatalogService) {}

  async get(label: string): Promise<CatalogSnapshot> {
    const resolved = label === LATEST ? await this.latestLabel() : label;
    const cached = this.snapshots.get(resolved);
    if (cached?.immutable) return cached;

    const ref = await this.catalogs.getVersionRef(resolved);
    if (cached && cached.versionId === ref.id && cached.revision === ref.revision) return cached;
    const definition = await this.catalogs.loadDefinition(ref.label);
    const snapshot: CatalogSnapshot = {
      versionId: ref.id,
      label: ref.label,
      status: ref.status,
      revision: ref.revision,
      compiled: compileCatalog(definition),
      immutable: ref.status !== 'draft',
    };
    this.snapshots.set(ref.label, snapshot);
    return snapshot;
  }

  /** Forgets what "latest" and a version were (after a publish, deprecate or edit). */
  invalidate(label?: string): void {
    this.latest = undefined;
    if (label !== undefined) this.snapshots.delete(label);
  }

  private async latestLabel(): Promise<string> {
    const now = Date.now();
    if (this.latest && this.latest.expiresAt > now) return this.latest.label;
    const label = await this.catalogs.resolveLabel(LATEST);
    this.latest = { label, expiresAt: now + LATEST_TTL_MS };
    return label;
  }
}

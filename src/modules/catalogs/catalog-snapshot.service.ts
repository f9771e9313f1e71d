import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { compileCatalog, type CompiledCatalog } from '../../core/flows';
import { LATEST } from '../../core/catalog/version-label';
import { Metrics } from '../../common/observability/metrics';
import { ChangeFeed } from '../../database/change-feed';
import { CatalogService } from './catalog.service';

/** A catalog version compiled for queries, with what caches need to know of it. */
export interface CatalogSnapshot {
  readonly versionId: string;
  readonly label: string;
  readonly status: 'draft' | 'published' | 'deprecated';
  /** The version's revision: with `versionId`, what the snapshot's content is. */
  readonly revision: number;
  readonly compiled: CompiledCatalog;
  /** Published and deprecated versions never change: answers about them, by label, never do. */
  readonly immutable: boolean;
}

/** Published versions kept compiled (drafts are few and dropped at every change). */
const MAX_PUBLISHED_VERSIONS = 64;
const MAX_DRAFTS = 64;

/**
 * Catalog versions compiled for queries: the one place that reads a version for answering
 * and knows which version "latest" names.
 *
 * A published version never changes, so it is compiled once and kept by label. A draft,
 * and the label "latest" names, can change: they are kept until the change feed says that
 * something changed (a write on this instance, at its commit; on another instance, by its
 * notification or the periodic re-check), then read again. A reading that a change
 * overtook is used for the question that made it but not kept.
 */
@Injectable()
export class CatalogSnapshotService {
  private readonly published = new LRUCache<string, CatalogSnapshot>({ max: MAX_PUBLISHED_VERSIONS });
  private readonly drafts = new LRUCache<string, CatalogSnapshot>({ max: MAX_DRAFTS });
  private latest: string | undefined;
  /** Readings in progress, by label and epoch, so that a burst of questions reads once. */
  private readonly loading = new Map<string, Promise<CatalogSnapshot>>();

  constructor(
    private readonly catalogs: CatalogService,
    private readonly changes: ChangeFeed,
    private readonly metrics: Metrics,
  ) {
    changes.onDrop(() => {
      this.latest = undefined;
      this.drafts.clear();
    });
  }

  /** The version a label (or "latest") names now, compiled. */
  async get(label: string): Promise<CatalogSnapshot> {
    const resolved = label === LATEST ? await this.latestLabel() : label;
    const cached = this.published.get(resolved) ?? this.drafts.get(resolved);
    // A miss joins a reading in progress when there is one: it is still not served from memory.
    this.metrics.countCacheLookup('catalog_snapshot', cached !== undefined);
    if (cached) return cached;
    const epoch = this.changes.epoch;
    const key = `${epoch}\u0000${resolved}`;
    let loading = this.loading.get(key);
    if (!loading) {
      loading = this.load(resolved, epoch).finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
    }
    return loading;
  }

  /** The label "latest" names now (404 when nothing is published). */
  async latestLabel(): Promise<string> {
    if (this.latest !== undefined) return this.latest;
    const epoch = this.changes.epoch;
    const label = await this.catalogs.resolveLabel(LATEST);
    if (this.changes.epoch === epoch) this.latest = label;
    return label;
  }

  private async load(label: string, epoch: number): Promise<CatalogSnapshot> {
    const { ref, definition } = await this.catalogs.loadVersion(label);
    const snapshot: CatalogSnapshot = {
      versionId: ref.id,
      label: ref.label,
      status: ref.status,
      revision: ref.revision,
      compiled: compileCatalog(definition),
      immutable: ref.status !== 'draft',
    };
    if (snapshot.immutable) this.published.set(ref.label, snapshot);
    else if (this.changes.epoch === epoch) this.drafts.set(ref.label, snapshot);
    return snapshot;
  }
}

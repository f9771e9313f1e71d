import { compareText } from '../../core/compare-text';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  CatalogVersionNotFoundError,
  PreconditionFailedError,
  ProfileNotFoundError,
} from '../../common/errors/domain-error';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import { LATEST } from '../../core/catalog/version-label';
import { Metrics } from '../../common/observability/metrics';
import { ChangeFeed } from '../../database/change-feed';
import type { ParameterValue } from '../../core/parameters/parameter.types';
import { CatalogService } from '../catalogs/catalog.service';
import type { ProfileInput } from './dto/profile.input';
import type { ProfileModel } from './models/profile.model';
import {
  assertProfileName,
  checkProfileCommand,
  toProfileCommand,
  type AddressSet,
  type ProfileCommand,
} from './profile-command';
import { ProfileRepository, type ProfileRevisionRow, type ProfileRow } from './profile.repository';
import type { ExpectedRevision } from '../../common/http/if-match';
import type { Actor } from '../auth/actor';

/** A saved profile as other modules use it (flow queries, artifacts); shared, never changed. */
/** The networks an enforcing host firewall lets reach the management ports (SSH). */
export interface ProfileManagement {
  readonly cidrs: string[];
  readonly ports: number[];
}

export interface ProfileRecord {
  readonly name: string;
  readonly description: string;
  /** "latest" or a version label. */
  readonly version: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly addresses: Readonly<Record<string, { cidrs: string[]; securityGroupIds: string[]; tags: string[] }>>;
  /** Null: the profile names no management networks. */
  readonly management: ProfileManagement | null;
  readonly revision: number;
  readonly updatedAt: Date;
}

/** Profiles kept in memory for questions asked by profile. */
const MAX_CACHED_PROFILES = 10_000;

/**
 * Profiles, shared by the REST controller, the GraphQL resolver and other modules. The
 * profiles that questions name are kept in memory until the change feed reports a change
 * (a profile write commits here, or another instance announces one), so pipelines asking
 * by profile cost no query.
 */
@Injectable()
export class ProfileService {
  private readonly records = new LRUCache<string, ProfileRecord>({ max: MAX_CACHED_PROFILES });

  constructor(
    private readonly repository: ProfileRepository,
    private readonly catalogs: CatalogService,
    private readonly changes: ChangeFeed,
    private readonly metrics: Metrics,
  ) {
    changes.onDrop(() => this.records.clear());
  }

  /** Every profile, by name. */
  async listProfiles(): Promise<ProfileModel[]> {
    const rows = await this.repository.list();
    const latest = rows.some((row) => row.version === null) ? await this.latestLabel() : null;
    return rows.map((row) => toProfileModel(row, latest)).sort((a, b) => compareText(a.name, b.name));
  }

  async getProfile(name: string): Promise<ProfileModel> {
    const row = await this.findRow(name);
    return toProfileModel(row, row.version === null ? await this.latestLabel() : null);
  }

  /** The saved profile; throws ProfileNotFoundError (404) when there is none. */
  async findProfile(name: string): Promise<ProfileRecord> {
    const cached = this.records.get(name);
    this.metrics.countCacheLookup('profiles', cached !== undefined);
    if (cached) return cached;
    const epoch = this.changes.epoch;
    const record = toProfileRecord(await this.findRow(name));
    // A change committed while it was read may have made it stale: use it, do not keep it.
    if (this.changes.epoch === epoch) this.records.set(name, record);
    return record;
  }

  /**
   * Creates the profile or replaces it whole, after checking every value against the
   * catalog version it follows. `created` tells the two apart (REST answers 201 or 200).
   */
  async putProfile(
    name: string,
    input: ProfileInput,
    expectedRevision: ExpectedRevision | undefined,
    actor: Actor,
  ): Promise<{ profile: ProfileModel; created: boolean }> {
    const command = toProfileCommand(name, input);
    const { versionId, catalog } = await this.versionToFollow(command);
    const checked = checkProfileCommand(command, catalog);
    const { row, created } = await this.repository.save(
      { ...checked, versionId },
      (current) => {
        if (expectedRevision !== undefined) assertRevision(name, current, expectedRevision);
      },
      actor,
    );
    return { profile: toProfileModel(row, catalog.version), created };
  }

  /** True once deleted; throws ProfileNotFoundError when there is no such profile. */
  async deleteProfile(name: string, expectedRevision: ExpectedRevision | undefined, actor: Actor): Promise<boolean> {
    assertProfileName(name);
    return this.repository.remove(
      name,
      (current) => {
        if (current === null) throw new ProfileNotFoundError(name);
        if (expectedRevision !== undefined) assertRevision(name, current, expectedRevision);
      },
      actor,
    );
  }

  private async findRow(name: string): Promise<ProfileRow> {
    assertProfileName(name);
    const row = await this.repository.find(name);
    if (!row) throw new ProfileNotFoundError(name);
    return row;
  }

  /** The catalog a write is checked against, and the version id to store (null: "latest"). */
  private async versionToFollow(
    command: ProfileCommand,
  ): Promise<{ versionId: string | null; catalog: CatalogDefinition }> {
    if (command.version === LATEST) {
      return { versionId: null, catalog: await this.catalogs.loadDefinition(LATEST) };
    }
    const [version, catalog] = await Promise.all([
      this.catalogs.getVersion(command.version),
      this.catalogs.loadDefinition(command.version),
    ]);
    return { versionId: version.id, catalog };
  }

  /** The label "latest" stands for now, or null when no version is published. */
  private async latestLabel(): Promise<string | null> {
    try {
      return await this.catalogs.resolveLabel(LATEST);
    } catch (error) {
      if (error instanceof CatalogVersionNotFoundError) return null;
      throw error;
    }
  }
}

function assertRevision(name: string, current: ProfileRevisionRow | null, expected: ExpectedRevision): void {
  if (current === null) {
    throw new PreconditionFailedError(`profile "${name}" does not exist, so If-Match ${expected} does not hold`, {
      profile: name,
    });
  }
  if (expected !== '*' && current.revision !== expected) {
    throw new PreconditionFailedError(`profile "${name}" is at revision ${current.revision}, not ${expected}`, {
      profile: name,
      revision: current.revision,
    });
  }
}

/** `latest` is the label "latest" resolves to now; used only for profiles that follow it. */
function toProfileModel(row: ProfileRow, latest: string | null): ProfileModel {
  return {
    ...toProfileRecord(row),
    resolvedVersion: row.version?.label ?? latest,
    createdAt: row.createdAt,
  };
}

function toProfileRecord(row: ProfileRow): ProfileRecord {
  return {
    name: row.name,
    description: row.description,
    version: row.version?.label ?? LATEST,
    params: paramsOf(row.params),
    addresses: Object.fromEntries(row.addresses.map(({ role, ...set }): [string, AddressSet] => [role, set])),
    management:
      row.managementCidrs.length === 0 && row.managementPorts.length === 0
        ? null
        : { cidrs: row.managementCidrs, ports: row.managementPorts.length === 0 ? [22] : row.managementPorts },
    revision: row.revision,
    updatedAt: row.updatedAt,
  };
}

/** The stored JSON object of parameter values (written by this service, so scalars only). */
function paramsOf(json: ProfileRow['params']): Record<string, ParameterValue> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  return Object.fromEntries(
    Object.entries(json).filter((entry): entry is [string, ParameterValue] =>
      ['string', 'number', 'boolean'].includes(typeof entry[1]),
    ),
  );
}

import { Injectable } from '@nestjs/common';
import { Prisma } from '../../database/generated/client';
import { ChangeFeed } from '../../database/change-feed';
import { PrismaService, type PrismaTransaction } from '../../database/prisma.service';
import { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import type { CheckedProfile } from './profile-command';
import { WebhookOutbox } from '../webhooks/webhook-outbox';

export const ADDRESS_SET_SELECT = {
  role: true,
  cidrs: true,
  securityGroupIds: true,
  tags: true,
} satisfies Prisma.ProfileAddressSetSelect;

/** A profile with what it needs to be shown: its version's label and its address sets. */
export const PROFILE_SELECT = {
  name: true,
  description: true,
  params: true,
  managementCidrs: true,
  managementPorts: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
  version: { select: { label: true } },
  addresses: { select: ADDRESS_SET_SELECT, orderBy: { role: 'asc' } },
} satisfies Prisma.ProfileSelect;

export type ProfileRow = Prisma.ProfileGetPayload<{ select: typeof PROFILE_SELECT }>;
/** What a conditional write needs to know of the profile it is about to change. */
export type ProfileRevisionRow = Pick<ProfileRow, 'revision'>;

/** A checked profile and the id of the version it is fixed to (null: it follows "latest"). */
export interface ProfileWrite extends CheckedProfile {
  readonly versionId: string | null;
}

/**
 * Called inside the write's transaction with the profile as it is (null when there is
 * none); throwing aborts the write.
 */
export type WriteCondition = (current: ProfileRevisionRow | null) => void;

/** Serialises writes to one profile name (created or not) across connections and instances. */
const PROFILE_LOCK_CLASS = 72_707_370;

/**
 * Every query on profiles and their address sets. Writes run in a transaction of the
 * change feed and announce the profile, so every instance drops what it keeps of it.
 */
@Injectable()
export class ProfileRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditRepository,
    private readonly webhooks: WebhookOutbox,
  ) {}

  list(): Promise<ProfileRow[]> {
    return this.prisma.profile.findMany({ select: PROFILE_SELECT });
  }

  /** Profiles with no fixed version: they follow "latest". */
  listFollowingLatest(db: PrismaTransaction = this.prisma): Promise<ProfileRow[]> {
    return db.profile.findMany({
      where: { versionId: null },
      select: PROFILE_SELECT,
      orderBy: { name: 'asc' },
    });
  }

  find(name: string): Promise<ProfileRow | null> {
    return this.prisma.profile.findUnique({ where: { name }, select: PROFILE_SELECT });
  }

  /**
   * Creates the profile or replaces it whole (its address sets included, revision + 1), in
   * one transaction under a lock on its name: nothing is half-written, and the condition
   * sees the revision the write replaces.
   */
  save(profile: ProfileWrite, condition: WriteCondition, actor: Actor): Promise<{ row: ProfileRow; created: boolean }> {
    return this.changes.transaction(async (tx) => {
      const current = await this.lockAndFind(tx, profile.name);
      condition(current);
      const write = await this.write(tx, profile, current);
      await this.record(
        tx,
        actor,
        write.created ? 'profile.create' : 'profile.update',
        profile.name,
        current,
        write.row,
      );
      if (current !== null) await this.webhooks.profileChanged(tx, current, write.row);
      return write;
    });
  }

  /** Deletes the profile (its address sets cascade) if the condition holds; false when there was none. */
  remove(name: string, condition: WriteCondition, actor: Actor): Promise<boolean> {
    return this.changes.transaction(async (tx) => {
      const current = await this.lockAndFind(tx, name);
      condition(current);
      if (current === null) return false;
      await tx.profile.delete({ where: { id: current.id }, select: { id: true } });
      await this.record(tx, actor, 'profile.delete', name, current, null);
      return true;
    });
  }

  private async write(tx: PrismaTransaction, profile: ProfileWrite, current: CurrentProfile | null) {
    const fields = {
      description: profile.description,
      versionId: profile.versionId,
      params: profile.params,
      managementCidrs: profile.management?.cidrs ?? [],
      managementPorts: profile.management?.ports ?? [],
    };
    const addressSets = Object.entries(profile.addresses).map(([role, set]) => ({ role, ...set }));
    if (current === null) {
      const row = await tx.profile.create({
        data: { name: profile.name, ...fields, addresses: { createMany: { data: addressSets } } },
        select: PROFILE_SELECT,
      });
      return { row, created: true };
    }
    const row = await tx.profile.update({
      where: { id: current.id },
      data: {
        ...fields,
        revision: { increment: 1 },
        addresses: { deleteMany: {}, createMany: { data: addressSets } },
      },
      select: PROFILE_SELECT,
    });
    return { row, created: false };
  }

  /** Announces a write and records its audit event: the profile as it was and as it is, in API form. */
  private async record(
    tx: PrismaTransaction,
    actor: Actor,
    action: string,
    name: string,
    before: CurrentProfile | null,
    after: ProfileRow | null,
  ): Promise<void> {
    await this.changes.announce(tx, { topic: 'profile', name });
    await this.audit.record(tx, {
      actor,
      action,
      entityType: 'profile',
      entityId: name,
      before: before && snapshot(before),
      after: after && snapshot(after),
    });
  }

  private async lockAndFind(tx: PrismaTransaction, name: string): Promise<CurrentProfile | null> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PROFILE_LOCK_CLASS}::int, hashtext(${name}))`;
    return tx.profile.findUnique({ where: { name }, select: { ...PROFILE_SELECT, id: true } });
  }
}

type CurrentProfile = ProfileRow & { id: string };

/** A profile as the API shows it, for audit events. */
function snapshot(row: ProfileRow): Prisma.InputJsonObject {
  return {
    version: row.version?.label ?? 'latest',
    description: row.description,
    params: row.params as Prisma.InputJsonObject,
    addresses: Object.fromEntries(row.addresses.map(({ role, ...set }) => [role, set])),
    management: { cidrs: row.managementCidrs, ports: row.managementPorts },
    revision: row.revision,
  };
}

import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../database/generated/client';
import { PrismaService, type PrismaTransaction } from '../../database/prisma.service';
import type { CheckedProfile } from './profile-command';

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
  revision: true,
  createdAt: true,
  updatedAt: true,
  version: { select: { label: true } },
  addresses: { select: ADDRESS_SET_SELECT, orderBy: { role: 'asc' } },
} satisfies Prisma.ProfileSelect;

/** What a conditional write needs to know of the profile it is about to change. */
const PROFILE_REVISION_SELECT = { id: true, revision: true } satisfies Prisma.ProfileSelect;

export type ProfileRow = Prisma.ProfileGetPayload<{ select: typeof PROFILE_SELECT }>;
export type ProfileRevisionRow = Prisma.ProfileGetPayload<{ select: typeof PROFILE_REVISION_SELECT }>;

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

/** Every query on profiles and their address sets. */
@Injectable()
export class ProfileRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(): Promise<ProfileRow[]> {
    return this.prisma.profile.findMany({ select: PROFILE_SELECT });
  }

  find(name: string): Promise<ProfileRow | null> {
    return this.prisma.profile.findUnique({ where: { name }, select: PROFILE_SELECT });
  }

  /**
   * Creates the profile or replaces it whole (its address sets included, revision + 1), in
   * one transaction under a lock on its name: nothing is half-written, and the condition
   * sees the revision the write replaces.
   */
  save(profile: ProfileWrite, condition: WriteCondition): Promise<{ row: ProfileRow; created: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const current = await this.lockAndFind(tx, profile.name);
      condition(current);
      const fields = {
        description: profile.description,
        versionId: profile.versionId,
        params: profile.params,
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
    });
  }

  /** Deletes the profile (its address sets cascade) if the condition holds; false when there was none. */
  remove(name: string, condition: WriteCondition): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const current = await this.lockAndFind(tx, name);
      condition(current);
      if (current === null) return false;
      await tx.profile.delete({ where: { id: current.id }, select: { id: true } });
      return true;
    });
  }

  private async lockAndFind(tx: PrismaTransaction, name: string): Promise<ProfileRevisionRow | null> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PROFILE_LOCK_CLASS}::int, hashtext(${name}))`;
    return tx.profile.findUnique({ where: { name }, select: PROFILE_REVISION_SELECT });
  }
}

import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../database/generated/client';
import { PrismaService } from '../../database/prisma.service';
import { AuditRepository } from '../audit/audit.repository';
import type { Actor } from './actor';
import type { ApiKeyScope } from './api-key-scope';

/** What may be shown of a key: never its hash. */
export const API_KEY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
} satisfies Prisma.ApiKeySelect;

/** What checking a presented key needs: the row and its hash. */
const API_KEY_CREDENTIAL_SELECT = { ...API_KEY_SELECT, hash: true } satisfies Prisma.ApiKeySelect;

export type ApiKeyRow = Prisma.ApiKeyGetPayload<{ select: typeof API_KEY_SELECT }>;
export type ApiKeyCredentialRow = Prisma.ApiKeyGetPayload<{ select: typeof API_KEY_CREDENTIAL_SELECT }>;

export interface NewApiKey {
  readonly name: string;
  readonly prefix: string;
  readonly hash: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly expiresAt: Date | null;
}

/** Every query on API keys, and the audit events of their changes. */
@Injectable()
export class ApiKeyRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditRepository,
  ) {}

  /** Newest first. */
  list(): Promise<ApiKeyRow[]> {
    return this.prisma.apiKey.findMany({ select: API_KEY_SELECT, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  }

  findByPrefix(prefix: string): Promise<ApiKeyCredentialRow | null> {
    return this.prisma.apiKey.findUnique({ where: { prefix }, select: API_KEY_CREDENTIAL_SELECT });
  }

  /** Stores the key and its audit event, both or neither. */
  create(key: NewApiKey, actor: Actor): Promise<ApiKeyRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.apiKey.create({ data: { ...key, scopes: [...key.scopes] }, select: API_KEY_SELECT });
      await this.audit.record(tx, { actor, action: 'api-key.create', ...about(row.id), after: auditSnapshot(row) });
      return row;
    });
  }

  /**
   * Sets revokedAt and writes the audit event, in one transaction; a key revoked already
   * is left as it is (no event). Null when there is no such key.
   */
  revoke(id: string, at: Date, actor: Actor): Promise<ApiKeyRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.apiKey.findUnique({ where: { id }, select: API_KEY_SELECT });
      if (before === null) return null;
      const { count } = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
      if (count === 0) return tx.apiKey.findUnique({ where: { id }, select: API_KEY_SELECT });
      const after = { ...before, revokedAt: at };
      await this.audit.record(tx, {
        actor,
        action: 'api-key.revoke',
        ...about(id),
        before: auditSnapshot(before),
        after: auditSnapshot(after),
      });
      return after;
    });
  }

  /** Records a use, unless one at or after `unlessUsedSince` is recorded already (another instance). */
  async touch(id: string, at: Date, unlessUsedSince: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: unlessUsedSince } }] },
      data: { lastUsedAt: at },
    });
  }
}

function about(keyId: string) {
  return { entityType: 'api-key', entityId: keyId };
}

/** A key as the audit log keeps it: what it is and can do, never its hash or value. */
function auditSnapshot(row: ApiKeyRow): Prisma.InputJsonObject {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: [...row.scopes],
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

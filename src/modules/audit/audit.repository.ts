import { Injectable } from '@nestjs/common';
import { Prisma } from '../../database/generated/client';
import type { PrismaTransaction } from '../../database/prisma.service';
import type { Actor } from '../auth/actor';

/** One change, as the repository that made it describes it. */
export interface AuditEventInput {
  /** Who made it; the bootstrap key (ADMIN_API_KEY) has no row, so its actions say ":bootstrap". */
  readonly actor: Actor;
  /** What was done, e.g. "profile.update" or "catalog-version.publish". */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  /** The catalog version the change belongs to, when it belongs to one that still exists. */
  readonly versionId?: string | null;
  /** The changed thing before and after, in the form the API shows it; null when absent. */
  readonly before?: Prisma.InputJsonValue | null;
  readonly after?: Prisma.InputJsonValue | null;
}

/** Longest request id kept (the column's width). */
const MAX_REQUEST_ID_LENGTH = 128;

/**
 * The one writer of the audit trail. Every repository that changes something calls
 * `record` inside the transaction of the change, so the event exists exactly when the
 * change does.
 */
@Injectable()
export class AuditRepository {
  async record(tx: PrismaTransaction, event: AuditEventInput): Promise<void> {
    const { principal, requestId } = event.actor;
    await tx.auditEvent.create({
      data: {
        actorKeyId: principal.kind === 'api-key' ? principal.keyId : null,
        requestId: requestId?.slice(0, MAX_REQUEST_ID_LENGTH) ?? null,
        action: principal.kind === 'bootstrap' ? `${event.action}:bootstrap` : event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        versionId: event.versionId ?? null,
        before: event.before ?? Prisma.DbNull,
        after: event.after ?? Prisma.DbNull,
      },
      select: { id: true },
    });
  }
}

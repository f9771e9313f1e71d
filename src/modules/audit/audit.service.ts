import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';
import type { Prisma } from '../../database/generated/client';
import type { AuditQueryArgs } from './dto/audit-query.args';
import type { AuditEventModel, AuditEventPageModel } from './models/audit-event.model';

/** Reads of the audit trail that every change writes; the writes stay with each change. */
@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  /** Newest first, by pages: `nextCursor` continues where a page stopped. */
  async list(query: AuditQueryArgs): Promise<AuditEventPageModel> {
    const limit = query.limit ?? 50;
    const rows = await this.prisma.auditEvent.findMany({
      where: {
        ...(query.action ? { action: matching(query.action) } : {}),
        ...(query.entityType ? { entityType: query.entityType } : {}),
        ...(query.entityId ? { entityId: matching(query.entityId) } : {}),
        ...(query.actor ? { actorKeyId: query.actor } : {}),
        ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}),
        occurredAt: { ...(query.since ? { gte: query.since } : {}), ...(query.until ? { lt: query.until } : {}) },
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const keyIds = [...new Set(page.flatMap((row) => (row.actorKeyId ? [row.actorKeyId] : [])))];
    const keys = keyIds.length
      ? await this.prisma.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true } })
      : [];
    const names = new Map(keys.map((key) => [key.id, key.name]));
    return {
      events: page.map((row): AuditEventModel => ({
        id: row.id.toString(),
        occurredAt: row.occurredAt,
        actorKeyId: row.actorKeyId,
        actorName: row.actorKeyId ? (names.get(row.actorKeyId) ?? null) : null,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        before: row.before,
        after: row.after,
        requestId: row.requestId,
      })),
      nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null,
    };
  }
}

/** "flow.*" matches a prefix; anything else matches exactly. */
function matching(pattern: string): Prisma.StringFilter {
  return pattern.endsWith('*') ? { startsWith: pattern.slice(0, -1) } : { equals: pattern };
}

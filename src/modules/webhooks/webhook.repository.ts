import { Injectable } from '@nestjs/common';
import { Prisma } from '../../database/generated/client';
import { PrismaService } from '../../database/prisma.service';
import { AuditRepository } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import type { DeliveryJob } from './webhook-queue';
import { WebhookQueue } from './webhook-queue';

export const SUBSCRIPTION_SELECT = {
  id: true,
  url: true,
  events: true,
  profiles: true,
  format: true,
  description: true,
  previousSecretExpiresAt: true,
  createdAt: true,
} satisfies Prisma.WebhookSubscriptionSelect;

export const DELIVERY_SELECT = {
  id: true,
  subscriptionId: true,
  event: true,
  profile: true,
  fromVersion: true,
  toVersion: true,
  status: true,
  attempts: true,
  attemptLimit: true,
  lastStatusCode: true,
  lastLatencyMs: true,
  lastError: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
  attemptLog: {
    select: { number: true, startedAt: true, outcome: true, statusCode: true, latencyMs: true, error: true },
    orderBy: { number: 'asc' },
  },
} satisfies Prisma.WebhookDeliverySelect;

export type SubscriptionRow = Prisma.WebhookSubscriptionGetPayload<{ select: typeof SUBSCRIPTION_SELECT }>;
export type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof DELIVERY_SELECT }>;

/** What an attempt needs: the delivery, its frozen body (if any) and the subscription's secrets. */
export const ATTEMPT_SELECT = {
  id: true,
  event: true,
  profile: true,
  fromVersion: true,
  toVersion: true,
  context: true,
  body: true,
  status: true,
  attempts: true,
  attemptLimit: true,
  createdAt: true,
  subscription: {
    select: { url: true, format: true, secret: true, previousSecret: true, previousSecretExpiresAt: true },
  },
} satisfies Prisma.WebhookDeliverySelect;
export type AttemptRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof ATTEMPT_SELECT }>;

/** How one attempt ended, as recorded. */
export interface AttemptResult {
  readonly startedAt: Date;
  readonly outcome: 'delivered' | 'failed' | 'refused';
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
  /** When the next attempt is due; null: this one was the last (delivered, or out of attempts). */
  readonly nextAttemptAt: Date | null;
}

/** The longest error text kept (the columns' width). */
const MAX_ERROR_LENGTH = 1000;
/** Deliveries a log answer lists, newest first. */
export const DELIVERY_LOG_LIMIT = 100;

/** Subscriptions, deliveries and their attempts. Every change to a subscription is audited. */
@Injectable()
export class WebhookRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditRepository,
    private readonly queue: WebhookQueue,
  ) {}

  list(): Promise<SubscriptionRow[]> {
    return this.prisma.webhookSubscription.findMany({
      select: SUBSCRIPTION_SELECT,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    });
  }

  find(id: string): Promise<SubscriptionRow | null> {
    return this.prisma.webhookSubscription.findUnique({ where: { id }, select: SUBSCRIPTION_SELECT });
  }

  create(
    data: Omit<Prisma.WebhookSubscriptionCreateInput, 'id' | 'deliveries'>,
    actor: Actor,
  ): Promise<SubscriptionRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.webhookSubscription.create({ data, select: SUBSCRIPTION_SELECT });
      await this.audit.record(tx, {
        actor,
        action: 'webhook.create',
        entityType: 'webhook',
        entityId: row.id,
        after: auditView(row),
      });
      return row;
    });
  }

  /** Deletes the subscription and its deliveries (pending ones are never sent); null when there is none. */
  remove(id: string, actor: Actor): Promise<SubscriptionRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.webhookSubscription.findUnique({ where: { id }, select: SUBSCRIPTION_SELECT });
      if (row === null) return null;
      await tx.webhookSubscription.delete({ where: { id }, select: { id: true } });
      await this.audit.record(tx, {
        actor,
        action: 'webhook.delete',
        entityType: 'webhook',
        entityId: id,
        before: auditView(row),
      });
      return row;
    });
  }

  /**
   * Replaces the secret: the current one becomes the previous one, which signs too until
   * `previousExpiresAt`. Under a row lock, so two rotations at once keep one chain.
   */
  rotate(id: string, sealedSecret: string, previousExpiresAt: Date, actor: Actor): Promise<SubscriptionRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<Array<{ secret: string }>>`
        SELECT secret FROM webhook_subscriptions WHERE id = ${id}::uuid FOR UPDATE`;
      if (current === undefined) return null;
      const row = await tx.webhookSubscription.update({
        where: { id },
        data: { secret: sealedSecret, previousSecret: current.secret, previousSecretExpiresAt: previousExpiresAt },
        select: SUBSCRIPTION_SELECT,
      });
      await this.audit.record(tx, {
        actor,
        action: 'webhook.rotate-secret',
        entityType: 'webhook',
        entityId: id,
        after: { previousSecretExpiresAt: previousExpiresAt.toISOString() },
      });
      return row;
    });
  }

  listDeliveries(subscriptionId: string): Promise<DeliveryRow[]> {
    return this.prisma.webhookDelivery.findMany({
      where: { subscriptionId },
      select: DELIVERY_SELECT,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: DELIVERY_LOG_LIMIT,
    });
  }

  findDelivery(subscriptionId: string, id: string): Promise<DeliveryRow | null> {
    return this.prisma.webhookDelivery.findFirst({ where: { id, subscriptionId }, select: DELIVERY_SELECT });
  }

  findForAttempt(id: string): Promise<AttemptRow | null> {
    return this.prisma.webhookDelivery.findUnique({ where: { id }, select: ATTEMPT_SELECT });
  }

  /** Keeps `body` as the delivery's body unless one was kept first; answers the one kept. */
  async freezeBody(id: string, body: string): Promise<string> {
    await this.prisma.webhookDelivery.updateMany({ where: { id, body: null }, data: { body } });
    const row = await this.prisma.webhookDelivery.findUnique({ where: { id }, select: { body: true } });
    return row?.body ?? body;
  }

  /**
   * Records attempt `job.attempt` and, when another is due, queues it, in one transaction.
   * Only the first record of an attempt counts (the delivery must still be pending, with the
   * attempt before it recorded): a job run twice (its instance died, it expired and was
   * handed out again) records once. False when it did not count.
   */
  recordAttempt(job: DeliveryJob, result: AttemptResult): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const status =
        result.outcome === 'delivered' ? 'delivered' : result.nextAttemptAt === null ? 'failed' : 'pending';
      const error = result.error?.slice(0, MAX_ERROR_LENGTH) ?? null;
      const { count } = await tx.webhookDelivery.updateMany({
        where: { id: job.deliveryId, status: 'pending', attempts: job.attempt - 1 },
        data: {
          status,
          attempts: job.attempt,
          lastStatusCode: result.statusCode,
          lastLatencyMs: result.latencyMs,
          lastError: error,
          nextAttemptAt: result.nextAttemptAt,
          ...(status === 'delivered' ? { deliveredAt: new Date() } : {}),
        },
      });
      if (count === 0) return false;
      await tx.webhookDeliveryAttempt.create({
        data: {
          deliveryId: job.deliveryId,
          number: job.attempt,
          startedAt: result.startedAt,
          outcome: result.outcome,
          statusCode: result.statusCode,
          latencyMs: result.latencyMs,
          error,
        },
        select: { number: true },
      });
      if (result.nextAttemptAt !== null) {
        await this.queue.enqueue(tx, [
          { deliveryId: job.deliveryId, attempt: job.attempt + 1, startAfter: result.nextAttemptAt },
        ]);
      }
      return true;
    });
  }

  /**
   * Sends a delivered or failed delivery once more, now: one more attempt is allowed and
   * queued. Null when there is no such delivery; 'pending' when it is still being tried.
   */
  redeliver(subscriptionId: string, id: string, actor: Actor): Promise<DeliveryRow | 'pending' | null> {
    return this.prisma.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<Array<{ status: string; attempts: number }>>`
        SELECT status::text AS status, attempts FROM webhook_deliveries
        WHERE id = ${id}::uuid AND subscription_id = ${subscriptionId}::uuid FOR UPDATE`;
      if (current === undefined) return null;
      if (current.status === 'pending') return 'pending';
      const row = await tx.webhookDelivery.update({
        where: { id },
        data: { status: 'pending', attemptLimit: current.attempts + 1, nextAttemptAt: new Date() },
        select: DELIVERY_SELECT,
      });
      await this.queue.enqueue(tx, [{ deliveryId: id, attempt: current.attempts + 1 }]);
      await this.audit.record(tx, {
        actor,
        action: 'webhook.redeliver',
        entityType: 'webhook-delivery',
        entityId: id,
        before: { status: current.status, attempts: current.attempts },
        after: { status: 'pending' },
      });
      return row;
    });
  }
}

/** A subscription in the audit trail: never its secret. */
function auditView(row: SubscriptionRow): Prisma.InputJsonObject {
  return { url: row.url, events: row.events, profiles: row.profiles, format: row.format, description: row.description };
}

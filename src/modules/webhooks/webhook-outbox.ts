import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { pickLatest } from '../../core/catalog/version-label';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Prisma } from '../../database/generated/client';
import type { PrismaTransaction } from '../../database/prisma.service';
import {
  answersChanged,
  subscriptionWants,
  type ProfileEvent,
  type ProfileState,
  type WebhookEvent,
} from './webhook-events';
import { WebhookQueue } from './webhook-queue';

/** A profile as the outbox reads it inside a write's transaction. */
export interface ProfileSnapshotRow {
  readonly name: string;
  readonly params: unknown;
  readonly managementCidrs: readonly string[];
  readonly managementPorts: readonly number[];
  readonly version: { readonly label: string } | null;
  readonly addresses: ReadonlyArray<{ readonly role: string } & Record<string, unknown>>;
}

/**
 * Writes webhook events where they happen: inside the transaction of the change that causes
 * them (a version published or deprecated, a profile edited), one delivery row per
 * subscription and profile concerned and the job of its first attempt. Both commit with the
 * change or not at all, so an instance that dies after the commit loses nothing: any
 * instance takes the job. Who is concerned is decided with what the transaction sees.
 */
@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly queue: WebhookQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `label` was just published in `tx`. When it became "latest", every profile that follows
   * "latest" now answers from it: catalog.published from the version before (null: none).
   */
  async catalogPublished(tx: PrismaTransaction, label: string): Promise<void> {
    const published = await publishedVersions(tx);
    const latest = pickLatest(published)?.label;
    const before = pickLatest(published.filter((version) => version.label !== label))?.label ?? null;
    if (latest !== label) return;
    const profiles = await tx.profile.findMany({ where: { versionId: null }, select: { name: true } });
    await this.emit(
      tx,
      'catalog.published',
      profiles.map(({ name }) => ({ profile: name, from: before, to: label })),
    );
  }

  /**
   * `label` was just deprecated in `tx`: catalog.deprecated for the profiles fixed to it, and
   * for those that follow "latest" when it was the latest, each pointed at what "latest" is
   * now (null: nothing else is published).
   */
  async catalogDeprecated(tx: PrismaTransaction, label: string): Promise<void> {
    const published = await publishedVersions(tx);
    const latest = pickLatest(published)?.label ?? null;
    const deprecated = await tx.catalogVersion.findUniqueOrThrow({
      where: { label },
      select: { id: true, label: true, publishedAt: true },
    });
    const versionId = deprecated.id;
    const wasLatest = pickLatest([...published, deprecated])?.label === label;
    const profiles = await tx.profile.findMany({
      where: wasLatest ? { OR: [{ versionId }, { versionId: null }] } : { versionId },
      select: { name: true },
      orderBy: { name: 'asc' },
    });
    await this.emit(
      tx,
      'catalog.deprecated',
      profiles.map(({ name }) => ({ profile: name, from: label, to: latest })),
    );
  }

  /**
   * A profile was edited in `tx`: profile.changed when what it answers changed (version,
   * parameter values, address sets, management networks), with both states.
   */
  async profileChanged(tx: PrismaTransaction, before: ProfileSnapshotRow, after: ProfileSnapshotRow): Promise<void> {
    const latest = before.version === null || after.version === null ? await latestLabel(tx) : null;
    const states = [stateOf(before, latest), stateOf(after, latest)] as const;
    if (!answersChanged(...states)) return;
    await this.emit(tx, 'profile.changed', [
      {
        profile: after.name,
        from: states[0].version,
        to: states[1].version,
        context: { before: states[0], after: states[1] },
      },
    ]);
  }

  private async emit(tx: PrismaTransaction, event: WebhookEvent, items: readonly ProfileEvent[]): Promise<void> {
    if (items.length === 0) return;
    const subscriptions = await tx.webhookSubscription.findMany({
      where: { events: { has: event } },
      select: { id: true, events: true, profiles: true },
    });
    const deliveries = subscriptions.flatMap((subscription) =>
      items
        .filter((item) => subscriptionWants(subscription, event, item.profile))
        .map((item) => ({
          id: randomUUID(),
          subscriptionId: subscription.id,
          event,
          profile: item.profile,
          fromVersion: item.from,
          toVersion: item.to,
          context: (item.context ?? undefined) as Prisma.InputJsonValue | undefined,
          attemptLimit: this.config.webhooks.maxAttempts,
          nextAttemptAt: new Date(),
        })),
    );
    if (deliveries.length === 0) return;
    await tx.webhookDelivery.createMany({ data: deliveries });
    await this.queue.enqueue(
      tx,
      deliveries.map(({ id }) => ({ deliveryId: id, attempt: 1 })),
    );
  }
}

function publishedVersions(tx: PrismaTransaction) {
  return tx.catalogVersion.findMany({ where: { status: 'published' }, select: { label: true, publishedAt: true } });
}

async function latestLabel(tx: PrismaTransaction): Promise<string | null> {
  return pickLatest(await publishedVersions(tx))?.label ?? null;
}

function stateOf(row: ProfileSnapshotRow, latest: string | null): ProfileState {
  return {
    version: row.version?.label ?? latest,
    followsLatest: row.version === null,
    params: (row.params ?? {}) as Record<string, unknown>,
    addresses: Object.fromEntries(row.addresses.map(({ role, ...set }) => [role, set])),
    management: { cidrs: row.managementCidrs, ports: row.managementPorts },
  };
}

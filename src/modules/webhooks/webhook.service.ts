import { isUUID } from 'class-validator';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { RendererRegistry } from '../../core/rendering/renderer-registry';
import type { Actor } from '../auth/actor';
import {
  checkWebhookTarget,
  checkWebhookUrl,
  systemLookup,
  WebhookUrlError,
  type HostLookup,
} from './delivery/webhook-url';
import { newWebhookSecret } from './delivery/webhook-signature';
import type { CreateWebhookInput } from './dto/create-webhook.input';
import type { WebhookDeliveryModel, WebhookModel, WebhookWithSecretModel } from './models/webhook.model';
import { SecretBox } from './secret-box';
import { WebhookRepository, type DeliveryRow, type SubscriptionRow } from './webhook.repository';

/**
 * How webhook host names are resolved: the system resolver. One instance, so that a test
 * of DNS rebinding can make a name resolve elsewhere between subscription and delivery.
 */
@Injectable()
export class HostResolver {
  lookup(hostname: string): ReturnType<HostLookup> {
    return systemLookup(hostname);
  }
}

/**
 * Webhook subscriptions and their delivery log, for REST and GraphQL alike. A URL is
 * checked when it is subscribed (scheme, and every address its name resolves to) and again
 * at each delivery, on the address actually connected to.
 */
@Injectable()
export class WebhookService {
  constructor(
    private readonly repository: WebhookRepository,
    private readonly renderers: RendererRegistry,
    private readonly secrets: SecretBox,
    private readonly resolver: HostResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<WebhookModel[]> {
    return (await this.repository.list()).map(toWebhookModel);
  }

  async get(id: string): Promise<WebhookModel> {
    return toWebhookModel(await this.require(id));
  }

  /** A new subscription; the answer is the only place its secret ever appears. */
  async create(input: CreateWebhookInput, actor: Actor): Promise<WebhookWithSecretModel> {
    const url = await this.checkUrl(input.url);
    const format = input.format ?? null;
    if (format !== null && this.renderers.get(format) === undefined) {
      const formats = this.renderers.all().map((renderer) => renderer.format);
      throw new ValidationFailedError('format', `unknown artifact format "${format}"; formats: ${formats.join(', ')}`, {
        formats,
      });
    }
    const secret = newWebhookSecret();
    const row = await this.repository.create(
      {
        url,
        events: [...input.events],
        profiles: [...(input.profiles ?? [])],
        format,
        description: input.description ?? '',
        secret: this.secrets.seal(secret),
      },
      actor,
    );
    return { ...toWebhookModel(row), secret };
  }

  async remove(id: string, actor: Actor): Promise<WebhookModel> {
    const row = isUUID(id) ? await this.repository.remove(id, actor) : null;
    if (row === null) throw notFound(id);
    return toWebhookModel(row);
  }

  /**
   * A new secret, shown once; the one it replaces goes on signing (a second `v1=`) for
   * WEBHOOK_SECRET_GRACE_SECONDS, so the receiver can switch without missing a delivery.
   */
  async rotateSecret(id: string, actor: Actor): Promise<WebhookWithSecretModel> {
    const secret = newWebhookSecret();
    const graceEnds = new Date(Date.now() + this.config.webhooks.secretGraceSeconds * 1000);
    const row = isUUID(id) ? await this.repository.rotate(id, this.secrets.seal(secret), graceEnds, actor) : null;
    if (row === null) throw notFound(id);
    return { ...toWebhookModel(row), secret };
  }

  async deliveries(id: string): Promise<WebhookDeliveryModel[]> {
    await this.require(id);
    return (await this.repository.listDeliveries(id)).map(toDeliveryModel);
  }

  /** Sends a delivered or failed delivery once more; 409 while it is still being tried. */
  async redeliver(id: string, deliveryId: string, actor: Actor): Promise<WebhookDeliveryModel> {
    await this.require(id);
    const row = isUUID(deliveryId) ? await this.repository.redeliver(id, deliveryId, actor) : null;
    if (row === null) {
      throw new NotFoundError('webhook-delivery', deliveryId, `webhook delivery "${deliveryId}" not found`);
    }
    if (row === 'pending') {
      throw new DomainError(
        ErrorCode.Conflict,
        `webhook delivery "${deliveryId}" is still pending: its next attempt is queued; redeliver it once it is delivered or failed`,
        { deliveryId, status: 'pending' },
      );
    }
    return toDeliveryModel(row);
  }

  private async require(id: string): Promise<SubscriptionRow> {
    const row = isUUID(id) ? await this.repository.find(id) : null;
    if (row === null) throw notFound(id);
    return row;
  }

  private async checkUrl(raw: string): Promise<string> {
    const policy = this.config.webhooks;
    try {
      const url = checkWebhookUrl(raw, policy);
      await checkWebhookTarget(url, policy, (hostname) => this.resolver.lookup(hostname));
      return url.toString();
    } catch (error) {
      if (error instanceof WebhookUrlError) throw new ValidationFailedError('url', error.message);
      throw error;
    }
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('webhook', id, `webhook "${id}" not found`);
}

function toWebhookModel(row: SubscriptionRow): WebhookModel {
  const graceActive = row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt.getTime() > Date.now();
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    profiles: row.profiles,
    format: row.format,
    description: row.description,
    previousSecretExpiresAt: graceActive ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
  };
}

function toDeliveryModel(row: DeliveryRow): WebhookDeliveryModel {
  const { subscriptionId: _subscription, attemptLimit: _limit, ...delivery } = row;
  return delivery;
}

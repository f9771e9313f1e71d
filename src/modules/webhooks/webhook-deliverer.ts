import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Metrics } from '../../common/observability/metrics';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { sendWebhook, type SendOutcome } from './delivery/webhook-sender';
import { signatureHeader } from './delivery/webhook-signature';
import { SecretBox } from './secret-box';
import { retryDelayMs } from './webhook-events';
import { WebhookPayloads } from './webhook-payload';
import { WebhookQueue, type DeliveryJob } from './webhook-queue';
import { WebhookRepository, type AttemptRow } from './webhook.repository';
import { HostResolver } from './webhook.service';

/** Of a receiver's answer, this much is read (and a line of it kept in the log). */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Makes delivery attempts as the queue hands them out, on as many workers as
 * WEBHOOK_DELIVERY_CONCURRENCY says (0: this instance sends nothing). An attempt signs the
 * delivery's body with the subscription's secrets (both during a rotation), POSTs it to the
 * address its URL resolves to now (checked again: DNS may have changed since it was
 * subscribed), and records how it went; a failed attempt queues the next one after a
 * backoff, in the same transaction, until the attempts run out.
 */
@Injectable()
export class WebhookDeliverer implements OnApplicationBootstrap {
  private readonly logger = new Logger('WebhookDeliverer');

  constructor(
    private readonly queue: WebhookQueue,
    private readonly repository: WebhookRepository,
    private readonly payloads: WebhookPayloads,
    private readonly secrets: SecretBox,
    private readonly metrics: Metrics,
    private readonly resolver: HostResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { deliveryConcurrency } = this.config.webhooks;
    if (deliveryConcurrency > 0) await this.queue.work(deliveryConcurrency, (job) => this.attempt(job));
  }

  /** One attempt; a job for an attempt that is recorded already (or a delivery gone) does nothing. */
  async attempt(job: DeliveryJob): Promise<void> {
    const delivery = await this.repository.findForAttempt(job.deliveryId);
    if (delivery === null || delivery.status !== 'pending' || delivery.attempts >= job.attempt) return;
    const body = delivery.body ?? (await this.repository.freezeBody(delivery.id, await this.payloads.build(delivery)));
    const startedAt = new Date();
    const sent = await this.send(delivery, job, body);
    const settled = sent.outcome === 'delivered' || job.attempt >= delivery.attemptLimit;
    const nextAttemptAt = settled
      ? null
      : new Date(Date.now() + retryDelayMs(job.attempt, this.config.webhooks.retryBaseMs));
    const recorded = await this.repository.recordAttempt(job, {
      startedAt,
      outcome: sent.outcome,
      statusCode: sent.statusCode,
      latencyMs: Math.round(sent.latencyMs),
      error: sent.error,
      nextAttemptAt,
    });
    if (!recorded) return;
    this.metrics.observeWebhookAttempt(delivery.event, sent.outcome, sent.latencyMs / 1000, settled);
    if (sent.outcome !== 'delivered') {
      this.logger.warn(
        `webhook delivery ${delivery.id} (${delivery.event}, profile ${delivery.profile}) attempt ${job.attempt}/${delivery.attemptLimit}: ${sent.error ?? `HTTP ${sent.statusCode}`}${settled ? '; marked failed' : ''}`,
      );
    }
  }

  private async send(delivery: AttemptRow, job: DeliveryJob, body: string): Promise<SendOutcome> {
    let secrets: string[];
    try {
      secrets = this.signingSecrets(delivery);
    } catch (error) {
      // A secret sealed with a WEBHOOK_SECRET_KEY this instance does not have: nothing is sent.
      return {
        outcome: 'failed',
        statusCode: null,
        latencyMs: 0,
        error: (error as Error).message,
        responseExcerpt: null,
      };
    }
    const timestamp = Math.floor(Date.now() / 1000);
    return sendWebhook({
      url: delivery.subscription.url,
      headers: {
        'x-webhook-event': delivery.event,
        'x-webhook-delivery': delivery.id,
        'x-webhook-attempt': String(job.attempt),
        'x-webhook-signature': signatureHeader(secrets, timestamp, body),
      },
      body,
      timeoutMs: this.config.webhooks.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      policy: this.config.webhooks,
      lookup: (hostname) => this.resolver.lookup(hostname),
    });
  }

  /** The current secret, then the one before it while its grace period lasts. */
  private signingSecrets(delivery: AttemptRow): string[] {
    const { secret, previousSecret, previousSecretExpiresAt } = delivery.subscription;
    const secrets = [this.secrets.open(secret)];
    if (previousSecret !== null && previousSecretExpiresAt !== null && previousSecretExpiresAt.getTime() > Date.now()) {
      secrets.push(this.secrets.open(previousSecret));
    }
    return secrets;
  }
}

import { Module } from '@nestjs/common';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookQueue } from './webhook-queue';

/**
 * What the modules that change catalogs and profiles need of webhooks: the outbox that
 * writes events in their transactions, and the queue under it. Delivery (which reads
 * flows and renders artifacts, and so depends on those modules) is WebhooksModule's.
 */
@Module({
  providers: [WebhookQueue, WebhookOutbox],
  exports: [WebhookQueue, WebhookOutbox],
})
export class WebhookOutboxModule {}

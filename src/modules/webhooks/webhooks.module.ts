import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditModule } from '../audit/audit.module';
import { FlowsModule } from '../flows/flows.module';
import { RenderingModule } from '../rendering/rendering.module';
import { SecretBox } from './secret-box';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookOutboxModule } from './webhook-outbox.module';
import { WebhookPayloads } from './webhook-payload';
import { WebhookController } from './webhook.controller';
import { WebhookRepository } from './webhook.repository';
import { WebhookResolver } from './webhook.resolver';
import { HostResolver, WebhookService } from './webhook.service';

/**
 * Webhooks: subscriptions and their delivery log (REST and GraphQL), and the deliverer
 * that takes attempts from the queue. The events themselves are written by the outbox
 * (WebhookOutboxModule) in the transactions of catalog and profile changes.
 */
@Module({
  imports: [AuditModule, FlowsModule, RenderingModule, WebhookOutboxModule],
  controllers: [WebhookController],
  providers: [
    WebhookService,
    WebhookResolver,
    WebhookRepository,
    WebhookPayloads,
    WebhookDeliverer,
    HostResolver,
    // The key was checked with the configuration (loadConfig).
    {
      provide: SecretBox,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => SecretBox.fromKey(config.webhooks.secretKey),
    },
  ],
})
export class WebhooksModule {}

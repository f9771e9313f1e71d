import { Module } from '@nestjs/common';
import { StartupError } from '../../common/startup-error';
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
    {
      provide: SecretBox,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        try {
          return SecretBox.fromKey(config.webhooks.secretKey);
        } catch (error) {
          throw new StartupError(`invalid configuration: ${(error as Error).message}`);
        }
      },
    },
  ],
})
export class WebhooksModule {}

import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireScope } from '../auth/require-scope.decorator';
import { CreateWebhookInput } from './dto/create-webhook.input';
import { WebhookDeliveryModel, WebhookModel, WebhookWithSecretModel } from './models/webhook.model';
import { WebhookService } from './webhook.service';

@Resolver(() => WebhookModel)
@RequireScope('admin')
export class WebhookResolver {
  constructor(private readonly service: WebhookService) {}

  @Query(() => [WebhookModel], { description: 'Webhook subscriptions, newest first, without their secrets (admin)' })
  webhooks(): Promise<WebhookModel[]> {
    return this.service.list();
  }

  @Query(() => WebhookModel, {
    nullable: true,
    description: 'One webhook subscription; null with a NOT_FOUND error when there is none (admin)',
  })
  webhook(@Args('id', { type: () => ID, description: "The subscription's id" }) id: string): Promise<WebhookModel> {
    return this.service.get(id);
  }

  @Query(() => [WebhookDeliveryModel], {
    description: "A subscription's delivery log: its latest 100 deliveries, newest first, with every attempt (admin)",
  })
  webhookDeliveries(
    @Args('id', { type: () => ID, description: "The subscription's id" }) id: string,
  ): Promise<WebhookDeliveryModel[]> {
    return this.service.deliveries(id);
  }

  @Mutation(() => WebhookWithSecretModel, {
    description: 'Subscribe a URL to events; the answer holds the signing secret, the only time it is shown (admin)',
  })
  createWebhook(
    @Args('input', { description: 'The URL, events, profiles and artifact format' }) input: CreateWebhookInput,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookWithSecretModel> {
    return this.service.create(input, actor);
  }

  @Mutation(() => WebhookModel, { description: 'Delete a subscription and its delivery log (admin)' })
  deleteWebhook(
    @Args('id', { type: () => ID, description: "The subscription's id" }) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookModel> {
    return this.service.remove(id, actor);
  }

  @Mutation(() => WebhookWithSecretModel, {
    description:
      'Replace the signing secret (shown once); the old one signs too for WEBHOOK_SECRET_GRACE_SECONDS (admin)',
  })
  rotateWebhookSecret(
    @Args('id', { type: () => ID, description: "The subscription's id" }) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookWithSecretModel> {
    return this.service.rotateSecret(id, actor);
  }

  @Mutation(() => WebhookDeliveryModel, {
    description: 'Send a delivered or failed delivery once more, now; CONFLICT while it is pending (admin)',
  })
  redeliverWebhookDelivery(
    @Args('id', { type: () => ID, description: "The subscription's id" }) id: string,
    @Args('deliveryId', { type: () => ID, description: 'The delivery id (X-Webhook-Delivery)' }) deliveryId: string,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookDeliveryModel> {
    return this.service.redeliver(id, deliveryId, actor);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { compareText } from '../../core/compare-text';
import { CURSOR_QUERY, LIMIT_QUERY, pageList, readNumberTextKey, type ListPaging } from '../../common/http/paging';
import { ApiErrorResponses, responseHeaders } from '../../common/openapi/api-responses';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireScope } from '../auth/require-scope.decorator';
import { CreateWebhookInput } from './dto/create-webhook.input';
import {
  WebhookDeliveryListModel,
  WebhookDeliveryModel,
  WebhookListModel,
  WebhookModel,
  WebhookWithSecretModel,
} from './models/webhook.model';
import { WebhookService } from './webhook.service';

const ID_PARAM = {
  name: 'id',
  description: "The subscription's id",
  schema: { type: 'string', format: 'uuid' },
} as const;
const DELIVERY_PARAM = {
  name: 'deliveryId',
  description: 'The delivery id (X-Webhook-Delivery)',
  schema: { type: 'string', format: 'uuid' },
} as const;

/** Subscriptions page in their list's order: newest first, then by id. */
const WEBHOOK_PAGING: ListPaging<WebhookModel, [number, string]> = {
  keyOf: (webhook) => [webhook.createdAt.getTime(), webhook.id],
  compare: ([timeA, idA], [timeB, idB]) => (timeA !== timeB ? timeB - timeA : compareText(idA, idB)),
  readKey: readNumberTextKey,
};

@ApiTags('webhooks')
@RequireScope('admin')
@Controller('api/v1/webhooks')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to catalog and profile events',
    description:
      'Events are POSTed signed (X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">). The answer holds the signing secret, the only time it is shown.',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretModel })
  @ApiErrorResponses(
    [
      400,
      'A bad URL (not https, a private or loopback address), event, profile name or format; the message names it (VALIDATION_FAILED)',
    ],
    413,
  )
  createWebhook(@Body() input: CreateWebhookInput, @CurrentActor() actor: Actor): Promise<WebhookWithSecretModel> {
    return this.webhooks.create(input, actor);
  }

  @Get()
  @ApiOperation({
    summary: 'Webhook subscriptions, newest first, without their secrets',
    description:
      'Each with its URL, events, profiles (empty: every profile), artifact format and rotation state; never a secret.',
  })
  @ApiQuery(LIMIT_QUERY)
  @ApiQuery(CURSOR_QUERY)
  @ApiOkResponse({ type: WebhookListModel, headers: responseHeaders('Link') })
  async listWebhooks(
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookListModel> {
    const { items, nextCursor } = pageList(reply, await this.webhooks.list(), WEBHOOK_PAGING, { limit, cursor });
    return { webhooks: items, nextCursor };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One webhook subscription, without its secret',
    description: 'Its URL, events, profiles, artifact format, and until when a rotated secret still signs.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookModel })
  @ApiErrorResponses([404, 'No such subscription (NOT_FOUND)'])
  getWebhook(@Param('id') id: string): Promise<WebhookModel> {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a webhook subscription and its delivery log; deliveries not yet sent never are',
    description: 'Attempts already queued find the delivery gone and send nothing. Audited as webhook.delete.',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses([404, 'No such subscription (NOT_FOUND)'])
  async deleteWebhook(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.webhooks.remove(id, actor);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the signing secret; the old one signs too for a grace period',
    description:
      'The answer holds the new secret, the only time it is shown. Until previousSecretExpiresAt (WEBHOOK_SECRET_GRACE_SECONDS) each delivery carries a v1= signature for each secret.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookWithSecretModel })
  @ApiErrorResponses([404, 'No such subscription (NOT_FOUND)'])
  rotateWebhookSecret(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<WebhookWithSecretModel> {
    return this.webhooks.rotateSecret(id, actor);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "The subscription's delivery log: the latest 100 deliveries with every attempt",
    description: 'Status, attempts, the last response code and latency, and when the next attempt is due.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookDeliveryListModel })
  @ApiErrorResponses([404, 'No such subscription (NOT_FOUND)'])
  async listWebhookDeliveries(@Param('id') id: string): Promise<WebhookDeliveryListModel> {
    return { deliveries: await this.webhooks.deliveries(id) };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a delivered or failed delivery once more, now, with the same body and delivery id',
    description:
      'One more attempt is queued at once; the log shows it like the others. A pending delivery is refused (409).',
  })
  @ApiParam(ID_PARAM)
  @ApiParam(DELIVERY_PARAM)
  @ApiAcceptedResponse({ type: WebhookDeliveryModel, description: 'Queued: the delivery is pending again' })
  @ApiErrorResponses(
    [404, 'No such subscription or delivery (NOT_FOUND)'],
    [409, 'The delivery is still pending (CONFLICT)'],
  )
  redeliverWebhookDelivery(
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookDeliveryModel> {
    return this.webhooks.redeliver(id, deliveryId, actor);
  }
}

import { compareText } from '../../core/compare-text';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponses, responseHeaders } from '../../common/openapi/api-responses';
import type { FastifyReply } from 'fastify';
import { CURSOR_QUERY, LIMIT_QUERY, pageList, readNumberTextKey, type ListPaging } from '../../common/http/paging';
import { CurrentActor, type Actor } from './actor';
import { ApiKeyService } from './api-key.service';
import { CreateApiKeyInput } from './dto/create-api-key.input';
import { ApiKeyListModel, CreatedApiKeyModel, type ApiKeyModel } from './models/api-key.model';
import { RequireScope } from './require-scope.decorator';

/** Keys page in their list's order: newest first, then by id. */
const API_KEY_PAGING: ListPaging<ApiKeyModel, [number, string]> = {
  keyOf: (key) => [key.createdAt.getTime(), key.id],
  compare: ([timeA, idA], [timeB, idB]) => (timeA !== timeB ? timeB - timeA : compareText(idA, idB)),
  readKey: readNumberTextKey,
};

@ApiTags('api-keys')
@RequireScope('admin')
@Controller('api/v1/api-keys')
export class ApiKeyController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key',
    description: 'The answer holds the key itself, the only time it is shown: only its hash is stored.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyModel })
  @ApiErrorResponses([400, 'A bad name, scope or expiry; the message names it (VALIDATION_FAILED)'], 413)
  createApiKey(@Body() input: CreateApiKeyInput, @CurrentActor() actor: Actor): Promise<CreatedApiKeyModel> {
    return this.apiKeys.createKey(input, actor);
  }

  @Get()
  @ApiOperation({
    summary: 'API keys, newest first, without their secrets',
    description: 'Each key with its name, scopes, expiry and when it was revoked or last used; never the key itself.',
  })
  @ApiQuery(LIMIT_QUERY)
  @ApiQuery(CURSOR_QUERY)
  @ApiOkResponse({ type: ApiKeyListModel, headers: responseHeaders('Link') })
  async listApiKeys(
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyListModel> {
    const { items, nextCursor } = pageList(reply, await this.apiKeys.listKeys(), API_KEY_PAGING, { limit, cursor });
    return { apiKeys: items, nextCursor };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API key: it stops working at once; revoking it again changes nothing',
    description: 'The key stays listed, with the time it was revoked, and in the audit trail.',
  })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrorResponses([400, 'The id is not a UUID (BAD_REQUEST)'], [404, 'No such key (NOT_FOUND)'])
  async revokeApiKey(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.apiKeys.revokeKey(id, actor);
  }
}

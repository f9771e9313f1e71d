import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-responses';
import { CurrentActor, type Actor } from './actor';
import { ApiKeyService } from './api-key.service';
import { CreateApiKeyInput } from './dto/create-api-key.input';
import { ApiKeyListModel, CreatedApiKeyModel } from './models/api-key.model';
import { RequireScope } from './require-scope.decorator';

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
  @ApiOkResponse({ type: ApiKeyListModel })
  async listApiKeys(): Promise<ApiKeyListModel> {
    return { apiKeys: await this.apiKeys.listKeys() };
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

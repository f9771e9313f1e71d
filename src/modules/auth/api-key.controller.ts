import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
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
  @ApiBadRequestResponse({ description: 'A bad name, scope or expiry; the message names it (VALIDATION_FAILED)' })
  createApiKey(@Body() input: CreateApiKeyInput, @CurrentActor() actor: Actor): Promise<CreatedApiKeyModel> {
    return this.apiKeys.createKey(input, actor);
  }

  @Get()
  @ApiOperation({ summary: 'API keys, newest first, without their secrets' })
  @ApiOkResponse({ type: ApiKeyListModel })
  async listApiKeys(): Promise<ApiKeyListModel> {
    return { apiKeys: await this.apiKeys.listKeys() };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key: it stops working at once; revoking it again changes nothing' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ description: 'No such key (NOT_FOUND)' })
  async revokeApiKey(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.apiKeys.revokeKey(id, actor);
  }
}

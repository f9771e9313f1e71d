import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor, type Actor } from './actor';
import { ApiKeyService } from './api-key.service';
import { CreateApiKeyInput } from './dto/create-api-key.input';
import { ApiKeyModel, CreatedApiKeyModel } from './models/api-key.model';
import { RequireScope } from './require-scope.decorator';

@Resolver(() => ApiKeyModel)
@RequireScope('admin')
export class ApiKeyResolver {
  constructor(private readonly apiKeyService: ApiKeyService) {}

  @Query(() => [ApiKeyModel], { description: 'API keys, newest first, without their secrets (admin)' })
  apiKeys(): Promise<ApiKeyModel[]> {
    return this.apiKeyService.listKeys();
  }

  @Mutation(() => CreatedApiKeyModel, {
    description: 'Create an API key; the answer holds the key itself, the only time it is shown (admin)',
  })
  createApiKey(
    @Args('input', { description: "The new key's name, scopes and expiry" }) input: CreateApiKeyInput,
    @CurrentActor() actor: Actor,
  ): Promise<CreatedApiKeyModel> {
    return this.apiKeyService.createKey(input, actor);
  }

  @Mutation(() => ApiKeyModel, { description: 'Revoke an API key; NOT_FOUND when there is none (admin)' })
  revokeApiKey(
    @Args('id', { type: () => ID, description: 'The id of the key (ApiKey.id)' }) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ApiKeyModel> {
    return this.apiKeyService.revokeKey(id, actor);
  }
}

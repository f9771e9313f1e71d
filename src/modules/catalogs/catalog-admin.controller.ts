import { Body, Controller, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { parseIfMatch } from '../../common/http/if-match';
import { RequiredBodyPipe } from '../../common/http/required-body.pipe';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireScope } from '../auth/require-scope.decorator';
import { CatalogAdminService } from './catalog-admin.service';
import { CatalogVersionModel, withoutInternalId } from './models/catalog-version.model';

@ApiTags('catalogs')
@Controller('api/v1/catalogs')
export class CatalogAdminController {
  constructor(private readonly admin: CatalogAdminService) {}

  @Post('import')
  @RequireScope('editor')
  @ApiOperation({
    summary:
      'A whole catalog document (YAML or JSON) as a new version: a draft (editor), or published with ?publish=true (publisher)',
  })
  @ApiConsumes('application/yaml', 'application/json')
  @ApiBody({ description: 'The catalog document (see the JSON Schema in the README)', schema: { type: 'object' } })
  @ApiQuery({ name: 'publish', required: false, type: Boolean })
  @ApiCreatedResponse({ type: CatalogVersionModel })
  async importCatalogVersion(
    @Body(new RequiredBodyPipe('a catalog document (YAML or JSON)')) document: unknown,
    @Query('publish') publish: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<CatalogVersionModel> {
    return withoutInternalId(await this.admin.importCatalog(document, publish === 'true', actor));
  }

  @Post(':version/publish')
  @HttpCode(200)
  @RequireScope('publisher')
  @ApiOperation({
    summary: 'Publish a draft: from then on it never changes; 409 if it is not a draft, 400 if a rule fails',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Publish only if the draft is at this version revision (what was reviewed); 412 otherwise',
  })
  @ApiQuery({
    name: 'force',
    required: false,
    type: Boolean,
    description: 'Publish even if profiles that follow "latest" would no longer fit it (409 otherwise)',
  })
  @ApiOkResponse({ type: CatalogVersionModel })
  async publishCatalogVersion(
    @Param('version') version: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Query('force') force: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<CatalogVersionModel> {
    const expected = parseIfMatch(ifMatch, 'a version revision');
    return withoutInternalId(await this.admin.publish(version, actor, expected, force === 'true'));
  }

  @Post(':version/deprecate')
  @HttpCode(200)
  @RequireScope('publisher')
  @ApiOperation({ summary: 'Deprecate a published version; 409 if it is not published' })
  @ApiOkResponse({ type: CatalogVersionModel })
  async deprecateCatalogVersion(
    @Param('version') version: string,
    @CurrentActor() actor: Actor,
  ): Promise<CatalogVersionModel> {
    return withoutInternalId(await this.admin.deprecate(version, actor));
  }
}

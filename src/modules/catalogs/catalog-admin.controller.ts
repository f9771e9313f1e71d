import { Body, Controller, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { parseIfMatch } from '../../common/http/if-match';
import { ApiErrorResponses } from '../../common/openapi/api-responses';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireScope } from '../auth/require-scope.decorator';
import { CatalogAdminService } from './catalog-admin.service';
import { CATALOG_DOCUMENT_REF } from './dto/catalog-document.openapi';
import { CatalogVersionModel, ImportedCatalogVersionModel, withoutInternalId } from './models/catalog-version.model';

@ApiTags('catalogs')
@Controller('api/v1/catalogs')
export class CatalogAdminController {
  constructor(private readonly admin: CatalogAdminService) {}

  @Post('import')
  @RequireScope('editor')
  @ApiOperation({
    summary:
      'A whole catalog document (YAML or JSON) as a new version: a draft (editor), or published with ?publish=true (publisher)',
    description:
      'Every rule of the document schema, the conditions and the publish checks apply; the first problem is a 400 ' +
      'naming it (POST /api/v1/catalogs/validate lists them all).',
  })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ description: 'The catalog document', schema: CATALOG_DOCUMENT_REF })
  @ApiQuery({
    name: 'publish',
    required: false,
    schema: { type: 'boolean', default: false },
    description: 'Publish the new version in the same step (needs the publisher scope)',
  })
  @ApiCreatedResponse({ type: ImportedCatalogVersionModel })
  @ApiErrorResponses([409, 'A version with this label exists (CONFLICT)'], 413)
  async importCatalogVersion(
    @Body(new RequiredBodyPipe('a catalog document (YAML or JSON)')) document: unknown,
    @Query('publish') publish: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ImportedCatalogVersionModel> {
    return withoutInternalId(await this.admin.importCatalog(document, publish === 'true', actor));
  }

  @Post(':version/publish')
  @HttpCode(200)
  @RequireScope('publisher')
  @ApiOperation({
    summary: 'Publish a draft: from then on it never changes; 409 if it is not a draft, 400 if a rule fails',
    description:
      'The publish checks run first (a 400 names the first that fails). If-Match makes it publish only what was ' +
      'reviewed. "latest" moves to it when its label is the highest.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Publish only if the draft is at this version revision (what was reviewed); 412 otherwise',
  })
  @ApiQuery({
    name: 'force',
    required: false,
    schema: { type: 'boolean', default: false },
    description: 'Publish even if profiles that follow "latest" would no longer fit it (409 otherwise)',
  })
  @ApiOkResponse({ type: CatalogVersionModel })
  @ApiErrorResponses(
    [404, 'No such catalog version (NOT_FOUND, kind catalog-version)'],
    [409, 'Not a draft, or profiles that follow "latest" would no longer fit it (CONFLICT)'],
    [412, 'The draft changed since the revision in If-Match (PRECONDITION_FAILED)'],
  )
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
  @ApiOperation({
    summary: 'Deprecate a published version; 409 if it is not published',
    description: 'The version is kept, unchanged, and stays readable by its label; its status becomes deprecated.',
  })
  @ApiOkResponse({ type: CatalogVersionModel })
  @ApiErrorResponses(
    [404, 'No such catalog version (NOT_FOUND, kind catalog-version)'],
    [409, 'The version is not published (CONFLICT)'],
  )
  async deprecateCatalogVersion(
    @Param('version') version: string,
    @CurrentActor() actor: Actor,
  ): Promise<CatalogVersionModel> {
    return withoutInternalId(await this.admin.deprecate(version, actor));
  }
}

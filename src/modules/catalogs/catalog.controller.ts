import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrorResponses, responseHeaders } from '../../common/openapi/api-responses';
import { CatalogService } from './catalog.service';
import { CATALOG_DOCUMENT_REF, VERSION_PARAM } from './dto/catalog-document.openapi';
import { ExportCatalogArgs } from './dto/export-catalog.args';
import { CatalogVersionDetailModel, CatalogVersionListModel, withoutInternalId } from './models/catalog-version.model';

const NOT_FOUND = [404, 'No such catalog version, or none published yet for "latest" (CATALOG_VERSION_NOT_FOUND)'] as [
  404,
  string,
];

@ApiTags('catalogs')
@Controller('api/v1/catalogs')
export class CatalogController {
  constructor(private readonly catalogs: CatalogService) {}

  @Get()
  @ApiOperation({
    operationId: 'listCatalogs',
    summary: 'Catalog versions, newest first',
    description: 'Every version with its label and status (draft, published, deprecated), without roles or flows.',
  })
  @ApiOkResponse({ type: CatalogVersionListModel })
  async listCatalogVersions(): Promise<CatalogVersionListModel> {
    return { catalogs: (await this.catalogs.listVersions()).map(withoutInternalId) };
  }

  @Get(':version')
  @ApiOperation({
    summary: 'One catalog version with its roles and parameters; "latest" is the newest published one',
    description:
      '"latest" is the published version with the highest label in semantic-version order; its parameters ' +
      'are the names a flow question may give values for.',
  })
  @ApiParam(VERSION_PARAM)
  @ApiOkResponse({ type: CatalogVersionDetailModel })
  @ApiErrorResponses(NOT_FOUND)
  async getCatalogVersion(@Param('version') version: string): Promise<CatalogVersionDetailModel> {
    return withoutInternalId(await this.catalogs.getVersionDetail(version));
  }

  @Get(':version/export')
  @ApiOperation({
    summary: 'The catalog document (YAML or JSON); importing it gives the same catalog',
    description:
      'The answer is an attachment named catalog-<version>.<format>; ?format chooses YAML (default) or JSON.',
  })
  @ApiParam(VERSION_PARAM)
  @ApiOkResponse({
    description: 'The catalog document, in the format asked for',
    headers: responseHeaders('Content-Disposition'),
    content: {
      'application/yaml': { schema: { type: 'string', description: 'The document as YAML text' } },
      'application/json': { schema: CATALOG_DOCUMENT_REF },
    },
  })
  @ApiErrorResponses(NOT_FOUND)
  @Header('Cache-Control', 'no-cache')
  async exportCatalogVersion(
    @Param('version') version: string,
    @Query() { format }: ExportCatalogArgs,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const label = await this.catalogs.resolveLabel(version);
    const body = await this.catalogs.exportVersion(label, format);
    void reply
      .type(format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="catalog-${label}.${format}"`);
    return body;
  }
}

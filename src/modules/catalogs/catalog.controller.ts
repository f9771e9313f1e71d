import { Controller, Get, Header, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NotAcceptableError, negotiateMediaType } from '../../common/http/content-negotiation';
import { addVary, withRevisionETag } from '../../common/http/conditional-response';
import { CURSOR_QUERY, LIMIT_QUERY, pageList, type ListPaging } from '../../common/http/paging';
import { ApiErrorResponses, responseHeaders } from '../../common/openapi/api-responses';
import { compareVersionsNewestFirst } from '../../core/catalog/version-label';
import { CatalogService, type CatalogExportFormat } from './catalog.service';
import { CATALOG_DOCUMENT_REF, VERSION_PARAM } from './dto/catalog-document.openapi';
import { ExportCatalogArgs } from './dto/export-catalog.args';
import {
  CatalogVersionDetailModel,
  CatalogVersionListModel,
  withoutInternalId,
  type CatalogVersionModel,
} from './models/catalog-version.model';

const NOT_FOUND = [
  404,
  'No such catalog version, or none published yet for "latest" (NOT_FOUND, kind catalog-version)',
] as [404, string];

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
  @ApiQuery(LIMIT_QUERY)
  @ApiQuery(CURSOR_QUERY)
  @ApiOkResponse({ type: CatalogVersionListModel, headers: responseHeaders('Link') })
  async listCatalogVersions(
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogVersionListModel> {
    const versions = (await this.catalogs.listVersions()).map(withoutInternalId);
    const { items, nextCursor } = pageList(reply, versions, CATALOG_VERSION_PAGING, { limit, cursor });
    return { catalogs: items, nextCursor };
  }

  @Get(':version')
  @ApiOperation({
    summary: 'One catalog version with its roles and parameters; "latest" is the newest published one',
    description:
      '"latest" is the published version with the highest label in semantic-version order; its parameters ' +
      'are the names a flow question may give values for.',
  })
  @ApiParam(VERSION_PARAM)
  @ApiOkResponse({ type: CatalogVersionDetailModel, headers: responseHeaders('ETag') })
  @ApiErrorResponses(NOT_FOUND)
  async getCatalogVersion(
    @Param('version') version: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogVersionDetailModel | undefined> {
    const detail = withoutInternalId(await this.catalogs.getVersionDetail(version));
    return withRevisionETag(reply, detail.revision, detail);
  }

  @Get(':version/export')
  @ApiOperation({
    summary: 'The catalog document (YAML or JSON); importing it gives the same catalog',
    description:
      'The answer is an attachment named catalog-<version>.<format>; ?format chooses YAML or JSON, and without it ' +
      'the Accept header does (YAML when it takes both).',
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
  @ApiErrorResponses(NOT_FOUND, [406, 'Without ?format, Accept takes neither YAML nor JSON (NOT_ACCEPTABLE)'])
  @Header('Cache-Control', 'no-cache')
  async exportCatalogVersion(
    @Param('version') version: string,
    @Query() { format: asked }: ExportCatalogArgs,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const format = asked ?? exportFormatFor(accept);
    // Without ?format= the answer depends on Accept: caches must key on it.
    if (asked === undefined) addVary(reply, 'Accept');
    const label = await this.catalogs.resolveLabel(version);
    const body = await this.catalogs.exportVersion(label, format);
    void reply
      .type(format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="catalog-${label}.${format}"`);
    return body;
  }
}

/** Versions page in their list's order (newest first), continuing after a label and rank time. */
const CATALOG_VERSION_PAGING: ListPaging<CatalogVersionModel, [string, number]> = {
  keyOf: (version) => [version.version, (version.publishedAt ?? version.createdAt).getTime()],
  compare: ([labelA, timeA], [labelB, timeB]) =>
    compareVersionsNewestFirst(
      { label: labelA, publishedAt: new Date(timeA) },
      { label: labelB, publishedAt: new Date(timeB) },
    ),
  readKey: (value) =>
    Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isSafeInteger(value[1])
      ? [value[0], value[1] as number]
      : undefined,
};

/** The media types a catalog document is sent as, YAML first (the default). */
const EXPORT_MEDIA_TYPES: Readonly<Record<string, CatalogExportFormat>> = {
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
  'application/json': 'json',
};

/** The export format the Accept header prefers (YAML when it allows anything); 406 when it allows neither. */
function exportFormatFor(accept: string | undefined): CatalogExportFormat {
  const chosen = negotiateMediaType(accept, Object.keys(EXPORT_MEDIA_TYPES));
  if (chosen === undefined) throw new NotAcceptableError(accept ?? '', ['application/yaml', 'application/json']);
  return EXPORT_MEDIA_TYPES[chosen];
}

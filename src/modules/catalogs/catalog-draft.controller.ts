import { compareText } from '../../core/compare-text';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CatalogEntity } from '../../core/catalog/catalog-edit';
import { DomainError, ValidationFailedError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { revisionETag, withRevisionETag } from '../../common/http/conditional-response';
import { parseIfMatch, type ExpectedRevision } from '../../common/http/if-match';
import { ApiErrorResponses, responseHeaders } from '../../common/openapi/api-responses';
import { CURSOR_QUERY, LIMIT_QUERY, pageList, readNumberTextKey, type ListPaging } from '../../common/http/paging';
import { RequiredBodyPipe } from '../../common/http/required-body.pipe';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireScope } from '../auth/require-scope.decorator';
import { CatalogAdminService } from './catalog-admin.service';
import { CatalogDraftService, type CatalogRowModel } from './catalog-draft.service';
import { CATALOG_DOCUMENT_REF, CATALOG_ITEM_SCHEMAS } from './dto/catalog-document.openapi';
import { NewDraftInput, ValidationReportModel } from './dto/draft.input';
import { FlowImportArgs } from './dto/flow-import.args';
import { CatalogVersionModel, withoutInternalId } from './models/catalog-version.model';
import { FlowDefinitionListModel, FlowDefinitionModel, FlowImportPreview } from './models/flow-definition.model';
import { ParameterModel } from './models/parameter.model';
import { RoleDefinitionModel } from './models/role.model';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description:
    'Write only if the row is at this revision ("3"); 412 otherwise. A "revision" field in the body does the same.',
};
const ITEM_SCHEMAS = CATALOG_ITEM_SCHEMAS;
const WITH_ETAG = { headers: responseHeaders('ETag') };
/** What each body must be, for the message when it is empty. */
const DOCUMENT = 'a catalog document (YAML or JSON)';
const NEW_DRAFT = '{"version": "...", "cloneFrom": "..."} or a catalog document';
const ITEM_BODIES = {
  role: 'a role such as {"id": "bastion", "name": "Bastion host"}',
  parameter: 'a parameter such as {"name": "proxy", "type": "boolean", "default": false}',
  flow: 'a flow such as {"source": "node", "destination": "master", "protocol": "tcp", "ports": "6443", "component": "..."}',
};
/** Flows page in catalog order: by position (new rows go last), then key. */
const FLOW_DEFINITION_PAGING: ListPaging<{ position: number; flow: FlowDefinitionModel }, [number, string]> = {
  keyOf: ({ position, flow }) => [position, flow.key],
  compare: ([positionA, keyA], [positionB, keyB]) =>
    positionA !== positionB ? positionA - positionB : compareText(keyA, keyB),
  readKey: readNumberTextKey,
};
const WITH_REVISION = { revision: { type: 'integer', description: 'Same as If-Match' } };
const CONFLICT = 'The version is not a draft, the key exists, or the row is still used (CONFLICT)';
const STALE = 'If-Match or revision does not hold: the row changed since it was read (PRECONDITION_FAILED)';
const NO_VERSION = 'No such catalog version (NOT_FOUND, kind catalog-version)';
const NO_ROW = 'No such catalog version, or no such row in it (NOT_FOUND; details.kind says which)';

/**
 * Drafts and their rows over REST. Edits need `editor`; each answers with the row as it now
 * is, its revision also in the ETag. The paths are the contract's:
 * `POST|PUT|DELETE /api/v1/catalogs/{version}/flows[/{key}]`, likewise roles and parameters.
 */
@ApiTags('catalog drafts')
@ApiExtraModels(NewDraftInput)
@Controller('api/v1/catalogs')
export class CatalogDraftController {
  constructor(
    private readonly drafts: CatalogDraftService,
    private readonly admin: CatalogAdminService,
  ) {}

  @Post()
  @RequireScope('editor')
  @ApiOperation({
    summary: 'A new draft: {"version", "cloneFrom"} copies a version, {"version"} starts empty, a document is imported',
    description:
      'A body with roles, parameters or flows is a whole catalog document and is imported as a draft (as POST /api/v1/catalogs/import; YAML with Content-Type application/yaml works too).',
  })
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(NewDraftInput) }, CATALOG_DOCUMENT_REF] } })
  @ApiCreatedResponse({ type: CatalogVersionModel })
  @ApiErrorResponses(
    [404, 'cloneFrom names no catalog version (NOT_FOUND, kind catalog-version)'],
    [409, 'A version with this label exists (CONFLICT)'],
    413,
  )
  async createCatalogVersion(
    @Body(new RequiredBodyPipe(NEW_DRAFT)) body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<CatalogVersionModel> {
    if (isDocument(body)) return withoutInternalId(await this.admin.importCatalog(body, false, actor));
    return withoutInternalId(await this.drafts.createDraft(await NewDraftInput.read(body), actor));
  }

  @Post('validate')
  @HttpCode(200)
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Check a catalog document (YAML or JSON) with every rule, without storing it',
    description:
      'The answer lists every problem with its path in the document; a document with problems is still a 200 ' +
      '(valid: false). Only a body that is not a document at all is a 400.',
  })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ schema: CATALOG_DOCUMENT_REF })
  @ApiOkResponse({ type: ValidationReportModel })
  @ApiErrorResponses(413)
  validateCatalogDocument(@Body(new RequiredBodyPipe(DOCUMENT)) document: unknown): ValidationReportModel {
    return this.drafts.validateDocument(document);
  }

  @Put(':version')
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Replace a draft with a whole document (YAML or JSON); only the rows that differ are written',
    description: "Rows keep their revisions when unchanged; the document must carry the draft's own version label.",
  })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ description: 'The catalog document, with the same version label', schema: CATALOG_DOCUMENT_REF })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Replace only if the draft is at this version revision; 412 otherwise',
  })
  @ApiOkResponse({ type: CatalogVersionModel })
  @ApiErrorResponses(
    [404, NO_VERSION],
    [409, 'Not a draft (CONFLICT)'],
    [412, 'The draft changed since that revision (PRECONDITION_FAILED)'],
    413,
  )
  async replaceCatalogVersion(
    @Param('version') version: string,
    @Body(new RequiredBodyPipe(DOCUMENT)) document: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<CatalogVersionModel> {
    const expected = parseIfMatch(ifMatch, 'a version revision');
    return withoutInternalId(await this.drafts.replaceDocument(version, document, expected, actor));
  }

  @Delete(':version')
  @HttpCode(204)
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Discard a draft; published versions stay (deprecate them)',
    description: 'The draft and its rows are deleted; a version that profiles follow cannot be discarded (409).',
  })
  @ApiNoContentResponse({ description: 'Discarded' })
  @ApiErrorResponses([404, NO_VERSION], [409, 'Not a draft, or profiles follow it (CONFLICT)'])
  async deleteCatalogVersion(@Param('version') version: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.drafts.deleteDraft(version, actor);
  }

  @Get(':version/validation')
  @ApiOperation({
    summary: 'Check a stored version with every rule of an import',
    description:
      'The same report as POST /api/v1/catalogs/validate, for a version already stored (useful before publishing a draft).',
  })
  @ApiOkResponse({ type: ValidationReportModel })
  @ApiErrorResponses([404, NO_VERSION])
  validateCatalogVersion(@Param('version') version: string): Promise<ValidationReportModel> {
    return this.drafts.validate(version);
  }

  // Roles

  @Get(':version/roles/:id')
  @ApiOperation({
    summary: 'One role with its revision (also the ETag)',
    description: 'A role of any version, as the catalog writes it.',
  })
  @ApiOkResponse({ type: RoleDefinitionModel, ...WITH_ETAG })
  @ApiErrorResponses([404, NO_ROW])
  getRole(@Param('version') version: string, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.read(version, 'role', id, reply);
  }

  @Post(':version/roles')
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Add a role to a draft',
    description:
      'The row is checked as in a catalog document (names, conditions, ports); the answer carries its new revision, also in the ETag.',
  })
  @ApiBody({ schema: ITEM_SCHEMAS.role })
  @ApiCreatedResponse({ type: RoleDefinitionModel, ...WITH_ETAG })
  @ApiErrorResponses([404, NO_VERSION], [409, CONFLICT], 413)
  createRole(
    @Param('version') version: string,
    @Body(new RequiredBodyPipe(ITEM_BODIES.role)) body: unknown,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.create(version, 'role', body, actor, reply);
  }

  @Put(':version/roles/:id')
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Replace a role of a draft; a new id renames it, and flows and inclusions follow',
    description:
      'The row is checked as in a catalog document (names, conditions, ports); the answer carries its new revision, also in the ETag.',
  })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: withRevision(ITEM_SCHEMAS.role) })
  @ApiOkResponse({ type: RoleDefinitionModel, ...WITH_ETAG })
  @ApiErrorResponses([404, NO_ROW], [409, CONFLICT], [412, STALE], 413)
  replaceRole(
    @Param('version') version: string,
    @Param('id') id: string,
    @Body(new RequiredBodyPipe(ITEM_BODIES.role)) body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.replace(version, 'role', id, body, ifMatch, actor, reply);
  }

  @Delete(':version/roles/:id')
  @HttpCode(204)
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Delete a role of a draft; 409 while flows or roles use it',
    description: 'With If-Match (or nothing), the role is deleted if no flow or role refers to it.',
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses([404, NO_ROW], [409, CONFLICT], [412, STALE])
  async deleteRole(
    @Param('version') version: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.drafts.edit(version, { op: 'delete', entity: 'role', key: id }, parseIfMatch(ifMatch), actor);
  }

  // Parameters

  @Get(':version/parameters/:name')
  @ApiOperation({
    summary: 'One parameter with its revision (also the ETag)',
    description: 'A parameter of any version, with its type, allowed values and default.',
  })
  @ApiOkResponse({ type: ParameterModel, ...WITH_ETAG })
  @ApiErrorResponses([404, NO_ROW])
  getParameter(
    @Param('version') version: string,
    @Param('name') name: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.read(version, 'parameter', name, reply);
  }

  @Post(':version/parameters')
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Add a parameter to a draft',
    description:
      'The row is checked as in a catalog document (names, conditions, ports); the answer carries its new revision, also in the ETag.',
  })
  @ApiBody({ schema: ITEM_SCHEMAS.parameter })
  @ApiCreatedResponse({ type: ParameterModel, ...WITH_ETAG })
  @ApiErrorResponses([404, NO_VERSION], [409, CONFLICT], 413)
  createParameter(
    @Param('version') version: string,
    @Body(new RequiredBodyPipe(ITEM_BODIES.parameter)) body: unknown,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.create(version, 'parameter', body, actor, reply);
  }

  @Put(':version/parameters/:name')
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Replace a parameter of a draft; conditions using it must still type-check',
    description:
      'The row is checked as in a catalog document (names, conditions, ports); the answer carries its new revision, also in the ETag.',
  })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: withRevision(ITEM_SCHEMAS.parameter) })
  @ApiOkResponse({ type: ParameterModel, ...WITH_ETAG })
  @ApiErrorResponses([404, NO_ROW], [409, CONFLICT], [412, STALE], 413)
  replaceParameter(
    @Param('version') version: string,
    @Param('name') name: string,
    @Body(new RequiredBodyPipe(ITEM_BODIES.parameter)) body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.replace(version, 'parameter', name, body, ifMatch, actor, reply);
  }

  @Delete(':version/parameters/:name')
  @HttpCode(204)
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Delete a parameter of a draft; 409 while conditions or ports use it',
    description: 'With If-Match (or nothing), the parameter is deleted if no condition or port range refers to it.',
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses([404, NO_ROW], [409, CONFLICT], [412, STALE])
  async deleteParameter(
    @Param('version') version: string,
    @Param('name') name: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.drafts.edit(version, { op: 'delete', entity: 'parameter', key: name }, parseIfMatch(ifMatch), actor);
  }

  // Flows (GET /{version}/flows is the flow query; the rows as written are /flow-definitions)

  @Get(':version/flow-definitions')
  @ApiOperation({
    summary: 'The flows as the catalog writes them, with their revisions',
    description: 'The catalog rows (not the resolved flows of a question: see GET /api/v1/catalogs/{version}/flows).',
  })
  @ApiQuery(LIMIT_QUERY)
  @ApiQuery(CURSOR_QUERY)
  @ApiOkResponse({ type: FlowDefinitionListModel, headers: responseHeaders('Link') })
  @ApiErrorResponses([404, NO_VERSION])
  async listFlowDefinitions(
    @Param('version') version: string,
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FlowDefinitionListModel> {
    const rows = await this.drafts.listFlowDefinitions(version);
    const { items, nextCursor } = pageList(reply, rows, FLOW_DEFINITION_PAGING, { limit, cursor });
    return { flows: items.map((row) => row.flow), nextCursor };
  }

  @Post(':version/flows/import')
  @HttpCode(200)
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Flows from tables shaped like the Network Access document (Markdown or CSV), with a preview',
    description:
      'With dryRun=true nothing is written and the answer shows what would change. Rows that describe a flow the ' +
      'draft has keep its key. Any unreadable row, or a result that breaks a rule, is a 400 and writes nothing.',
  })
  @ApiConsumes('text/markdown', 'text/csv', 'text/plain')
  @ApiBody({ schema: { type: 'string' } })
  @ApiOkResponse({ type: FlowImportPreview })
  @ApiErrorResponses([404, NO_VERSION], [409, 'The version is not a draft (CONFLICT)'], 413)
  importFlowTables(
    @Param('version') version: string,
    @Query() query: FlowImportArgs,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<FlowImportPreview> {
    if (typeof body !== 'string') {
      throw new DomainError(
        ErrorCode.BadRequest,
        'send the tables as the body, with Content-Type text/markdown, text/csv or text/plain',
      );
    }
    const format = query.format ?? (contentType?.startsWith('text/csv') ? 'csv' : 'markdown');
    const options = { format, mode: query.mode ?? 'replace', dryRun: String(query.dryRun) === 'true' } as const;
    return this.drafts.importFlowTables(version, body, options, actor);
  }

  @Get(':version/flows/:key')
  @ApiOperation({
    summary: 'One flow as the catalog writes it, with its revision (also the ETag)',
    description: 'The catalog row of a flow key, with its condition and ports as written.',
  })
  @ApiOkResponse({ type: FlowDefinitionModel, ...WITH_ETAG })
  @ApiErrorResponses([404, NO_ROW])
  getFlowDefinition(
    @Param('version') version: string,
    @Param('key') key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.read(version, 'flow', key, reply);
  }

  @Post(':version/flows')
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Add a flow to a draft; without a key, one is derived from the flow',
    description:
      'The row is checked as in a catalog document (names, conditions, ports); the answer carries its new revision, also in the ETag.',
  })
  @ApiBody({ schema: ITEM_SCHEMAS.flow })
  @ApiCreatedResponse({ type: FlowDefinitionModel, ...WITH_ETAG })
  @ApiErrorResponses([404, NO_VERSION], [409, CONFLICT], 413)
  createFlow(
    @Param('version') version: string,
    @Body(new RequiredBodyPipe(ITEM_BODIES.flow)) body: unknown,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.create(version, 'flow', body, actor, reply);
  }

  @Put(':version/flows/:key')
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Replace a flow of a draft; a new key renames it',
    description:
      'The row is checked as in a catalog document (names, conditions, ports); the answer carries its new revision, also in the ETag.',
  })
  @ApiHeader(IF_MATCH)
  @ApiBody({ schema: withRevision(ITEM_SCHEMAS.flow) })
  @ApiOkResponse({ type: FlowDefinitionModel, ...WITH_ETAG })
  @ApiErrorResponses([404, NO_ROW], [409, CONFLICT], [412, STALE], 413)
  replaceFlow(
    @Param('version') version: string,
    @Param('key') key: string,
    @Body(new RequiredBodyPipe(ITEM_BODIES.flow)) body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.replace(version, 'flow', key, body, ifMatch, actor, reply);
  }

  @Delete(':version/flows/:key')
  @HttpCode(204)
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Delete a flow of a draft',
    description: 'With If-Match (or nothing), the flow row is deleted.',
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses([404, NO_ROW], [409, CONFLICT], [412, STALE])
  async deleteFlow(
    @Param('version') version: string,
    @Param('key') key: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.drafts.edit(version, { op: 'delete', entity: 'flow', key }, parseIfMatch(ifMatch), actor);
  }

  private async read(version: string, entity: CatalogEntity, key: string, reply: FastifyReply) {
    const row = await this.drafts.getRow(version, entity, key);
    return withRevisionETag(reply, row.revision, row);
  }

  private async create(version: string, entity: CatalogEntity, body: unknown, actor: Actor, reply: FastifyReply) {
    const { item } = splitRevision(body);
    return withETag(reply, (await this.drafts.edit(version, { op: 'create', entity, item }, undefined, actor))!);
  }

  private async replace(
    version: string,
    entity: CatalogEntity,
    key: string,
    body: unknown,
    ifMatch: string | undefined,
    actor: Actor,
    reply: FastifyReply,
  ) {
    const { item, revision } = splitRevision(body);
    const expected = parseIfMatch(ifMatch) ?? revision;
    return withETag(reply, (await this.drafts.edit(version, { op: 'replace', entity, key, item }, expected, actor))!);
  }
}

/** A body with roles or flows is a whole document; YAML text is one too. */
function isDocument(body: unknown): boolean {
  if (typeof body === 'string') return true;
  return typeof body === 'object' && body !== null && ('roles' in body || 'flows' in body || 'parameters' in body);
}

/**
 * The item of a write and the revision it was based on: the body may be what a GET
 * returned, whose `revision` is the expectation.
 */
export function splitRevision(body: unknown): { item: unknown; revision: ExpectedRevision | undefined } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { item: body, revision: undefined };
  const { revision, ...rest } = body as Record<string, unknown>;
  if (revision !== undefined && revision !== null && !(Number.isInteger(revision) && (revision as number) > 0)) {
    throw new ValidationFailedError('revision', 'revision must be a positive whole number');
  }
  return { item: rest, revision: typeof revision === 'number' ? revision : undefined };
}

/** A written row with its ETag, the one a GET of it sends. */
function withETag<T extends CatalogRowModel>(reply: FastifyReply, row: T): T {
  void reply.header('ETag', revisionETag(row.revision, row));
  return row;
}

function withRevision(schema: object): object {
  const base = schema as { properties: Record<string, unknown> };
  return { ...base, properties: { ...base.properties, ...WITH_REVISION } };
}

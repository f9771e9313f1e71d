import { CatalogDocumentFormat, FlowImportMode, FlowTableFormat } from './dto/catalog-formats.enum';
import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { CatalogEdit, CatalogEntity } from '../../core/catalog/catalog-edit';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireScope } from '../auth/require-scope.decorator';
import { CatalogAdminService } from './catalog-admin.service';
import { CatalogDraftService } from './catalog-draft.service';
import { CatalogService } from './catalog.service';
import { CatalogVersionLoader } from './catalog-version.loader';
import { FlowDefinitionInput, ParameterInput, RoleInput } from './dto/catalog-row.input';
import { NewDraftInput, ValidationReportModel } from './dto/draft.input';
import { CatalogProblemModel } from './models/catalog-problem.model';
import { CatalogVersionModel, type ImportedCatalogVersionModel } from './models/catalog-version.model';
import { FlowDefinitionModel, FlowImportPreview } from './models/flow-definition.model';
import { ImportFlowTablesArgs } from './dto/flow-import.args';
import { ParameterModel } from './models/parameter.model';
import { RoleDefinitionModel } from './models/role.model';

const EXPECTED_REVISION = {
  type: () => Int,
  nullable: true,
  description: 'Write only if the row is at this revision (like REST If-Match); PRECONDITION_FAILED otherwise',
} as const;

/**
 * The admin REST operations as GraphQL mutations, over the same services: a draft's life
 * (create, clone, import, edit, validate, publish, deprecate, discard) with the same
 * scopes, checks and errors.
 */
@Resolver(() => CatalogVersionModel)
export class CatalogAdminResolver {
  constructor(
    private readonly drafts: CatalogDraftService,
    private readonly admin: CatalogAdminService,
    private readonly catalogs: CatalogService,
    private readonly loader: CatalogVersionLoader,
  ) {}

  @Mutation(() => CatalogVersionModel, { description: 'A new draft, empty or cloned from cloneFrom (editor)' })
  @RequireScope('editor')
  createCatalogVersion(
    @Args('input', { description: 'The new label, and the version to clone' }) input: NewDraftInput,
    @CurrentActor() actor: Actor,
  ) {
    return this.drafts.createDraft(input, actor);
  }

  @Mutation(() => CatalogVersionModel, {
    description: 'A whole catalog document (YAML or JSON text) as a new draft (editor), or published (publisher)',
  })
  @RequireScope('editor')
  importCatalog(
    @Args('document', { description: 'A whole catalog document, YAML or JSON text' }) document: string,
    @Args('publish', { defaultValue: false, description: 'Publish it in the same step (publisher)' }) publish: boolean,
    @CurrentActor() actor: Actor,
  ) {
    return this.admin.importCatalog(document, publish, actor);
  }

  @Mutation(() => CatalogVersionModel, { description: 'Publish a draft after checking it (publisher)' })
  @RequireScope('publisher')
  publishCatalogVersion(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('expectedRevision', { ...EXPECTED_REVISION, description: 'Publish only the draft at this revision' })
    expectedRevision: number | null | undefined,
    @Args('force', {
      defaultValue: false,
      description: 'Publish even if profiles that follow "latest" would no longer fit it',
    })
    force: boolean,
    @CurrentActor() actor: Actor,
  ) {
    return this.admin.publish(version, actor, expectedRevision ?? undefined, force);
  }

  @Mutation(() => CatalogVersionModel, { description: 'Deprecate a published version (publisher)' })
  @RequireScope('publisher')
  deprecateCatalogVersion(
    @Args('version', { description: 'The label of a published version' }) version: string,
    @CurrentActor() actor: Actor,
  ) {
    return this.admin.deprecate(version, actor);
  }

  @Mutation(() => CatalogVersionModel, {
    description:
      'Replace a draft with a whole document (YAML or JSON text); only rows that differ are written (editor)',
  })
  @RequireScope('editor')
  replaceCatalogDocument(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('document', { description: 'The whole new document, YAML or JSON text; its version must be this label' })
    document: string,
    @Args('expectedRevision', { ...EXPECTED_REVISION, description: 'Replace only the draft at this revision' })
    expectedRevision: number | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.drafts.replaceDocument(version, document, expectedRevision ?? undefined, actor);
  }

  @Mutation(() => Boolean, { description: 'Discard a draft (editor)' })
  @RequireScope('editor')
  async deleteCatalogVersion(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @CurrentActor() actor: Actor,
  ): Promise<boolean> {
    await this.drafts.deleteDraft(version, actor);
    return true;
  }

  @Mutation(() => FlowImportPreview, {
    description: 'Flows from Markdown or CSV tables shaped like the Network Access document; dryRun previews (editor)',
  })
  @RequireScope('editor')
  importFlowTables(@Args() args: ImportFlowTablesArgs, @CurrentActor() actor: Actor): Promise<FlowImportPreview> {
    const options = {
      format: args.format ?? FlowTableFormat.markdown,
      mode: args.mode ?? FlowImportMode.replace,
      dryRun: args.dryRun === true,
    };
    return this.drafts.importFlowTables(args.version, args.tables, options, actor);
  }

  @Query(() => ValidationReportModel, {
    nullable: true,
    description:
      'Every rule of an import, applied to a stored version; null with NOT_FOUND in errors when there is none',
  })
  validateCatalog(
    @Args('version', { description: 'A version label or "latest"' }) version: string,
  ): Promise<ValidationReportModel> {
    return this.drafts.validate(version);
  }

  @Query(() => ValidationReportModel, {
    description:
      'Every rule of an import, applied to a catalog document (YAML or JSON text) without storing it (editor)',
  })
  // Reading a large document costs seconds: as on REST, only editors may ask.
  @RequireScope('editor')
  validateCatalogDocument(
    @Args('document', { description: 'A catalog document, YAML or JSON text' }) document: string,
  ): ValidationReportModel {
    return this.drafts.validateDocument(document);
  }

  @ResolveField(() => String, {
    description: 'The catalog document (like REST export); importing it gives the same catalog',
  })
  document(
    @Parent() version: CatalogVersionModel,
    @Args('format', {
      type: () => CatalogDocumentFormat,
      defaultValue: CatalogDocumentFormat.yaml,
      description: 'The text form of the document',
    })
    format: CatalogDocumentFormat,
  ): Promise<string> {
    return this.catalogs.exportVersion(version.version, format);
  }

  @ResolveField(() => [CatalogProblemModel], {
    description:
      "Findings that do not make the catalog invalid, e.g. rows repeating another row (one port under two components): in an import's answer the document's, in its row numbers; otherwise the stored rows' (as validateCatalog)",
  })
  async warnings(@Parent() version: CatalogVersionModel | ImportedCatalogVersionModel): Promise<CatalogProblemModel[]> {
    if ('warnings' in version) return version.warnings;
    return (await this.drafts.validate(version.version)).warnings;
  }

  @ResolveField(() => [FlowDefinitionModel], { description: 'The flows as the catalog writes them, with revisions' })
  flowDefinitions(@Parent() version: CatalogVersionModel): Promise<FlowDefinitionModel[]> {
    return this.loader.flowDefinitions.load(version.id);
  }

  @Mutation(() => RoleDefinitionModel, { description: 'Add a role to a draft (editor)' })
  @RequireScope('editor')
  createRole(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('input', { description: 'The item as the catalog document writes it' }) input: RoleInput,
    @CurrentActor() actor: Actor,
  ) {
    return this.edit(version, { op: 'create', entity: 'role', item: input }, undefined, actor);
  }

  @Mutation(() => RoleDefinitionModel, { description: 'Replace a role of a draft; a new id renames it (editor)' })
  @RequireScope('editor')
  updateRole(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('id', { description: 'The id of the role to replace' }) id: string,
    @Args('input', { description: 'The item as the catalog document writes it' }) input: RoleInput,
    @Args('expectedRevision', EXPECTED_REVISION) expectedRevision: number | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.edit(version, { op: 'replace', entity: 'role', key: id, item: input }, expectedRevision, actor);
  }

  @Mutation(() => Boolean, { description: 'Delete a role of a draft; CONFLICT while it is used (editor)' })
  @RequireScope('editor')
  deleteRole(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('id', { description: 'The id of the role to delete' }) id: string,
    @Args('expectedRevision', EXPECTED_REVISION) expectedRevision: number | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.remove(version, 'role', id, expectedRevision, actor);
  }

  @Mutation(() => ParameterModel, { description: 'Add a parameter to a draft (editor)' })
  @RequireScope('editor')
  createParameter(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('input', { description: 'The item as the catalog document writes it' }) input: ParameterInput,
    @CurrentActor() actor: Actor,
  ) {
    return this.edit(version, { op: 'create', entity: 'parameter', item: input }, undefined, actor);
  }

  @Mutation(() => ParameterModel, { description: 'Replace a parameter of a draft (editor)' })
  @RequireScope('editor')
  updateParameter(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('name', { description: 'The name of the parameter to replace' }) name: string,
    @Args('input', { description: 'The item as the catalog document writes it' }) input: ParameterInput,
    @Args('expectedRevision', EXPECTED_REVISION) expectedRevision: number | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.edit(version, { op: 'replace', entity: 'parameter', key: name, item: input }, expectedRevision, actor);
  }

  @Mutation(() => Boolean, { description: 'Delete a parameter of a draft; CONFLICT while it is used (editor)' })
  @RequireScope('editor')
  deleteParameter(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('name', { description: 'The name of the parameter to delete' }) name: string,
    @Args('expectedRevision', EXPECTED_REVISION) expectedRevision: number | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.remove(version, 'parameter', name, expectedRevision, actor);
  }

  @Mutation(() => FlowDefinitionModel, { description: 'Add a flow to a draft (editor)' })
  @RequireScope('editor')
  createFlow(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('input', { description: 'The item as the catalog document writes it' }) input: FlowDefinitionInput,
    @CurrentActor() actor: Actor,
  ) {
    return this.edit(version, { op: 'create', entity: 'flow', item: input }, undefined, actor);
  }

  @Mutation(() => FlowDefinitionModel, { description: 'Replace a flow of a draft; a new key renames it (editor)' })
  @RequireScope('editor')
  updateFlow(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('key', { description: 'The key of the flow to replace' }) key: string,
    @Args('input', { description: 'The item as the catalog document writes it' }) input: FlowDefinitionInput,
    @Args('expectedRevision', EXPECTED_REVISION) expectedRevision: number | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.edit(version, { op: 'replace', entity: 'flow', key, item: input }, expectedRevision, actor);
  }

  @Mutation(() => Boolean, { description: 'Delete a flow of a draft (editor)' })
  @RequireScope('editor')
  deleteFlow(
    @Args('version', { description: 'The label of a draft catalog version' }) version: string,
    @Args('key', { description: 'The key of the flow to delete' }) key: string,
    @Args('expectedRevision', EXPECTED_REVISION) expectedRevision: number | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.remove(version, 'flow', key, expectedRevision, actor);
  }

  private edit(version: string, edit: CatalogEdit, expected: number | null | undefined, actor: Actor) {
    return this.drafts.edit(version, edit, expected ?? undefined, actor);
  }

  private async remove(
    version: string,
    entity: CatalogEntity,
    key: string,
    expected: number | null | undefined,
    actor: Actor,
  ): Promise<boolean> {
    await this.drafts.edit(version, { op: 'delete', entity, key }, expected ?? undefined, actor);
    return true;
  }
}

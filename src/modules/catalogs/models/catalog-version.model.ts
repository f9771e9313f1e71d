import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { CatalogProblemModel } from './catalog-problem.model';
import { ParameterModel } from './parameter.model';
import { RoleDefinitionModel } from './role.model';

export enum CatalogVersionStatus {
  draft = 'draft',
  published = 'published',
  deprecated = 'deprecated',
}
registerEnumType(CatalogVersionStatus, {
  name: 'CatalogVersionStatus',
  description: 'draft while edited, published (immutable) once released, deprecated later',
  valuesMap: {
    draft: { description: 'Being edited; not answered as "latest"' },
    published: { description: 'Released and immutable; the highest label is "latest"' },
    deprecated: { description: 'Superseded; still answered by its label' },
  },
});

@ObjectType('CatalogVersion', { description: 'The roles, parameters and flows of one Kublr release' })
export class CatalogVersionModel {
  /** Internal id, used to load nested fields; not part of the API. */
  id!: string;

  @Field({ description: 'Version label, e.g. "1.30.0"' })
  @ApiProperty({ example: '1.30.0' })
  version!: string;

  @Field({ description: 'A title, e.g. "Kublr network requirements"' })
  @ApiProperty()
  title!: string;

  @Field(() => CatalogVersionStatus, {
    description: 'draft while edited, published (immutable) once released, deprecated later',
  })
  @ApiProperty({ enum: CatalogVersionStatus, enumName: 'CatalogVersionStatus' })
  status!: CatalogVersionStatus;

  @Field({ description: 'Release notes' })
  @ApiProperty()
  notes!: string;

  @Field(() => String, { nullable: true, description: 'The version this one was cloned from' })
  @ApiProperty({ type: String, nullable: true })
  parent!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency revision' })
  @ApiProperty()
  revision!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the version was created' })
  @ApiProperty()
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it last changed' })
  @ApiProperty()
  updatedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was published; null for a draft' })
  @ApiProperty({ type: Date, nullable: true })
  publishedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was deprecated; null while it is not' })
  @ApiProperty({ type: Date, nullable: true })
  deprecatedAt!: Date | null;

  @Field(() => Int, { description: 'How many roles it has' })
  @ApiProperty()
  roleCount!: number;

  @Field(() => Int, { description: 'How many parameters it declares' })
  @ApiProperty()
  parameterCount!: number;

  @Field(() => Int, { description: 'Catalog rows (a tcp/udp row counts once)' })
  @ApiProperty()
  flowCount!: number;
}

export class CatalogVersionDetailModel extends CatalogVersionModel {
  @ApiProperty({ type: [RoleDefinitionModel] })
  roles!: RoleDefinitionModel[];

  @ApiProperty({ type: [ParameterModel] })
  parameters!: ParameterModel[];
}

/** The answer of an import: the new version, and what its document was warned about. */
export class ImportedCatalogVersionModel extends CatalogVersionModel {
  @ApiProperty({
    type: [CatalogProblemModel],
    description:
      "The document's warnings, e.g. rows repeating another row (one port under two components), in the document's row numbers",
  })
  warnings!: CatalogProblemModel[];
}

export class CatalogVersionListModel {
  @ApiProperty({ type: [CatalogVersionModel], description: 'Newest first' })
  catalogs!: CatalogVersionModel[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null at the end' })
  nextCursor!: string | null;
}

/** REST shows versions by label only; the row id stays inside the service. */
export function withoutInternalId<T extends CatalogVersionModel>(version: T): T {
  const { id: _id, ...rest } = version;
  return rest as T;
}

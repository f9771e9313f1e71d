import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { createValidationPipe } from '../../../common/validation/validation-pipe';
import { catalogDocumentSchema } from '../../../core/catalog/catalog-document.schema';
import { CatalogProblemModel } from '../models/catalog-problem.model';

/** The global pipe's rules, for bodies that are read as one of several shapes. */
const pipe = createValidationPipe();

/** The label rule of the catalog document, so that a draft's label is one a document may have. */
const VERSION = catalogDocumentSchema.properties.version;
const VERSION_MESSAGE = `version must be 1-${VERSION.maxLength} letters, digits, ".", "_", "+" and "-", starting with a letter or digit`;

@InputType('NewDraftInput', { description: 'A new draft, empty or cloned from another version' })
export class NewDraftInput {
  @Field({ description: 'The new version label, e.g. "1.31.0"' })
  @ApiProperty({ example: '1.31.0' })
  @IsString()
  @Matches(new RegExp(VERSION.pattern), { message: VERSION_MESSAGE })
  @MaxLength(VERSION.maxLength, { message: VERSION_MESSAGE })
  version!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Copy the roles, parameters and flows of this version or "latest"',
  })
  @ApiPropertyOptional({ example: 'latest' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cloneFrom?: string;

  @Field(() => String, { nullable: true, description: 'A title; default: that of cloneFrom' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @Field(() => String, { nullable: true, description: 'Release notes; default: those of cloneFrom' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string;

  /** Checks a REST body as the global ValidationPipe would (400 naming the field). */
  static async read(body: unknown): Promise<NewDraftInput> {
    return (await pipe.transform(body ?? {}, { type: 'body', metatype: NewDraftInput })) as NewDraftInput;
  }
}

@ObjectType('ValidationReport', { description: 'What every rule of an import says about a catalog' })
export class ValidationReportModel {
  @Field({ description: 'The version label the catalog declares' })
  @ApiProperty()
  version!: string;

  @Field({ description: 'True when the catalog could be imported or published as it is' })
  @ApiProperty()
  valid!: boolean;

  @Field(() => [CatalogProblemModel], { description: 'Every problem found; empty when valid' })
  @ApiProperty({ type: [CatalogProblemModel] })
  problems!: CatalogProblemModel[];

  @Field(() => [CatalogProblemModel], {
    description:
      'Findings that do not make the catalog invalid, e.g. rows repeating another row (one port under two components); publishing is allowed',
  })
  @ApiProperty({
    type: [CatalogProblemModel],
    description:
      'Findings that do not make the catalog invalid, e.g. rows repeating another row (one port under two components); publishing is allowed',
  })
  warnings!: CatalogProblemModel[];
}

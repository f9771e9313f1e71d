import { ArgsType, Field } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { catalogDocumentSchema } from '../../../core/catalog/catalog-document.schema';
import { FlowImportMode, FlowTableFormat } from './catalog-formats.enum';

/** How to read and apply flow tables: the query of `POST .../flows/import`, the mutation's arguments. */
@ArgsType()
export class FlowImportArgs {
  @Field(() => FlowTableFormat, {
    nullable: true,
    description: 'How the tables are written; default markdown (REST: csv for a text/csv body)',
  })
  @ApiPropertyOptional({ enum: ['markdown', 'csv'], description: 'Default: csv for a text/csv body, else markdown' })
  @IsOptional()
  @IsIn(Object.values(FlowTableFormat), { message: 'format must be markdown or csv' })
  format?: FlowTableFormat;

  @Field(() => FlowImportMode, {
    nullable: true,
    defaultValue: FlowImportMode.replace,
    description: 'How the tables apply to the draft',
  })
  @ApiPropertyOptional({ enum: ['replace', 'merge'], default: 'replace' })
  @IsOptional()
  @IsIn(Object.values(FlowImportMode), { message: 'mode must be replace or merge' })
  mode?: FlowImportMode;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Only show what would change' })
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false', true, false], { message: 'dryRun must be true or false' })
  dryRun?: string | boolean;
}

/**
 * The mutation's arguments: the draft and the tables besides the options. (With `@Args()`
 * the whole argument set is validated as one class, so the options alone would refuse
 * `version` and `tables` as unknown properties.)
 */
@ArgsType()
export class ImportFlowTablesArgs extends FlowImportArgs {
  @Field({ description: 'The draft to import into' })
  @IsString()
  @MaxLength(catalogDocumentSchema.properties.version.maxLength)
  version!: string;

  @Field({ description: 'The tables: Markdown or CSV text' })
  @IsString()
  tables!: string;
}

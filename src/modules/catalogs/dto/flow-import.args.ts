import { ArgsType, Field } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FlowImportMode } from '../../../core/catalog/flow-import';
import type { FlowTableFormat } from '../../../core/catalog/flow-tables';

/** How to read and apply flow tables: the query of `POST .../flows/import`, the mutation's arguments. */
@ArgsType()
export class FlowImportArgs {
  @Field(() => String, { nullable: true, description: 'markdown or csv; REST defaults to csv for text/csv bodies' })
  @ApiPropertyOptional({ enum: ['markdown', 'csv'], description: 'Default: csv for a text/csv body, else markdown' })
  @IsOptional()
  @IsIn(['markdown', 'csv'], { message: 'format must be markdown or csv' })
  format?: FlowTableFormat;

  @Field(() => String, {
    nullable: true,
    defaultValue: 'replace',
    description: 'replace (the tables are all the flows) or merge',
  })
  @ApiPropertyOptional({ enum: ['replace', 'merge'], default: 'replace' })
  @IsOptional()
  @IsIn(['replace', 'merge'], { message: 'mode must be replace or merge' })
  mode?: FlowImportMode;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Only show what would change' })
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false', true, false], { message: 'dryRun must be true or false' })
  dryRun?: string | boolean;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { CatalogExportFormat } from '../catalog.service';

export class ExportCatalogArgs {
  @ApiPropertyOptional({ enum: ['yaml', 'json'], default: 'yaml' })
  @IsOptional()
  @IsIn(['yaml', 'json'], { message: 'format must be yaml or json' })
  /** Absent: the Accept header chooses (YAML unless it prefers JSON). */
  format?: CatalogExportFormat;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-code';
import type { ErrorResponse } from '../errors/error-response';

/** The body of every REST error, as HttpExceptionFilter sends it (ErrorResponse), for OpenAPI. */
export class ErrorResponseModel implements ErrorResponse {
  @ApiProperty({ description: 'The HTTP status, repeated', example: 404 })
  statusCode!: number;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', description: 'Stable: branch on this, not on the message' })
  code!: ErrorCode;

  @ApiProperty({
    description: 'What went wrong, naming the parameter, field or value',
    example: 'catalog version "9.9.9" not found',
  })
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Machine-readable particulars: the field, the limit, retryAfterSeconds, ...',
    example: { version: '9.9.9' },
  })
  details?: Record<string, unknown>;
}

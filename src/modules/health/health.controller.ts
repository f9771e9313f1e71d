import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-responses';
import { Public } from '../auth/require-scope.decorator';
import { HealthService, type HealthStatus } from './health.service';

const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    database: { type: 'string', enum: ['up'], description: 'Readiness only' },
  },
  example: { status: 'ok', database: 'up' },
};

/** Probes never need a key, even with READS_REQUIRE_KEY=true. */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('health')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Liveness: the process answers',
    description: 'Never touches the database: a failing liveness probe means the process itself is stuck.',
  })
  @ApiOkResponse({ description: 'The process answers', content: { 'application/json': { schema: HEALTH_SCHEMA } } })
  getLiveness(): HealthStatus {
    return this.health.liveness();
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers',
    description:
      'A 503 takes the instance out of a load balancer: the database does not answer, or it is shutting down.',
  })
  @ApiOkResponse({ description: 'Ready', content: { 'application/json': { schema: HEALTH_SCHEMA } } })
  @ApiErrorResponses([503, 'The database does not answer, or the service is shutting down (SERVICE_UNAVAILABLE)'])
  getReadiness(): Promise<HealthStatus> {
    return this.health.readiness();
  }
}

import { Global, Module } from '@nestjs/common';
import { MetricsEndpoint } from './metrics-endpoint';
import { Metrics } from './metrics';

/**
 * The Prometheus metrics: one registry per application (see Metrics), for every module to
 * count in, and the endpoint that serves them (see MetricsEndpoint).
 */
@Global()
@Module({ providers: [Metrics, MetricsEndpoint], exports: [Metrics, MetricsEndpoint] })
export class MetricsModule {}

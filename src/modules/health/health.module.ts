import { Global, Module } from '@nestjs/common';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** Global for ShutdownState, which main.ts sets and /ready reads. */
@Global()
@Module({ controllers: [HealthController], providers: [HealthService, ShutdownState], exports: [ShutdownState] })
export class HealthModule {}

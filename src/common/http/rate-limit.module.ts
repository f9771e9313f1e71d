import { Module } from '@nestjs/common';
import { RateLimits } from './rate-limit';

/** The rate limits: createApp registers them on Fastify, the AuthGuard counts verified keys. */
@Module({ providers: [RateLimits], exports: [RateLimits] })
export class RateLimitModule {}

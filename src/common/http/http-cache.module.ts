import { Global, Module } from '@nestjs/common';
import { ResponseCache } from './response-cache';

/** The response cache, shared by every controller and the GraphQL plugin. */
@Global()
@Module({ providers: [ResponseCache], exports: [ResponseCache] })
export class HttpCacheModule {}

import { Global, Module } from '@nestjs/common';
import { ImmutableResponseCache } from './immutable-response-cache';

/** The cache of immutable responses, shared by every controller and the GraphQL plugin. */
@Global()
@Module({ providers: [ImmutableResponseCache], exports: [ImmutableResponseCache] })
export class HttpCacheModule {}

import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { etagOf, matchesETag, sendCacheable, type CacheableBody } from './conditional-response';

interface CachedResponse {
  readonly body: string;
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
}

const MAX_CACHED_BYTES = 32 * 1024 * 1024;
const GRAPHQL_PATH = '/graphql';

/**
 * Whole responses about what never changes, served before Nest, its guards and Apollo see
 * the request. A published catalog version is immutable, so the same question (a REST URL,
 * or a GraphQL query with its variables, operation name and Accept) always gets the same
 * bytes; routing, resolving and serialising it again would only cost time.
 *
 * The hook answers before the AuthGuard runs, so it serves only while reads are public:
 * with READS_REQUIRE_KEY=true it is off (nothing registered, nothing stored).
 */
@Injectable()
export class ImmutableResponseCache {
  private readonly responses = new LRUCache<string, CachedResponse>({
    maxSize: MAX_CACHED_BYTES,
    sizeCalculation: (response) => response.body.length * 2 + 512,
  });
  private readonly enabled: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.enabled = !config.readsRequireKey;
  }

  /** Serves cached responses from a Fastify hook that runs once the body is parsed. */
  register(fastify: FastifyInstance): void {
    if (!this.enabled) return;
    fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const key = this.keyOfRequest(request);
      const cached = key === undefined ? undefined : this.responses.get(key);
      if (!cached) return;
      void reply.headers(cached.headers).header('ETag', cached.etag);
      if (matchesETag(request.headers['if-none-match'], cached.etag)) return reply.status(304).send();
      return reply.send(cached.body);
    });
  }

  /**
   * Sends a REST answer (with its ETag and Cache-Control) and keeps it when it can never
   * change and the request carried no credentials.
   */
  send(
    request: FastifyRequest,
    reply: FastifyReply,
    answer: CacheableBody,
    contentType: string,
    headers: Readonly<Record<string, string>> = {},
  ): void {
    void reply.headers(headers);
    sendCacheable(request, reply, answer, contentType);
    if (this.enabled && answer.immutable && request.method === 'GET' && request.headers.authorization === undefined) {
      this.responses.set(`GET ${request.url}`, {
        body: answer.body,
        etag: answer.etag,
        headers: { ...headers, 'content-type': contentType, ...cacheHeadersOf(reply) },
      });
    }
  }

  /** Keeps a GraphQL response to the query in `body`. */
  storeGraphQL(body: unknown, accept: string | undefined, response: { body: string; contentType: string }): void {
    if (!this.enabled) return;
    const key = graphQLKey(body, accept);
    if (key === undefined) return;
    this.responses.set(key, {
      body: response.body,
      etag: etagOf(response.body),
      headers: { 'content-type': response.contentType, 'cache-control': 'no-cache' },
    });
  }

  private keyOfRequest(request: FastifyRequest): string | undefined {
    if (request.method === 'GET') return request.headers.authorization === undefined ? `GET ${request.url}` : undefined;
    if (request.method === 'POST' && request.url === GRAPHQL_PATH)
      return graphQLKey(request.body, request.headers.accept);
    return undefined;
  }
}

function cacheHeadersOf(reply: FastifyReply): Record<string, string> {
  const cacheControl = reply.getHeader('cache-control');
  const vary = reply.getHeader('vary');
  return {
    ...(typeof cacheControl === 'string' ? { 'cache-control': cacheControl } : {}),
    ...(typeof vary === 'string' ? { vary } : {}),
  };
}

/** The key of a GraphQL request body, or undefined when the body is not a single query. */
function graphQLKey(body: unknown, accept: string | undefined): string | undefined {
  const { query, variables, operationName, extensions } = (body ?? {}) as Record<string, unknown>;
  if (typeof query !== 'string' || extensions !== undefined) return undefined;
  const hash = createHash('sha256')
    .update(JSON.stringify([query, variables ?? null, operationName ?? null, accept ?? '']))
    .digest('base64url');
  return `POST ${GRAPHQL_PATH} ${hash}`;
}

import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ChangeFeed } from '../../database/change-feed';
import { Metrics, setGraphQLOperation, type GraphQLOperationLabels } from '../observability/metrics';
import { accepts } from './content-negotiation';
import { etagOf, matchesETag, sendCacheable, type CacheableBody } from './conditional-response';

interface CachedResponse {
  readonly body: string;
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The change-feed epoch the answer was computed in; undefined for answers that never change. */
  readonly epoch: number | undefined;
  /** A GraphQL answer's operation, for the request histogram when the answer is served again. */
  readonly operation?: GraphQLOperationLabels;
}

/** Memory the cache may use, keys, bodies and headers counted. */
export const RESPONSE_CACHE_MAX_BYTES = 32 * 1024 * 1024;
/** What an entry costs besides its key, body and header text (objects, the LRU's own slots). */
const ENTRY_OVERHEAD_BYTES = 512;
const GRAPHQL_PATH = '/graphql';
const EPOCH = 'responseCacheEpoch';
type EpochRequest = FastifyRequest & { [EPOCH]: number };

/**
 * Whole responses, served before Nest, its guards and Apollo see the request: the same
 * question (a REST path with its query parameters, or a GraphQL query with its variables,
 * operation name and Accept) gets the same bytes as long as nothing it depends on changed,
 * so routing, resolving and serialising it again would only cost time.
 *
 * An answer about a published version asked by label never changes and is kept until the
 * cache needs the room. Any other answer (`latest`, a draft, a profile) is kept with the
 * change-feed epoch in which its computation began, and served only while the epoch is
 * the same: any change of a catalog version or profile, on this instance or another one,
 * ends it (and frees the memory at once).
 *
 * Keys are canonical (the path and the sorted, decoded query parameters; a hash for
 * GraphQL), so spelling the same question another way adds no entry, and the memory
 * bound counts keys as well as bodies.
 *
 * The hook answers before the AuthGuard runs, so it serves only while reads are public:
 * with READS_REQUIRE_KEY=true it is off (nothing registered, nothing stored). Requests
 * with credentials are never answered from it nor stored in it.
 */
@Injectable()
export class ResponseCache {
  private readonly responses = new LRUCache<string, CachedResponse>({
    maxSize: RESPONSE_CACHE_MAX_BYTES,
    sizeCalculation: (response, key) => sizeOf(key, response),
  });
  private readonly enabled: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly changes: ChangeFeed,
    private readonly metrics: Metrics,
  ) {
    this.enabled = !config.readsRequireKey;
    changes.onDrop(() => this.dropChangeable());
  }

  /** Serves cached responses from a Fastify hook that runs once the body is parsed. */
  register(fastify: FastifyInstance): void {
    if (!this.enabled) return;
    // The epoch each request began in, to store its answer under (a plain field: no
    // per-request allocation on the hot path).
    fastify.decorateRequest(EPOCH, -1);
    fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const epoch = this.changes.epoch;
      (request as EpochRequest)[EPOCH] = epoch;
      const key = keyOfRequest(request);
      const cached = key === undefined ? undefined : this.responses.get(key);
      if (!cached) return;
      // An Accept the stored type does not satisfy goes to the handler (a 406 for artifacts).
      if (!accepts(request.headers.accept, cached.headers['content-type'])) return;
      if (cached.epoch !== undefined && cached.epoch !== epoch) {
        this.responses.delete(key!);
        return;
      }
      this.metrics.countCacheLookup('response', true);
      if (cached.operation !== undefined) setGraphQLOperation(request, cached.operation);
      void reply.headers(cached.headers).header('ETag', cached.etag);
      if (matchesETag(request.headers['if-none-match'], cached.etag)) return reply.status(304).send();
      return reply.send(cached.body);
    });
  }

  /**
   * Sends a REST answer (with its ETag and Cache-Control) and keeps it when the request
   * carried no credentials: for good when it can never change, until the next change otherwise.
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
    if (!this.enabled || request.method !== 'GET' || request.headers.authorization !== undefined) return;
    const key = keyOfRequest(request);
    if (key === undefined) return;
    this.metrics.countCacheLookup('response', false);
    this.store(key, request, {
      body: answer.body,
      etag: answer.etag,
      headers: { ...headers, 'content-type': contentType, ...cacheHeadersOf(reply) },
      immutable: answer.immutable,
    });
  }

  /**
   * Keeps a GraphQL response to the query in `body`, asked in `epoch`; `immutable` when
   * every root field answered about a published version by label; `operation`, the labels
   * its request was measured under.
   */
  storeGraphQL(
    body: unknown,
    accept: string | undefined,
    epoch: number,
    response: { body: string; contentType: string; immutable: boolean; operation?: GraphQLOperationLabels },
  ): void {
    if (!this.enabled) return;
    const key = graphQLKey(body, accept);
    if (key === undefined) return;
    this.metrics.countCacheLookup('response', false);
    this.store(key, epoch, {
      body: response.body,
      etag: etagOf(response.body),
      headers: { 'content-type': response.contentType, 'cache-control': 'no-cache' },
      immutable: response.immutable,
      ...(response.operation ? { operation: response.operation } : {}),
    });
  }

  /** What the cache holds, as its memory bound counts it. */
  stats(): { entries: number; bytes: number; maxBytes: number } {
    return { entries: this.responses.size, bytes: this.responses.calculatedSize, maxBytes: RESPONSE_CACHE_MAX_BYTES };
  }

  private store(
    key: string,
    requestOrEpoch: FastifyRequest | number,
    response: Omit<CachedResponse, 'epoch'> & { immutable: boolean },
  ): void {
    const { immutable, ...rest } = response;
    const epoch = typeof requestOrEpoch === 'number' ? requestOrEpoch : (requestOrEpoch as EpochRequest)[EPOCH];
    if (immutable) {
      this.responses.set(key, { ...rest, epoch: undefined });
      return;
    }
    // Computed before the latest change (or with no known start, -1): it may be stale already.
    if (epoch !== this.changes.epoch) return;
    this.responses.set(key, { ...rest, epoch });
  }

  private dropChangeable(): void {
    const stale = [...this.responses.entries()].filter(([, response]) => response.epoch !== undefined);
    for (const [key] of stale) this.responses.delete(key);
  }
}

function sizeOf(key: string, response: CachedResponse): number {
  let headers = 0;
  for (const [name, value] of Object.entries(response.headers)) headers += name.length + value.length;
  return key.length + response.body.length + response.etag.length + headers + ENTRY_OVERHEAD_BYTES;
}

function cacheHeadersOf(reply: FastifyReply): Record<string, string> {
  const cacheControl = reply.getHeader('cache-control');
  const vary = reply.getHeader('vary');
  return {
    ...(typeof cacheControl === 'string' ? { 'cache-control': cacheControl } : {}),
    ...(typeof vary === 'string' ? { vary } : {}),
  };
}

function keyOfRequest(request: FastifyRequest): string | undefined {
  if (request.method === 'GET') return request.headers.authorization === undefined ? restKey(request) : undefined;
  if (request.method === 'POST' && request.url === GRAPHQL_PATH) {
    return request.headers.authorization === undefined ? graphQLKey(request.body, request.headers.accept) : undefined;
  }
  return undefined;
}

/**
 * The path and the parsed query parameters, sorted: `?b=2&&a=1` and `?a=1&b=2` are one
 * question. A parameter given twice is refused by every handler, so it is never kept.
 */
function restKey(request: FastifyRequest): string | undefined {
  const path = request.url.split('?', 1)[0];
  const query = (request.query ?? {}) as Record<string, unknown>;
  const names = Object.keys(query).sort();
  const pairs: string[] = [];
  for (const name of names) {
    const value = query[name];
    if (typeof value !== 'string') return undefined;
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  return `GET ${path}?${pairs.join('&')}`;
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

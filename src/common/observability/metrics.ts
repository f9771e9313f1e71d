import { Inject, Injectable, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { RateLimitKind } from '../errors/domain-error';

/** Where Prometheus scrapes, on the main port or on METRICS_PORT's listener. */
export const METRICS_PATH = '/metrics';
/** The `route` label of requests that matched no route: never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';
/** Distinct GraphQL operation names kept as label values; later new names count as `other`. */
export const MAX_OPERATION_NAMES = 100;
/** Longest GraphQL operation name kept as a label value; longer names count as `other`. */
export const MAX_OPERATION_NAME_LENGTH = 64;
export const ANONYMOUS_OPERATION = 'anonymous';
export const OTHER_OPERATION = 'other';

/** The caches whose answers are counted: served from the cache (hit) or computed (miss). */
export type CacheName = 'response' | 'flows' | 'catalog_snapshot' | 'profiles';
const CACHE_NAMES: readonly CacheName[] = ['response', 'flows', 'catalog_snapshot', 'profiles'];

/** Where a change notification came from: this instance, another one, or a payload not understood. */
export type NotificationOrigin = 'self' | 'peer' | 'unknown';

export type Outcome = 'ok' | 'error';

/** The labels of one GraphQL operation, each value bounded. */
export interface GraphQLOperationLabels {
  /** The operation's name (see `Metrics.operationName`), `anonymous` or `other`. */
  readonly operation: string;
  /** query, mutation, subscription; `unknown` when the document did not resolve to an operation. */
  readonly type: string;
  readonly outcome: Outcome;
}

/** What the pool gauges read at scrape time (pg's Pool has them). */
export interface PoolUse {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** Durations of HTTP answers: from well under a millisecond (cached) to the 10 s timeouts. */
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUERY_BUCKETS = REQUEST_BUCKETS;
const RENDER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Notifications arrive within milliseconds; seconds mean a listener that lags or clocks apart. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** GraphQL's Name production. */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** The Fastify request field where GraphQL's labels wait for the request's onResponse hook. */
export const GRAPHQL_OPERATION_FIELD = 'graphqlOperation';

/** Notes the GraphQL operation a request carried, for its onResponse hook to observe. */
export function setGraphQLOperation(request: object, labels: GraphQLOperationLabels): void {
  (request as Record<string, unknown>)[GRAPHQL_OPERATION_FIELD] = labels;
}

/** The GraphQL operation a request carried, once Apollo resolved it (or its cached answer was found). */
export function graphQLOperationOf(request: object): GraphQLOperationLabels | null {
  return ((request as Record<string, unknown>)[GRAPHQL_OPERATION_FIELD] as GraphQLOperationLabels | undefined) ?? null;
}

type Child = { observe(value: number): void };

/**
 * The service's Prometheus instruments, in a registry of this application's own (not
 * prom-client's global one: tests run several applications in one process, and each
 * counts only what it served). Every label value is bounded: route patterns, never raw
 * URLs; GraphQL operation names checked and capped; outcomes, never SQL or messages.
 *
 * Everything here is cheap on the hot path: an observation is a map lookup and one
 * prom-client observe (about a microsecond on a busy 2-core machine); the pool gauges and
 * Node's own metrics are read only when scraped. With
 * METRICS_ENABLED=false every method returns at once and nothing is collected.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  /** False with METRICS_ENABLED=false: nothing is measured (the benchmark's comparison). */
  readonly enabled: boolean;

  private readonly httpDuration = new Histogram({
    name: 'nr_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code, from arrival to the last byte sent',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlDuration = new Histogram({
    name: 'nr_graphql_operation_duration_seconds',
    help: 'GraphQL operations (POST /graphql) by operation name, type and outcome, answers from the response cache included',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  /**
   * Cache lookups since the start, by cache: two numbers bumped on the hot path (a cache hit
   * is the fastest answer there is, and prom-client's labelled inc costs a label hash each
   * time), copied into the counter below when it is scraped.
   */
  private readonly cacheLookupCounts = Object.fromEntries(
    CACHE_NAMES.map((cache) => [cache, { hit: 0, miss: 0 }]),
  ) as Record<CacheName, { hit: number; miss: number }>;
  private readonly cacheLookups: Counter<'cache' | 'result'> = new Counter({
    name: 'nr_cache_lookups_total',
    help: 'Answers served from a cache (hit) or computed (miss), by cache',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
    collect: () => {
      this.cacheLookups.reset();
      for (const cache of CACHE_NAMES) {
        const counts = this.cacheLookupCounts[cache];
        this.cacheLookups.inc({ cache, result: 'hit' }, counts.hit);
        this.cacheLookups.inc({ cache, result: 'miss' }, counts.miss);
      }
    },
  });
  private readonly queryDuration = new Histogram({
    name: 'nr_database_query_duration_seconds',
    help: 'SQL statements sent through the connection pool, by outcome',
    labelNames: ['outcome'] as const,
    buckets: QUERY_BUCKETS,
    registers: [this.registry],
  });
  private readonly renderDuration = new Histogram({
    name: 'nr_render_duration_seconds',
    help: 'Artifacts rendered (not served from a cache), by format and outcome',
    labelNames: ['format', 'outcome'] as const,
    buckets: RENDER_BUCKETS,
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'nr_rate_limit_refusals_total',
    help: 'Requests refused with 429, by the limit they went over',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  private readonly notifications = new Counter({
    name: 'nr_change_notifications_received_total',
    help: 'Change notifications heard on the LISTEN connection, by origin (this instance, another one, unreadable)',
    labelNames: ['origin'] as const,
    registers: [this.registry],
  });
  private readonly notificationLag = new Histogram({
    name: 'nr_change_notification_lag_seconds',
    help: "From a change's announcement (its sender's clock) to its notification's arrival here (this instance's clock)",
    labelNames: ['origin'] as const,
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });
  private readonly webhookAttempts = new Counter({
    name: 'nr_webhook_attempts_total',
    help: 'Webhook delivery attempts (each POST), by event and outcome (delivered, failed, refused)',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly webhookDeliveries = new Counter({
    name: 'nr_webhook_deliveries_total',
    help: 'Webhook deliveries settled, by event and outcome: delivered (a 2xx) or failed (every attempt failed)',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly webhookLatency = new Histogram({
    name: 'nr_webhook_attempt_duration_seconds',
    help: "From a webhook attempt's POST to the receiver's answer (or the failure), by outcome",
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  /** HTTP histogram children by "method status route": no labels object is built per request. */
  private readonly httpChildren = new Map<string, Child>();
  private readonly queryOk: Child;
  private readonly queryError: Child;
  /** GraphQL operation names admitted as label values, at most MAX_OPERATION_NAMES. */
  private readonly operationNames = new Set<string>();
  private pool: PoolUse | undefined;

  constructor(@Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'metricsEnabled'>) {
    this.enabled = config?.metricsEnabled ?? true;
    if (this.enabled) collectDefaultMetrics({ register: this.registry });
    this.queryOk = this.queryDuration.labels('ok');
    this.queryError = this.queryDuration.labels('error');
    // Fixed label sets start at zero, so a rate() has a series before the first event
    // (the cache lookups' collect writes all of theirs).
    this.refusals.labels('per-address').inc(0);
    this.refusals.labels('per-key').inc(0);
    this.notifications.labels('peer').inc(0);
    this.notifications.labels('self').inc(0);
    for (const outcome of ['delivered', 'failed']) this.webhookDeliveries.labels('catalog.published', outcome).inc(0);
    this.poolGauge(
      'nr_database_pool_connections',
      'Connections the database pool holds open, idle and in use',
      (use) => use.totalCount,
    );
    this.poolGauge(
      'nr_database_pool_idle_connections',
      'Connections of the database pool that are open and idle',
      (use) => use.idleCount,
    );
    this.poolGauge(
      'nr_database_pool_waiting_clients',
      'Callers waiting for a connection because every pooled one is in use',
      (use) => use.waitingCount,
    );
  }

  /** The Prometheus text format of everything, Node's process metrics included. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** One HTTP request; `route` is a route pattern or UNMATCHED_ROUTE. */
  observeHttpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    if (!this.enabled) return;
    const key = `${method} ${statusCode} ${route}`;
    let child = this.httpChildren.get(key);
    if (child === undefined) {
      child = this.httpDuration.labels(method, route, String(statusCode));
      this.httpChildren.set(key, child);
    }
    child.observe(seconds);
  }

  observeGraphQLOperation(labels: GraphQLOperationLabels, seconds: number): void {
    if (!this.enabled) return;
    this.graphqlDuration.observe(labels as unknown as Record<string, string>, seconds);
  }

  /**
   * A client's operation name as a label value: `anonymous` when there is none; the name
   * itself when it is a GraphQL name of at most MAX_OPERATION_NAME_LENGTH characters and
   * one of the first MAX_OPERATION_NAMES distinct names seen; `other` otherwise. A flood of
   * made-up names therefore adds at most MAX_OPERATION_NAMES series.
   */
  operationName(name: string | null | undefined): string {
    if (name === undefined || name === null || name === '') return ANONYMOUS_OPERATION;
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return OTHER_OPERATION;
    if (name.length > MAX_OPERATION_NAME_LENGTH || !GRAPHQL_NAME.test(name)) return OTHER_OPERATION;
    this.operationNames.add(name);
    return name;
  }

  /** An answer served from `cache` (hit) or computed because it was not there (miss). */
  countCacheLookup(cache: CacheName, hit: boolean): void {
    if (!this.enabled) return;
    const counts = this.cacheLookupCounts[cache];
    if (hit) counts.hit++;
    else counts.miss++;
  }

  /** One SQL statement's round trip; what it said is never a label. */
  readonly observeQuery = (seconds: number, ok: boolean): void => {
    if (!this.enabled) return;
    (ok ? this.queryOk : this.queryError).observe(seconds);
  };

  /** The pool whose use the gauges report (read at scrape time). */
  observeDatabasePool(pool: PoolUse): void {
    if (!this.enabled) return;
    this.pool = pool;
  }

  /** One rendering; `format` is a registered renderer's name. */
  observeRender(format: string, seconds: number, ok: boolean): void {
    if (!this.enabled) return;
    this.renderDuration.observe({ format, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  /** One webhook attempt; `settled` when it was the delivery's last (delivered, or out of attempts). */
  observeWebhookAttempt(event: string, outcome: string, seconds: number, settled: boolean): void {
    if (!this.enabled) return;
    this.webhookAttempts.inc({ event, outcome });
    this.webhookLatency.observe({ outcome }, seconds);
    if (settled) this.webhookDeliveries.inc({ event, outcome: outcome === 'delivered' ? 'delivered' : 'failed' });
  }

  countRefusal(limit: RateLimitKind): void {
    if (!this.enabled) return;
    this.refusals.inc({ limit });
  }

  /** A change notification arrived; `lagSeconds` when its payload said when it was sent. */
  countChangeNotification(origin: NotificationOrigin, lagSeconds: number | undefined): void {
    if (!this.enabled) return;
    this.notifications.inc({ origin });
    if (lagSeconds !== undefined) this.notificationLag.observe({ origin }, Math.max(0, lagSeconds));
  }

  /** A gauge of the pool's use, read when scraped (0 until a pool is known). */
  private poolGauge(name: string, help: string, read: (pool: PoolUse) => number): void {
    const gauge: Gauge = new Gauge({
      name,
      help,
      registers: [this.registry],
      collect: () => gauge.set(this.pool ? read(this.pool) : 0),
    });
  }
}

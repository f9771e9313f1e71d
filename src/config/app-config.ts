import { isIP } from 'node:net';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Matches,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  validateSync,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { StartupError } from '../common/startup-error';
import { SecretBox } from '../modules/webhooks/secret-box';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** JSON lines (one object per line, for log collectors) or coloured text for a person at a terminal. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The whole configuration, typed and checked once at boot. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** A PostgreSQL server; undefined means the embedded database under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Connections to a PostgreSQL server (the embedded database always uses one). */
  readonly databasePoolSize: number;
  /** Longest wait for a database connection, new or pooled (DATABASE_CONNECT_TIMEOUT_MS). */
  readonly databaseConnectTimeoutMs: number;
  /** Longest run of one SQL statement (DATABASE_STATEMENT_TIMEOUT_MS). */
  readonly databaseStatementTimeoutMs: number;
  /** Longest run of one transaction, from BEGIN to COMMIT (DATABASE_TRANSACTION_TIMEOUT_MS). */
  readonly databaseTransactionTimeoutMs: number;
  readonly dataDir: string;
  readonly adminApiKey: string | undefined;
  readonly logLevel: LogLevel;
  /** LOG_FORMAT: `json` (the default) or `pretty`. */
  readonly logFormat: LogFormat;
  /** Load the bundled Kublr catalog into an empty database at start. */
  readonly seedOnStart: boolean;
  /** Reads (REST GET, GraphQL queries) need an API key with at least the reader scope. */
  readonly readsRequireKey: boolean;
  /** Requests per minute from one client address (request.ip); 0 turns the limit off. */
  readonly rateLimitPerAddress: number;
  /** Requests per minute that one verified API key (ADMIN_API_KEY included) may make; 0 turns it off. */
  readonly rateLimitPerKey: number;
  /** Fastify's trustProxy: which proxies' X-Forwarded-For names the client (TRUST_PROXY). */
  readonly trustProxy: boolean | number | string;
  /**
   * How often each instance re-reads the change counter, in case a change notification was
   * lost (CACHE_RECHECK_INTERVAL_MS); notifications themselves arrive within milliseconds.
   */
  readonly cacheRecheckIntervalMs: number;
  /**
   * After SIGTERM, how long the service goes on accepting connections (answering /ready
   * with 503) before it closes its listener, so that load balancers stop sending first
   * (SHUTDOWN_DELAY_MS).
   */
  readonly shutdownDelayMs: number;
  /** After SIGTERM, the longest the whole shutdown may take before the process exits anyway (SHUTDOWN_TIMEOUT_MS). */
  readonly shutdownTimeoutMs: number;
  /**
   * A Redis server (REDIS_URL) where the rate-limit counters of every instance live, so the
   * limits hold for the fleet; undefined: each instance counts its own requests.
   */
  readonly redisUrl: string | undefined;
  /** Prefix of every key the service writes in Redis (REDIS_KEY_PREFIX), one per deployment. */
  readonly redisKeyPrefix: string;
  /**
   * Serve /metrics on a listener of its own on this port (same HOST), and not on `port`;
   * undefined: /metrics is on the main port (METRICS_PORT). 0 (tests only): any free port.
   */
  readonly metricsPort: number | undefined;
  /** Prometheus metrics measured and served (METRICS_ENABLED, default true); false: none at all. */
  readonly metricsEnabled: boolean;
  /**
   * Browser origins (CORS_ORIGINS, comma-separated, exact: `https://portal.example.com`)
   * whose pages may call the API; empty: no CORS headers at all, as without a browser client.
   */
  readonly corsOrigins: readonly string[];
  /** How webhooks are delivered (WEBHOOK_*). */
  readonly webhooks: WebhookSettings;
}

/** The WEBHOOK_* variables. */
export interface WebhookSettings {
  /** Seals subscription secrets at rest (WEBHOOK_SECRET_KEY: 32 bytes, hex or base64); undefined: stored as given. */
  readonly secretKey: string | undefined;
  /** Subscription URLs may be http, not only https (WEBHOOK_ALLOW_HTTP, default false). */
  readonly allowHttp: boolean;
  /** Loopback, private, link-local and unique-local receivers allowed (WEBHOOK_ALLOW_PRIVATE_NETWORKS, default false). */
  readonly allowPrivateNetworks: boolean;
  /** Longest wait for a receiver's answer (WEBHOOK_TIMEOUT_MS, default 10000). */
  readonly timeoutMs: number;
  /** Attempts per delivery before it is marked failed (WEBHOOK_MAX_ATTEMPTS, default 8). */
  readonly maxAttempts: number;
  /** The first retry's delay; each next one is 3 times longer, with jitter (WEBHOOK_RETRY_BASE_MS, default 80000: 8 attempts span about a day). */
  readonly retryBaseMs: number;
  /** Deliveries this instance sends at once (WEBHOOK_DELIVERY_CONCURRENCY, default 4); 0: it sends none, others do. */
  readonly deliveryConcurrency: number;
  /** How often an idle instance looks for due deliveries (WEBHOOK_POLL_INTERVAL_MS, default 2000, at least 500). */
  readonly pollIntervalMs: number;
  /** After a secret rotation, how long the old secret still signs (WEBHOOK_SECRET_GRACE_SECONDS, default 86400). */
  readonly secretGraceSeconds: number;
}

/** The WEBHOOK_* defaults. */
export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  secretKey: undefined,
  allowHttp: false,
  allowPrivateNetworks: false,
  timeoutMs: 10_000,
  maxAttempts: 8,
  retryBaseMs: 80_000,
  deliveryConcurrency: 4,
  pollIntervalMs: 2_000,
  secretGraceSeconds: 86_400,
};

/** Every Redis key this service writes starts with this unless REDIS_KEY_PREFIX says otherwise. */
export const DEFAULT_REDIS_KEY_PREFIX = 'kublr-network-requirements:';

/** The largest RATE_LIMIT_* value accepted (requests per minute). */
export const MAX_RATE_LIMIT = 1_000_000_000;
const RATE_LIMIT_RANGE = `a whole number of requests per minute between 0 (no limit) and ${MAX_RATE_LIMIT}`;

const METRICS_PORT_RANGE = 'METRICS_PORT must be a whole number between 1 and 65535';
const SHUTDOWN_DELAY_RANGE = 'SHUTDOWN_DELAY_MS must be a whole number of milliseconds between 0 and 300000';
const SHUTDOWN_TIMEOUT_RANGE = 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 600000';
const WEBHOOK_TIMEOUT_RANGE = 'WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds between 100 and 60000';
const WEBHOOK_ATTEMPTS_RANGE = 'WEBHOOK_MAX_ATTEMPTS must be a whole number between 1 and 20';
const WEBHOOK_RETRY_RANGE = 'WEBHOOK_RETRY_BASE_MS must be a whole number of milliseconds between 100 and 3600000';
const WEBHOOK_CONCURRENCY_RANGE =
  'WEBHOOK_DELIVERY_CONCURRENCY must be a whole number between 0 (deliver nothing) and 64';
const WEBHOOK_POLL_RANGE = 'WEBHOOK_POLL_INTERVAL_MS must be a whole number of milliseconds between 500 and 60000';
const WEBHOOK_GRACE_RANGE =
  'WEBHOOK_SECRET_GRACE_SECONDS must be a whole number of seconds between 0 and 2592000 (30 days)';
const CACHE_RECHECK_RANGE = 'CACHE_RECHECK_INTERVAL_MS must be a whole number of milliseconds between 100 and 3600000';
/** The range of every DATABASE_*_TIMEOUT_MS value: 0.1 s to 10 minutes. */
export const MIN_DATABASE_TIMEOUT_MS = 100;
export const MAX_DATABASE_TIMEOUT_MS = 600_000;
const TIMEOUT_RANGE = `a whole number of milliseconds between ${MIN_DATABASE_TIMEOUT_MS} and ${MAX_DATABASE_TIMEOUT_MS}`;

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Variables whose refused value the startup message repeats (none of them is a secret). */
const SHOWN_WHEN_INVALID = new Set([
  'PORT',
  'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'DATABASE_TRANSACTION_TIMEOUT_MS',
  'RATE_LIMIT_PER_ADDRESS',
  'RATE_LIMIT_PER_KEY',
  'TRUST_PROXY',
  'CACHE_RECHECK_INTERVAL_MS',
  'WEBHOOK_TIMEOUT_MS',
  'WEBHOOK_MAX_ATTEMPTS',
  'WEBHOOK_RETRY_BASE_MS',
  'WEBHOOK_DELIVERY_CONCURRENCY',
  'WEBHOOK_POLL_INTERVAL_MS',
  'WEBHOOK_SECRET_GRACE_SECONDS',
  'LOG_FORMAT',
  'SHUTDOWN_DELAY_MS',
  'SHUTDOWN_TIMEOUT_MS',
  'REDIS_KEY_PREFIX',
  'METRICS_PORT',
]);

@ValidatorConstraint({ name: 'trustProxy' })
class TrustProxyConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && readTrustProxy(value) !== undefined;
  }

  defaultMessage(): string {
    return 'TRUST_PROXY must be false, true, a number of proxy hops (1-99), or a comma-separated list of proxy addresses or CIDRs';
  }
}

/**
 * Which X-Forwarded-For entries to believe, as Fastify's trustProxy takes it. Off by
 * default: a client could otherwise name any address and escape the per-address limit.
 */
export function readTrustProxy(value: string): boolean | number | string | undefined {
  const text = value.trim();
  if (text === 'false') return false;
  if (text === 'true') return true;
  if (/^[1-9]\d?$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  return valid ? entries.join(',') : undefined;
}

@ValidatorConstraint({ name: 'redisUrl' })
class RedisUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && describeRedisUrlProblem(value) === undefined;
  }

  defaultMessage(args?: ValidationArguments): string {
    return `REDIS_URL ${describeRedisUrlProblem(String(args?.value))}`;
  }
}

const REDIS_KEY_PREFIX_RULE =
  'REDIS_KEY_PREFIX must be 1 to 64 letters, digits or the characters . _ - : (for example "catalogs-prod:")';

@ValidatorConstraint({ name: 'postgresUrl' })
class PostgresUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && describePostgresUrlProblem(value) === undefined;
  }

  defaultMessage(args?: ValidationArguments): string {
    return `DATABASE_URL ${describePostgresUrlProblem(String(args?.value))}`;
  }
}

@ValidatorConstraint({ name: 'corsOrigins' })
class CorsOriginsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && describeCorsOriginsProblem(value) === undefined;
  }

  defaultMessage(args?: ValidationArguments): string {
    return `CORS_ORIGINS ${describeCorsOriginsProblem(String(args?.value))}`;
  }
}

/** The environment as written; every variable the service reads is declared here. */
class EnvironmentVariables {
  @IsOptional()
  @IsInt({ message: 'PORT must be a whole number between 1 and 65535' })
  @Min(1, { message: 'PORT must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'PORT must be a whole number between 1 and 65535' })
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'HOST must not be empty' })
  HOST?: string;

  @IsOptional()
  @Validate(PostgresUrlConstraint)
  DATABASE_URL?: string;

  @IsOptional()
  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number between 1 and 100' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be a whole number between 1 and 100' })
  @Max(100, { message: 'DATABASE_POOL_SIZE must be a whole number between 1 and 100' })
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @IsInt({ message: `DATABASE_CONNECT_TIMEOUT_MS must be ${TIMEOUT_RANGE}` })
  @Min(MIN_DATABASE_TIMEOUT_MS, { message: `DATABASE_CONNECT_TIMEOUT_MS must be ${TIMEOUT_RANGE}` })
  @Max(MAX_DATABASE_TIMEOUT_MS, { message: `DATABASE_CONNECT_TIMEOUT_MS must be ${TIMEOUT_RANGE}` })
  DATABASE_CONNECT_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt({ message: `DATABASE_STATEMENT_TIMEOUT_MS must be ${TIMEOUT_RANGE}` })
  @Min(MIN_DATABASE_TIMEOUT_MS, { message: `DATABASE_STATEMENT_TIMEOUT_MS must be ${TIMEOUT_RANGE}` })
  @Max(MAX_DATABASE_TIMEOUT_MS, { message: `DATABASE_STATEMENT_TIMEOUT_MS must be ${TIMEOUT_RANGE}` })
  DATABASE_STATEMENT_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt({ message: `DATABASE_TRANSACTION_TIMEOUT_MS must be ${TIMEOUT_RANGE}` })
  @Min(MIN_DATABASE_TIMEOUT_MS, { message: `DATABASE_TRANSACTION_TIMEOUT_MS must be ${TIMEOUT_RANGE}` })
  @Max(MAX_DATABASE_TIMEOUT_MS, { message: `DATABASE_TRANSACTION_TIMEOUT_MS must be ${TIMEOUT_RANGE}` })
  DATABASE_TRANSACTION_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'DATA_DIR must not be empty' })
  DATA_DIR?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters long' })
  @MaxLength(256, { message: 'ADMIN_API_KEY must be at most 256 characters long' })
  ADMIN_API_KEY?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @IsIn(LOG_FORMATS, { message: `LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT?: LogFormat;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'SEED_ON_START must be true or false' })
  SEED_ON_START?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'READS_REQUIRE_KEY must be true or false' })
  READS_REQUIRE_KEY?: string;

  @IsOptional()
  @IsInt({ message: `RATE_LIMIT_PER_ADDRESS must be ${RATE_LIMIT_RANGE}` })
  @Min(0, { message: `RATE_LIMIT_PER_ADDRESS must be ${RATE_LIMIT_RANGE}` })
  @Max(MAX_RATE_LIMIT, { message: `RATE_LIMIT_PER_ADDRESS must be ${RATE_LIMIT_RANGE}` })
  RATE_LIMIT_PER_ADDRESS?: number;

  @IsOptional()
  @IsInt({ message: `RATE_LIMIT_PER_KEY must be ${RATE_LIMIT_RANGE}` })
  @Min(0, { message: `RATE_LIMIT_PER_KEY must be ${RATE_LIMIT_RANGE}` })
  @Max(MAX_RATE_LIMIT, { message: `RATE_LIMIT_PER_KEY must be ${RATE_LIMIT_RANGE}` })
  RATE_LIMIT_PER_KEY?: number;

  @IsOptional()
  @Validate(TrustProxyConstraint)
  TRUST_PROXY?: string;

  @IsOptional()
  @IsInt({ message: CACHE_RECHECK_RANGE })
  @Min(100, { message: CACHE_RECHECK_RANGE })
  @Max(3_600_000, { message: CACHE_RECHECK_RANGE })
  CACHE_RECHECK_INTERVAL_MS?: number;

  @IsOptional()
  @IsInt({ message: SHUTDOWN_DELAY_RANGE })
  @Min(0, { message: SHUTDOWN_DELAY_RANGE })
  @Max(300_000, { message: SHUTDOWN_DELAY_RANGE })
  SHUTDOWN_DELAY_MS?: number;

  @IsOptional()
  @IsInt({ message: SHUTDOWN_TIMEOUT_RANGE })
  @Min(1_000, { message: SHUTDOWN_TIMEOUT_RANGE })
  @Max(600_000, { message: SHUTDOWN_TIMEOUT_RANGE })
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional()
  @Validate(RedisUrlConstraint)
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[\w.:-]{1,64}$/, { message: REDIS_KEY_PREFIX_RULE })
  REDIS_KEY_PREFIX?: string;

  @IsOptional()
  @IsInt({ message: METRICS_PORT_RANGE })
  @Min(1, { message: METRICS_PORT_RANGE })
  @Max(65535, { message: METRICS_PORT_RANGE })
  METRICS_PORT?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'METRICS_ENABLED must be true or false' })
  METRICS_ENABLED?: string;

  @IsOptional()
  @Validate(CorsOriginsConstraint)
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsString()
  WEBHOOK_SECRET_KEY?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_HTTP must be true or false' })
  WEBHOOK_ALLOW_HTTP?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_NETWORKS?: string;

  @IsOptional()
  @IsInt({ message: WEBHOOK_TIMEOUT_RANGE })
  @Min(100, { message: WEBHOOK_TIMEOUT_RANGE })
  @Max(60_000, { message: WEBHOOK_TIMEOUT_RANGE })
  WEBHOOK_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt({ message: WEBHOOK_ATTEMPTS_RANGE })
  @Min(1, { message: WEBHOOK_ATTEMPTS_RANGE })
  @Max(20, { message: WEBHOOK_ATTEMPTS_RANGE })
  WEBHOOK_MAX_ATTEMPTS?: number;

  @IsOptional()
  @IsInt({ message: WEBHOOK_RETRY_RANGE })
  @Min(100, { message: WEBHOOK_RETRY_RANGE })
  @Max(3_600_000, { message: WEBHOOK_RETRY_RANGE })
  WEBHOOK_RETRY_BASE_MS?: number;

  @IsOptional()
  @IsInt({ message: WEBHOOK_CONCURRENCY_RANGE })
  @Min(0, { message: WEBHOOK_CONCURRENCY_RANGE })
  @Max(64, { message: WEBHOOK_CONCURRENCY_RANGE })
  WEBHOOK_DELIVERY_CONCURRENCY?: number;

  @IsOptional()
  @IsInt({ message: WEBHOOK_POLL_RANGE })
  @Min(500, { message: WEBHOOK_POLL_RANGE })
  @Max(60_000, { message: WEBHOOK_POLL_RANGE })
  WEBHOOK_POLL_INTERVAL_MS?: number;

  @IsOptional()
  @IsInt({ message: WEBHOOK_GRACE_RANGE })
  @Min(0, { message: WEBHOOK_GRACE_RANGE })
  @Max(2_592_000, { message: WEBHOOK_GRACE_RANGE })
  WEBHOOK_SECRET_GRACE_SECONDS?: number;
}

/**
 * Reads and checks the environment. A bad value throws a StartupError whose message names
 * the variable and what it must be, so the start stops with one clear line.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  ) as Record<string, string>;
  const parsed = plainToInstance(EnvironmentVariables, {
    ...raw,
    PORT: wholeNumberOrText(raw.PORT),
    DATABASE_POOL_SIZE: wholeNumberOrText(raw.DATABASE_POOL_SIZE),
    DATABASE_CONNECT_TIMEOUT_MS: wholeNumberOrText(raw.DATABASE_CONNECT_TIMEOUT_MS),
    DATABASE_STATEMENT_TIMEOUT_MS: wholeNumberOrText(raw.DATABASE_STATEMENT_TIMEOUT_MS),
    DATABASE_TRANSACTION_TIMEOUT_MS: wholeNumberOrText(raw.DATABASE_TRANSACTION_TIMEOUT_MS),
    RATE_LIMIT_PER_ADDRESS: wholeNumberOrText(raw.RATE_LIMIT_PER_ADDRESS),
    RATE_LIMIT_PER_KEY: wholeNumberOrText(raw.RATE_LIMIT_PER_KEY),
    CACHE_RECHECK_INTERVAL_MS: wholeNumberOrText(raw.CACHE_RECHECK_INTERVAL_MS),
    SHUTDOWN_DELAY_MS: wholeNumberOrText(raw.SHUTDOWN_DELAY_MS),
    SHUTDOWN_TIMEOUT_MS: wholeNumberOrText(raw.SHUTDOWN_TIMEOUT_MS),
    METRICS_PORT: wholeNumberOrText(raw.METRICS_PORT),
    WEBHOOK_TIMEOUT_MS: wholeNumberOrText(raw.WEBHOOK_TIMEOUT_MS),
    WEBHOOK_MAX_ATTEMPTS: wholeNumberOrText(raw.WEBHOOK_MAX_ATTEMPTS),
    WEBHOOK_RETRY_BASE_MS: wholeNumberOrText(raw.WEBHOOK_RETRY_BASE_MS),
    WEBHOOK_DELIVERY_CONCURRENCY: wholeNumberOrText(raw.WEBHOOK_DELIVERY_CONCURRENCY),
    WEBHOOK_POLL_INTERVAL_MS: wholeNumberOrText(raw.WEBHOOK_POLL_INTERVAL_MS),
    WEBHOOK_SECRET_GRACE_SECONDS: wholeNumberOrText(raw.WEBHOOK_SECRET_GRACE_SECONDS),
  });
  const errors = validateSync(parsed, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = Object.values(first.constraints ?? {})[0] ?? `${first.property} is not valid`;
    const shown = SHOWN_WHEN_INVALID.has(first.property) ? ` (got "${String(first.value)}")` : '';
    throw new StartupError(`invalid configuration: ${message}${shown}`);
  }
  const port = parsed.PORT ?? 3000;
  if (parsed.METRICS_PORT === port) {
    throw new StartupError(
      `invalid configuration: METRICS_PORT must differ from PORT, or be unset to serve /metrics on PORT (both are ${port})`,
    );
  }
  const metricsEnabled = (parsed.METRICS_ENABLED ?? 'true') === 'true';
  if (!metricsEnabled && parsed.METRICS_PORT !== undefined) {
    throw new StartupError(
      'invalid configuration: METRICS_PORT is set but METRICS_ENABLED=false: nothing would listen on it',
    );
  }
  const shutdownDelayMs = parsed.SHUTDOWN_DELAY_MS ?? 5_000;
  const shutdownTimeoutMs = parsed.SHUTDOWN_TIMEOUT_MS ?? 25_000;
  if (shutdownTimeoutMs <= shutdownDelayMs) {
    throw new StartupError(
      `invalid configuration: SHUTDOWN_TIMEOUT_MS (${shutdownTimeoutMs}) must be longer than SHUTDOWN_DELAY_MS (${shutdownDelayMs}), or requests in flight get no time to finish`,
    );
  }
  return {
    port,
    host: parsed.HOST ?? '0.0.0.0',
    databaseUrl: parsed.DATABASE_URL,
    databasePoolSize: parsed.DATABASE_POOL_SIZE ?? 10,
    databaseConnectTimeoutMs: parsed.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000,
    databaseStatementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_MS ?? 5_000,
    databaseTransactionTimeoutMs: parsed.DATABASE_TRANSACTION_TIMEOUT_MS ?? 10_000,
    dataDir: parsed.DATA_DIR ?? './.data',
    adminApiKey: parsed.ADMIN_API_KEY,
    logLevel: parsed.LOG_LEVEL ?? 'log',
    logFormat: parsed.LOG_FORMAT ?? 'json',
    seedOnStart: (parsed.SEED_ON_START ?? 'true') === 'true',
    readsRequireKey: (parsed.READS_REQUIRE_KEY ?? 'false') === 'true',
    rateLimitPerAddress: parsed.RATE_LIMIT_PER_ADDRESS ?? 1200,
    rateLimitPerKey: parsed.RATE_LIMIT_PER_KEY ?? 600,
    trustProxy: readTrustProxy(parsed.TRUST_PROXY ?? 'false') ?? false,
    cacheRecheckIntervalMs: parsed.CACHE_RECHECK_INTERVAL_MS ?? 5_000,
    shutdownDelayMs,
    shutdownTimeoutMs,
    redisUrl: parsed.REDIS_URL,
    redisKeyPrefix: parsed.REDIS_KEY_PREFIX ?? DEFAULT_REDIS_KEY_PREFIX,
    metricsPort: parsed.METRICS_PORT,
    metricsEnabled,
    corsOrigins: parsed.CORS_ORIGINS === undefined ? [] : readCorsOrigins(parsed.CORS_ORIGINS),
    webhooks: readWebhookSettings(parsed),
  };
}

function readWebhookSettings(parsed: EnvironmentVariables): WebhookSettings {
  const defaults = DEFAULT_WEBHOOK_SETTINGS;
  // A key that cannot be used stops the start here, before any secret is stored in clear.
  try {
    SecretBox.fromKey(parsed.WEBHOOK_SECRET_KEY);
  } catch (error) {
    throw new StartupError(`invalid configuration: ${(error as Error).message}`);
  }
  return {
    secretKey: parsed.WEBHOOK_SECRET_KEY,
    allowHttp: parsed.WEBHOOK_ALLOW_HTTP === undefined ? defaults.allowHttp : parsed.WEBHOOK_ALLOW_HTTP === 'true',
    allowPrivateNetworks:
      parsed.WEBHOOK_ALLOW_PRIVATE_NETWORKS === undefined
        ? defaults.allowPrivateNetworks
        : parsed.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true',
    timeoutMs: parsed.WEBHOOK_TIMEOUT_MS ?? defaults.timeoutMs,
    maxAttempts: parsed.WEBHOOK_MAX_ATTEMPTS ?? defaults.maxAttempts,
    retryBaseMs: parsed.WEBHOOK_RETRY_BASE_MS ?? defaults.retryBaseMs,
    deliveryConcurrency: parsed.WEBHOOK_DELIVERY_CONCURRENCY ?? defaults.deliveryConcurrency,
    pollIntervalMs: parsed.WEBHOOK_POLL_INTERVAL_MS ?? defaults.pollIntervalMs,
    secretGraceSeconds: parsed.WEBHOOK_SECRET_GRACE_SECONDS ?? defaults.secretGraceSeconds,
  };
}

/** The origins of a (valid) CORS_ORIGINS value, each once. */
export function readCorsOrigins(value: string): string[] {
  return [...new Set(value.split(',').map((entry) => entry.trim()))];
}

/**
 * Why CORS_ORIGINS cannot be used, or undefined. Each entry must be an origin exactly as a
 * browser sends it (scheme, host, port when not the default; no path, no trailing slash,
 * lower case): a browser's Origin header is compared with it character for character.
 */
function describeCorsOriginsProblem(value: string): string | undefined {
  for (const entry of value.split(',').map((part) => part.trim())) {
    if (entry === '')
      return 'must be a comma-separated list of origins such as https://portal.example.com (an entry is empty)';
    if (entry === '*') return 'must name each origin; "*" (any origin) is not accepted';
    let origin: string;
    try {
      const url = new URL(entry);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return `entry "${entry}" must start with http:// or https://`;
      origin = url.origin;
    } catch {
      return `entry "${entry}" is not an origin such as https://portal.example.com`;
    }
    if (origin !== entry) {
      return `entry "${entry}" must be written as a browser sends it: "${origin}" (scheme, host and port only, lower case)`;
    }
  }
  return undefined;
}

/** Digits as a number; anything else stays text, for the validator to refuse by name. */
function wholeNumberOrText(value: string | undefined): number | string | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : value;
}

/** Why a DATABASE_URL cannot be used, or undefined when it looks like a PostgreSQL URL. */
function describePostgresUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL; expected postgresql://user:password@host:5432/database';
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    return `must start with postgresql:// (got ${url.protocol}//)`;
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    return 'names no host; expected postgresql://user:password@host:5432/database';
  }
  return undefined;
}

/**
 * Why a REDIS_URL cannot be used, or undefined when it is a usable Redis URL. Never repeats
 * the value: it may hold a password.
 */
function describeRedisUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL; expected redis://[user:password@]host:6379[/database] (or rediss:// for TLS)';
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return `must start with redis:// or rediss:// (got ${url.protocol}//)`;
  }
  if (!url.hostname) {
    return 'names no host; expected redis://[user:password@]host:6379[/database]';
  }
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,5}$/.test(url.pathname)) {
    return 'may end only in a database number (/0, /1, ...); a "/" in the password must be written %2F';
  }
  return undefined;
}

/** Where a (valid) REDIS_URL points, host:port/database, without user or password. */
export function describeRedisUrl(value: string): string {
  const url = new URL(value);
  const database = url.pathname.length > 1 ? url.pathname : '';
  return `${url.hostname}:${url.port || '6379'}${database}`;
}

/**
 * Where the URL points (host, port, database) without user or password, for messages
 * and logs. Works on the raw text, so an unencoded "/" or "@" in a password cannot make
 * part of it look like the host.
 */
export function redactDatabaseUrl(value: string): string {
  const withoutScheme = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hostAndPath = withoutScheme.slice(withoutScheme.lastIndexOf('@') + 1);
  return hostAndPath.split('?')[0];
}

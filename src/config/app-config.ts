import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
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

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The whole configuration, typed and checked once at boot. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** A PostgreSQL server; undefined means the embedded database under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Connections to a PostgreSQL server (the embedded database always uses one). */
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly adminApiKey: string | undefined;
  readonly logLevel: LogLevel;
  /** Load the bundled Kublr catalog into an empty database at start. */
  readonly seedOnStart: boolean;
  /** Reads (REST GET, GraphQL queries) need an API key with at least the reader scope. */
  readonly readsRequireKey: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

@ValidatorConstraint({ name: 'postgresUrl' })
class PostgresUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && describePostgresUrlProblem(value) === undefined;
  }

  defaultMessage(args?: ValidationArguments): string {
    return `DATABASE_URL ${describePostgresUrlProblem(String(args?.value))}`;
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
  @IsIn(['true', 'false'], { message: 'SEED_ON_START must be true or false' })
  SEED_ON_START?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'READS_REQUIRE_KEY must be true or false' })
  READS_REQUIRE_KEY?: string;
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
    PORT: raw.PORT === undefined ? undefined : /^\d+$/.test(raw.PORT) ? Number(raw.PORT) : raw.PORT,
    DATABASE_POOL_SIZE:
      raw.DATABASE_POOL_SIZE === undefined
        ? undefined
        : /^\d+$/.test(raw.DATABASE_POOL_SIZE)
          ? Number(raw.DATABASE_POOL_SIZE)
          : raw.DATABASE_POOL_SIZE,
  });
  const errors = validateSync(parsed, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = Object.values(first.constraints ?? {})[0] ?? `${first.property} is not valid`;
    const shown = first.property === 'PORT' ? ` (got "${String(first.value)}")` : '';
    throw new StartupError(`invalid configuration: ${message}${shown}`);
  }
  return {
    port: parsed.PORT ?? 3000,
    host: parsed.HOST ?? '0.0.0.0',
    databaseUrl: parsed.DATABASE_URL,
    databasePoolSize: parsed.DATABASE_POOL_SIZE ?? 10,
    dataDir: parsed.DATA_DIR ?? './.data',
    adminApiKey: parsed.ADMIN_API_KEY,
    logLevel: parsed.LOG_LEVEL ?? 'log',
    seedOnStart: (parsed.SEED_ON_START ?? 'true') === 'true',
    readsRequireKey: (parsed.READS_REQUIRE_KEY ?? 'false') === 'true',
  };
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
 * Where the URL points (host, port, database) without user or password, for messages
 * and logs. Works on the raw text, so an unencoded "/" or "@" in a password cannot make
 * part of it look like the host.
 */
export function redactDatabaseUrl(value: string): string {
  const withoutScheme = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hostAndPath = withoutScheme.slice(withoutScheme.lastIndexOf('@') + 1);
  return hostAndPath.split('?')[0];
}

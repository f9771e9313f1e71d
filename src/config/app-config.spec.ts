import { describe, expect, it } from 'vitest';
import { StartupError } from '../common/startup-error';
import { DEFAULT_WEBHOOK_SETTINGS, describeRedisUrl, loadConfig, redactDatabaseUrl } from './app-config';

/** The StartupError loadConfig throws for `env`; fails the test if it throws anything else. */
function startupErrorFor(env: NodeJS.ProcessEnv): StartupError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    return error as StartupError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('uses the defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      databasePoolSize: 10,
      databaseConnectTimeoutMs: 5000,
      databaseStatementTimeoutMs: 5000,
      databaseTransactionTimeoutMs: 10000,
      dataDir: './.data',
      adminApiKey: undefined,
      logLevel: 'log',
      logFormat: 'json',
      seedOnStart: true,
      readsRequireKey: false,
      rateLimitPerAddress: 1200,
      rateLimitPerKey: 600,
      trustProxy: false,
      cacheRecheckIntervalMs: 5000,
      shutdownDelayMs: 5000,
      shutdownTimeoutMs: 25000,
      redisUrl: undefined,
      redisKeyPrefix: 'kublr-network-requirements:',
      metricsPort: undefined,
      metricsEnabled: true,
      corsOrigins: [],
      webhooks: DEFAULT_WEBHOOK_SETTINGS,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', ADMIN_API_KEY: '' })).toEqual(loadConfig({}));
  });

  it('reads every variable it knows', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgresql://app:secret@db.internal:5432/catalogs',
        DATABASE_POOL_SIZE: '4',
        DATABASE_CONNECT_TIMEOUT_MS: '2000',
        DATABASE_STATEMENT_TIMEOUT_MS: '30000',
        DATABASE_TRANSACTION_TIMEOUT_MS: '60000',
        DATA_DIR: '/var/lib/catalogs',
        ADMIN_API_KEY: 'k'.repeat(16),
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'pretty',
        SEED_ON_START: 'false',
        READS_REQUIRE_KEY: 'true',
        RATE_LIMIT_PER_ADDRESS: '3000',
        RATE_LIMIT_PER_KEY: '0',
        TRUST_PROXY: '1',
        CACHE_RECHECK_INTERVAL_MS: '1000',
        SHUTDOWN_DELAY_MS: '2000',
        SHUTDOWN_TIMEOUT_MS: '20000',
        REDIS_URL: 'rediss://app:secret@redis.internal:6380/2',
        REDIS_KEY_PREFIX: 'catalogs-prod:',
        METRICS_PORT: '9464',
        METRICS_ENABLED: 'true',
        CORS_ORIGINS: 'https://portal.example.com,http://localhost:8080',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://app:secret@db.internal:5432/catalogs',
      databasePoolSize: 4,
      databaseConnectTimeoutMs: 2000,
      databaseStatementTimeoutMs: 30000,
      databaseTransactionTimeoutMs: 60000,
      dataDir: '/var/lib/catalogs',
      adminApiKey: 'k'.repeat(16),
      logLevel: 'debug',
      logFormat: 'pretty',
      seedOnStart: false,
      readsRequireKey: true,
      rateLimitPerAddress: 3000,
      rateLimitPerKey: 0,
      trustProxy: 1,
      cacheRecheckIntervalMs: 1000,
      shutdownDelayMs: 2000,
      shutdownTimeoutMs: 20000,
      redisUrl: 'rediss://app:secret@redis.internal:6380/2',
      redisKeyPrefix: 'catalogs-prod:',
      metricsPort: 9464,
      metricsEnabled: true,
      corsOrigins: ['https://portal.example.com', 'http://localhost:8080'],
      webhooks: DEFAULT_WEBHOOK_SETTINGS,
    });
  });

  it.each(['0', '101', 'ten'])('rejects DATABASE_POOL_SIZE=%s, naming it', (value) => {
    expect(() => loadConfig({ DATABASE_POOL_SIZE: value })).toThrow(
      /^invalid configuration: DATABASE_POOL_SIZE must be a whole number between 1 and 100$/,
    );
  });

  it.each(['DATABASE_CONNECT_TIMEOUT_MS', 'DATABASE_STATEMENT_TIMEOUT_MS', 'DATABASE_TRANSACTION_TIMEOUT_MS'])(
    'reads %s in milliseconds, from 100 to 600000',
    (name) => {
      const field = {
        DATABASE_CONNECT_TIMEOUT_MS: 'databaseConnectTimeoutMs',
        DATABASE_STATEMENT_TIMEOUT_MS: 'databaseStatementTimeoutMs',
        DATABASE_TRANSACTION_TIMEOUT_MS: 'databaseTransactionTimeoutMs',
      }[name] as 'databaseConnectTimeoutMs';
      expect(loadConfig({ [name]: '100' })[field]).toBe(100);
      expect(loadConfig({ [name]: '600000' })[field]).toBe(600_000);
    },
  );

  it.each([
    ['DATABASE_CONNECT_TIMEOUT_MS', '0'],
    ['DATABASE_CONNECT_TIMEOUT_MS', '5s'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '99'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '1.5'],
    ['DATABASE_TRANSACTION_TIMEOUT_MS', '600001'],
    ['DATABASE_TRANSACTION_TIMEOUT_MS', '-1'],
  ])('rejects %s=%s in one line naming it and the value', (name, value) => {
    expect(startupErrorFor({ [name]: value }).message).toBe(
      `invalid configuration: ${name} must be a whole number of milliseconds between 100 and 600000 (got "${value}")`,
    );
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' })).toEqual(loadConfig({}));
  });

  it.each(['1', '65535'])('accepts PORT %s', (port) => {
    expect(loadConfig({ PORT: port }).port).toBe(Number(port));
  });

  it.each(['abc', '0', '70000', '3.5', '-1', '80 80'])('rejects PORT %j in one line naming PORT', (port) => {
    const error = startupErrorFor({ PORT: port });
    expect(error.message).toContain('PORT');
    expect(error.message).toContain(`"${port}"`);
    expect(error.message).not.toContain('\n');
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['mysql://x@h/db', 'must start with postgresql://'],
    ['postgresql://', 'names no host'],
  ])('rejects DATABASE_URL %j naming DATABASE_URL', (url, problem) => {
    const error = startupErrorFor({ DATABASE_URL: url });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain(problem);
    expect(error.message).not.toContain('\n');
  });

  it.each([
    'postgresql://user:pass@localhost:5432/catalogs',
    'postgres://user@db.internal/catalogs?sslmode=require',
    'postgresql:///catalogs?host=/var/run/postgresql',
  ])('accepts DATABASE_URL %s', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it('rejects an ADMIN_API_KEY shorter than 16 characters, naming it', () => {
    const error = startupErrorFor({ ADMIN_API_KEY: 'k'.repeat(15) });
    expect(error.message).toContain('ADMIN_API_KEY');
    expect(error.message).not.toContain('k'.repeat(15));
    expect(loadConfig({ ADMIN_API_KEY: 'k'.repeat(16) }).adminApiKey).toBe('k'.repeat(16));
  });

  it('rejects an ADMIN_API_KEY longer than 256 characters', () => {
    expect(startupErrorFor({ ADMIN_API_KEY: 'k'.repeat(257) }).message).toContain('ADMIN_API_KEY');
  });

  it('rejects an unknown LOG_LEVEL, listing the levels', () => {
    const error = startupErrorFor({ LOG_LEVEL: 'loud' });
    expect(error.message).toContain('LOG_LEVEL');
    expect(error.message).toContain('error, warn, log, debug, verbose');
  });

  it('rejects a SEED_ON_START that is not true or false', () => {
    expect(startupErrorFor({ SEED_ON_START: 'yes' }).message).toContain('SEED_ON_START');
    expect(loadConfig({ SEED_ON_START: 'true' }).seedOnStart).toBe(true);
  });

  it('rejects a READS_REQUIRE_KEY that is not true or false', () => {
    expect(startupErrorFor({ READS_REQUIRE_KEY: '1' }).message).toBe(
      'invalid configuration: READS_REQUIRE_KEY must be true or false',
    );
    expect(loadConfig({ READS_REQUIRE_KEY: 'true' }).readsRequireKey).toBe(true);
  });

  it.each(['RATE_LIMIT_PER_ADDRESS', 'RATE_LIMIT_PER_KEY'])('reads %s as requests per minute, 0 for none', (name) => {
    const field = name === 'RATE_LIMIT_PER_ADDRESS' ? 'rateLimitPerAddress' : 'rateLimitPerKey';
    expect(loadConfig({ [name]: '0' })[field]).toBe(0);
    expect(loadConfig({ [name]: '1' })[field]).toBe(1);
    expect(loadConfig({ [name]: '1000000000' })[field]).toBe(1_000_000_000);
  });

  it.each([
    ['RATE_LIMIT_PER_ADDRESS', '-1'],
    ['RATE_LIMIT_PER_ADDRESS', 'many'],
    ['RATE_LIMIT_PER_KEY', '2.5'],
    ['RATE_LIMIT_PER_KEY', '1000000001'],
  ])('rejects %s=%s in one line naming it and the value', (name, value) => {
    const error = startupErrorFor({ [name]: value });
    expect(error.message).toBe(
      `invalid configuration: ${name} must be a whole number of requests per minute between 0 (no limit) ` +
        `and 1000000000 (got "${value}")`,
    );
  });

  it.each(['0', '65536', 'nine', '94.64'])('rejects METRICS_PORT=%s in one line naming it and the value', (value) => {
    expect(startupErrorFor({ METRICS_PORT: value }).message).toBe(
      `invalid configuration: METRICS_PORT must be a whole number between 1 and 65535 (got "${value}")`,
    );
  });

  it('rejects a METRICS_PORT equal to PORT, the default PORT included', () => {
    expect(startupErrorFor({ METRICS_PORT: '3000' }).message).toBe(
      'invalid configuration: METRICS_PORT must differ from PORT, or be unset to serve /metrics on PORT (both are 3000)',
    );
    expect(startupErrorFor({ PORT: '8080', METRICS_PORT: '8080' }).message).toContain('METRICS_PORT must differ');
    expect(loadConfig({ PORT: '8080', METRICS_PORT: '3000' }).metricsPort).toBe(3000);
  });

  it('reads CORS_ORIGINS as exact origins, each once', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080,https://a.example' }).corsOrigins,
    ).toEqual(['https://a.example', 'http://b.example:8080']);
  });

  it.each([
    ['*', 'CORS_ORIGINS must name each origin; "*" (any origin) is not accepted'],
    [
      'https://a.example,',
      'CORS_ORIGINS must be a comma-separated list of origins such as https://portal.example.com (an entry is empty)',
    ],
    ['portal.example', 'CORS_ORIGINS entry "portal.example" is not an origin such as https://portal.example.com'],
    ['ftp://portal.example', 'CORS_ORIGINS entry "ftp://portal.example" must start with http:// or https://'],
    [
      'https://portal.example/',
      'CORS_ORIGINS entry "https://portal.example/" must be written as a browser sends it: "https://portal.example" (scheme, host and port only, lower case)',
    ],
    [
      'https://Portal.example:443',
      'CORS_ORIGINS entry "https://Portal.example:443" must be written as a browser sends it: "https://portal.example" (scheme, host and port only, lower case)',
    ],
  ])('rejects CORS_ORIGINS=%s', (value, message) => {
    expect(startupErrorFor({ CORS_ORIGINS: value }).message).toBe(`invalid configuration: ${message}`);
  });

  it('reads METRICS_ENABLED, and refuses a METRICS_PORT nothing would listen on', () => {
    expect(loadConfig({ METRICS_ENABLED: 'false' }).metricsEnabled).toBe(false);
    expect(startupErrorFor({ METRICS_ENABLED: 'no' }).message).toBe(
      'invalid configuration: METRICS_ENABLED must be true or false',
    );
    expect(startupErrorFor({ METRICS_ENABLED: 'false', METRICS_PORT: '9464' }).message).toBe(
      'invalid configuration: METRICS_PORT is set but METRICS_ENABLED=false: nothing would listen on it',
    );
  });
});

describe('REDIS_URL', () => {
  it.each([
    'redis://127.0.0.1:6379',
    'redis://redis.internal',
    'redis://:s3cret@redis.internal:6379/0',
    'rediss://app:p%2Fss@redis.internal:6380/15',
    'redis://[::1]:6379/',
  ])('accepts %s', (url) => {
    expect(loadConfig({ REDIS_URL: url }).redisUrl).toBe(url);
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['http://redis.internal:6379', 'must start with redis:// or rediss:// (got http://)'],
    ['redis://', 'names no host'],
    ['redis://redis.internal:99999', 'is not a URL'],
    ['redis://redis.internal:6379/zero', 'may end only in a database number'],
  ])('stops the start at %j with one line naming REDIS_URL', (url, problem) => {
    const error = startupErrorFor({ REDIS_URL: url });
    expect(error.message).toMatch(/^invalid configuration: REDIS_URL /);
    expect(error.message).toContain(problem);
    expect(error.message).not.toContain('\n');
  });

  // "app:2024" reads as host:port and "/Summer!@redis.internal" as the path.
  it.each([
    ['redis://app:2024/Summer!@redis.internal:6379', '2024/Summer!'],
    ['postgresql://app:hunter22@redis.internal', 'hunter22'],
    ['redis://app:hunter22@', 'hunter22'],
  ])('never repeats the password of a refused REDIS_URL (%s)', (url, password) => {
    const error = startupErrorFor({ REDIS_URL: url });
    expect(error.message).toContain('REDIS_URL');
    expect(error.message).not.toContain(password);
    expect(error.message).not.toContain(password.slice(0, 4));
  });

  it('is shown as host, port and database only', () => {
    expect(describeRedisUrl('rediss://app:s3cret@redis.internal:6380/2')).toBe('redis.internal:6380/2');
    expect(describeRedisUrl('redis://:s3cret@redis.internal')).toBe('redis.internal:6379');
  });

  it.each(['catalogs-prod:', 'a', 'team_1.catalogs-v2:'])('accepts REDIS_KEY_PREFIX=%s', (prefix) => {
    expect(loadConfig({ REDIS_KEY_PREFIX: prefix }).redisKeyPrefix).toBe(prefix);
  });

  it.each(['has space', 'x'.repeat(65), 'tag{1}'])('rejects REDIS_KEY_PREFIX=%j, naming it', (prefix) => {
    expect(startupErrorFor({ REDIS_KEY_PREFIX: prefix }).message).toBe(
      'invalid configuration: REDIS_KEY_PREFIX must be 1 to 64 letters, digits or the characters . _ - : ' +
        `(for example "catalogs-prod:") (got "${prefix}")`,
    );
  });
});

describe('redactDatabaseUrl', () => {
  it.each([
    ['postgresql://app:s3cr3t-pw@db.internal:5432/catalogs', 's3cr3t-pw', 'db.internal:5432/catalogs'],
    ['postgresql://app:p%40ss%3Aword@db/catalogs', 'p%40ss%3Aword', 'db/catalogs'],
    ['postgres://app:hunter22@localhost/x?password=hunter22', 'hunter22', 'localhost/x'],
  ])('never shows the password of %s', (url, password, shown) => {
    const redacted = redactDatabaseUrl(url);
    expect(redacted).toBe(shown);
    expect(redacted).not.toContain(password);
    expect(redacted).not.toContain(decodeURIComponent(password));
  });

  it('drops the user part of text that is not a URL', () => {
    expect(redactDatabaseUrl('user:secret@host')).toBe('host');
  });

  // A password with an unencoded "/" after digits ("2024/Summer!") makes a URL parser read
  // "app:2024" as host:port and the rest of the password as the path.
  it('never shows a password holding an unencoded "/"', () => {
    const url = 'postgresql://app:2024/Summer!@db/catalogs';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(redactDatabaseUrl(url)).toBe('db/catalogs');
  });

  it('trusts no proxy unless TRUST_PROXY says which', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1/128' }).trustProxy).toBe(
      '10.0.0.0/8,127.0.0.1,::1/128',
    );
  });

  it.each(['yes', '0', '100', '10.0.0.0/33', '10.0.0.300', 'proxy.internal'])('rejects TRUST_PROXY=%s', (value) => {
    expect(startupErrorFor({ TRUST_PROXY: value }).message).toBe(
      'invalid configuration: TRUST_PROXY must be false, true, a number of proxy hops (1-99), or a comma-separated ' +
        `list of proxy addresses or CIDRs (got "${value}")`,
    );
  });

  it.each(['99', '3600001', 'soon'])('rejects CACHE_RECHECK_INTERVAL_MS=%s, naming it', (value) => {
    expect(startupErrorFor({ CACHE_RECHECK_INTERVAL_MS: value }).message).toBe(
      'invalid configuration: CACHE_RECHECK_INTERVAL_MS must be a whole number of milliseconds between 100 and ' +
        `3600000 (got "${value}")`,
    );
  });
});

describe('WEBHOOK_* variables', () => {
  it('reads them, with a day of retries by default', () => {
    const key = 'ab'.repeat(32);
    expect(
      loadConfig({
        WEBHOOK_SECRET_KEY: key,
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_TIMEOUT_MS: '2500',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_RETRY_BASE_MS: '1000',
        WEBHOOK_DELIVERY_CONCURRENCY: '0',
        WEBHOOK_POLL_INTERVAL_MS: '750',
        WEBHOOK_SECRET_GRACE_SECONDS: '60',
      }).webhooks,
    ).toEqual({
      secretKey: key,
      allowHttp: true,
      allowPrivateNetworks: true,
      timeoutMs: 2500,
      maxAttempts: 3,
      retryBaseMs: 1000,
      deliveryConcurrency: 0,
      pollIntervalMs: 750,
      secretGraceSeconds: 60,
    });
    expect(loadConfig({}).webhooks).toEqual(DEFAULT_WEBHOOK_SETTINGS);
  });

  it.each([
    [
      'WEBHOOK_TIMEOUT_MS',
      '50',
      /WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds between 100 and 60000 \(got "50"\)/,
    ],
    ['WEBHOOK_MAX_ATTEMPTS', '0', /WEBHOOK_MAX_ATTEMPTS must be a whole number between 1 and 20/],
    [
      'WEBHOOK_POLL_INTERVAL_MS',
      '100',
      /WEBHOOK_POLL_INTERVAL_MS must be a whole number of milliseconds between 500 and 60000/,
    ],
    ['WEBHOOK_ALLOW_HTTP', 'yes', /WEBHOOK_ALLOW_HTTP must be true or false/],
    ['WEBHOOK_SECRET_KEY', 'too-short', /WEBHOOK_SECRET_KEY/],
  ])('refuses %s=%s, naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('never repeats a refused WEBHOOK_SECRET_KEY', () => {
    expect(() => loadConfig({ WEBHOOK_SECRET_KEY: 'secret-value-x' })).toThrow(/^(?!.*secret-value-x)/s);
  });
});

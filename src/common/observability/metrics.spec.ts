import { describe, expect, it } from 'vitest';
import { MAX_OPERATION_NAMES, MAX_OPERATION_NAME_LENGTH, Metrics } from './metrics';

describe('Metrics.operationName', () => {
  it('keeps GraphQL names, calls a missing one anonymous, and anything else other', () => {
    const metrics = new Metrics();
    expect(metrics.operationName('FlowsOfWorker')).toBe('FlowsOfWorker');
    expect(metrics.operationName('_private_2')).toBe('_private_2');
    expect(metrics.operationName(undefined)).toBe('anonymous');
    expect(metrics.operationName(null)).toBe('anonymous');
    expect(metrics.operationName('')).toBe('anonymous');
    for (const name of ['two words', '2fast', 'a-b', 'naïve', 'x{y}', 'a"b', 'a\nb']) {
      expect(metrics.operationName(name), name).toBe('other');
    }
    expect(metrics.operationName('x'.repeat(MAX_OPERATION_NAME_LENGTH))).toBe('x'.repeat(MAX_OPERATION_NAME_LENGTH));
    expect(metrics.operationName('y'.repeat(MAX_OPERATION_NAME_LENGTH + 1))).toBe('other');
  });

  it(`admits ${MAX_OPERATION_NAMES} distinct names, then counts new ones as other and keeps the known ones`, () => {
    const metrics = new Metrics();
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) expect(metrics.operationName(`Op${i}`)).toBe(`Op${i}`);
    expect(metrics.operationName('OneTooMany')).toBe('other');
    expect(metrics.operationName('Op0')).toBe('Op0');
    expect(metrics.operationName(undefined)).toBe('anonymous');
  });
});

describe('Metrics', () => {
  it('keeps each instance’s counts in a registry of its own', async () => {
    const [first, second] = [new Metrics(), new Metrics()];
    first.countRefusal('per-key');
    first.observeHttpRequest('GET', '/health', 200, 0.001);
    expect(await first.text()).toContain('nr_rate_limit_refusals_total{limit="per-key"} 1');
    expect(await second.text()).toContain('nr_rate_limit_refusals_total{limit="per-key"} 0');
    expect(await second.text()).not.toContain('route="/health"');
  });

  it('reads the pool’s use when scraped, and counts a negative lag (clocks apart) as 0', async () => {
    const metrics = new Metrics();
    const pool = { totalCount: 4, idleCount: 1, waitingCount: 2 };
    metrics.observeDatabasePool(pool);
    pool.totalCount = 5;
    metrics.countChangeNotification('peer', -0.5);
    const text = await metrics.text();
    expect(text).toContain('nr_database_pool_connections 5\n');
    expect(text).toContain('nr_database_pool_idle_connections 1\n');
    expect(text).toContain('nr_database_pool_waiting_clients 2\n');
    expect(text).toContain('nr_change_notification_lag_seconds_bucket{le="0.001",origin="peer"} 1\n');
    expect(text).toContain('nr_change_notifications_received_total{origin="peer"} 1\n');
  });
});

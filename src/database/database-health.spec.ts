import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { DatabaseUnavailableError } from '../common/errors/domain-error';
import { DatabaseFailure } from './database-failure';
import { DatabaseHealth } from './database-health';

describe('DatabaseHealth', () => {
  let error: MockInstance;
  let log: MockInstance;
  let health: DatabaseHealth;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    health = new DatabaseHealth();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('logs the start of an outage once, however many calls fail', () => {
    expect(health.noteFailure(new Error('Query read timeout'))).toBe(DatabaseFailure.QueryTimeout);
    vi.advanceTimersByTime(500);
    expect(health.noteFailure(new Error('timeout exceeded when trying to connect'))).toBe(
      DatabaseFailure.ConnectTimeout,
    );
    health.noteFailure(new DatabaseUnavailableError(DatabaseFailure.Unreachable));
    expect(health.available).toBe(false);
    expect(error.mock.calls).toEqual([['database unavailable: no answer within the query timeout']]);
    expect(log).not.toHaveBeenCalled();
  });

  it('logs the end once, with how long it lasted, at the first query sent after it began', () => {
    health.noteFailure(new Error('Connection terminated unexpectedly'));
    const began = Date.now();
    vi.advanceTimersByTime(12_400);
    health.noteSuccess(began - 1);
    expect(health.available).toBe(false);
    health.noteSuccess(began + 12_000);
    health.noteSuccess();
    expect(health.available).toBe(true);
    expect(log.mock.calls).toEqual([['database available again after 12 s']]);
  });

  it('takes no notice of errors that are not the database failing, nor of success while up', () => {
    expect(health.noteFailure(new Error('unique constraint'))).toBeUndefined();
    expect(health.noteFailure(null)).toBeUndefined();
    health.noteSuccess();
    expect(health.available).toBe(true);
    expect(error).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('logs each outage of several', () => {
    health.noteFailure(new Error('Query read timeout'));
    vi.advanceTimersByTime(2_000);
    health.noteSuccess();
    health.noteFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    vi.advanceTimersByTime(3_000);
    health.noteSuccess();
    expect(error.mock.calls.map(([message]) => message)).toEqual([
      'database unavailable: no answer within the query timeout',
      'database unavailable: cannot reach the server (connection refused or host unknown)',
    ]);
    expect(log.mock.calls.map(([message]) => message)).toEqual([
      'database available again after 2 s',
      'database available again after 3 s',
    ]);
  });
});

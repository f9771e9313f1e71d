import { describe, expect, it } from 'vitest';
import { answersChanged, retryDelayMs, subscriptionWants, type ProfileState } from './webhook-events';

const state: ProfileState = {
  version: '1.30.0',
  followsLatest: true,
  params: { cni: 'calico', airGapped: false },
  addresses: { master: { cidrs: ['10.0.0.0/24'] } },
  management: { cidrs: [], ports: [] },
};

describe('subscriptionWants', () => {
  it('matches the event and, when profiles are named, the profile', () => {
    expect(subscriptionWants({ events: ['catalog.published'], profiles: [] }, 'catalog.published', 'a')).toBe(true);
    expect(subscriptionWants({ events: ['catalog.published'], profiles: ['b'] }, 'catalog.published', 'a')).toBe(false);
    expect(subscriptionWants({ events: ['profile.changed'], profiles: [] }, 'catalog.published', 'a')).toBe(false);
  });
});

describe('answersChanged', () => {
  it('ignores key order, sees values, versions and following latest', () => {
    expect(answersChanged(state, { ...state, params: { airGapped: false, cni: 'calico' } })).toBe(false);
    expect(answersChanged(state, { ...state, params: { cni: 'canal', airGapped: false } })).toBe(true);
    expect(answersChanged(state, { ...state, version: '1.29.0' })).toBe(true);
    expect(answersChanged(state, { ...state, followsLatest: false })).toBe(true);
    expect(answersChanged(state, { ...state, management: { cidrs: ['192.0.2.0/24'], ports: [] } })).toBe(true);
    expect(answersChanged(state, { ...state, addresses: {} })).toBe(true);
  });
});

describe('retryDelayMs', () => {
  it('triples from the base, within 20 % either way', () => {
    expect(retryDelayMs(1, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, 1000, () => 0.5)).toBe(9000);
    expect(retryDelayMs(2, 1000, () => 0)).toBe(2400);
    expect(retryDelayMs(2, 1000, () => 1)).toBe(3600);
  });

  it('spreads the default eight attempts over about a day', () => {
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((sum, attempt) => sum + retryDelayMs(attempt, 80_000, () => 0.5), 0);
    expect(total / 3_600_000).toBeGreaterThan(20);
    expect(total / 3_600_000).toBeLessThan(28);
  });
});

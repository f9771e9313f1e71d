/** The events a subscription can ask for. */
export const WEBHOOK_EVENTS = ['catalog.published', 'catalog.deprecated', 'profile.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** One profile an event concerns, and its effective catalog version before and after. */
export interface ProfileEvent {
  readonly profile: string;
  readonly from: string | null;
  readonly to: string | null;
  /** What the payload needs beyond the versions (profile.changed: the profile before and after). */
  readonly context?: ProfileChangeContext;
}

/** The parts of a profile its answers depend on, at one moment. */
export interface ProfileState {
  /** The version it answers from: its fixed version, or the label "latest" named then. */
  readonly version: string | null;
  /** Whether it follows "latest" (no fixed version). */
  readonly followsLatest: boolean;
  readonly params: Readonly<Record<string, unknown>>;
  readonly addresses: Readonly<Record<string, unknown>>;
  readonly management: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
}

export interface ProfileChangeContext {
  readonly before: ProfileState;
  readonly after: ProfileState;
}

/** What a subscription asks for: events, and profiles (none: every profile). */
export interface SubscriptionFilter {
  readonly events: readonly string[];
  readonly profiles: readonly string[];
}

export function subscriptionWants(subscription: SubscriptionFilter, event: WebhookEvent, profile: string): boolean {
  return (
    subscription.events.includes(event) &&
    (subscription.profiles.length === 0 || subscription.profiles.includes(profile))
  );
}

/**
 * Whether an edit changed what the profile answers: its version (as resolved), parameter
 * values, address sets or management networks. A new description alone does not.
 */
export function answersChanged(before: ProfileState, after: ProfileState): boolean {
  return (
    before.version !== after.version ||
    before.followsLatest !== after.followsLatest ||
    canonical(before.params) !== canonical(after.params) ||
    canonical(before.addresses) !== canonical(after.addresses) ||
    canonical(before.management) !== canonical(after.management)
  );
}

/** JSON with object keys sorted, so that equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : inner,
  );
}

/** Each retry waits this many times longer than the one before. */
const BACKOFF_FACTOR = 3;
/** Jitter: a delay is drawn between (1 - JITTER) and (1 + JITTER) times its nominal value. */
const JITTER = 0.2;

/**
 * How long to wait after failed attempt `attempt` (1-based) before the next one:
 * base × 3^(attempt-1), with ±20 % jitter so that receivers that come back up are not hit by
 * every delivery at the same instant. With the default base of 80 s, 8 attempts span
 * 80 s × (1 + 3 + ... + 729) = 80 s × 1093 ≈ 24 h.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const nominal = baseMs * BACKOFF_FACTOR ** (attempt - 1);
  return Math.round(nominal * (1 - JITTER + 2 * JITTER * random()));
}

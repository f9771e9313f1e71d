import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Client, type Notification } from 'pg';
import { Metrics } from '../common/observability/metrics';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseConnection } from './database-connection';
import { PrismaService, type PrismaTransaction } from './prisma.service';

/** What changed: a catalog version (by label) or a profile (by name). */
export interface Change {
  readonly topic: 'catalog' | 'profile';
  readonly name: string;
}

/** The PostgreSQL channel that changes are announced on. */
export const CHANGE_CHANNEL = 'nr_changes';
/** How long the listener waits before connecting again, doubling up to the maximum. */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;

/**
 * A notification's payload. `sentAt` (milliseconds since the epoch, on the sender's clock,
 * when the change was announced in its transaction) came later: payloads without it, from
 * instances of an earlier release, are taken all the same; earlier releases ignore it.
 */
interface Announcement {
  readonly instance: string;
  readonly generation: string;
  readonly sentAt?: number;
}

/**
 * Tells every instance on one database that what answers depend on has changed, so each
 * drops what it keeps in memory (the version "latest" names, drafts, profiles, answers
 * computed from them).
 *
 * A change is announced inside its own transaction: a counter row (`change_feed`) moves
 * on and `pg_notify` is sent, both taking effect at commit and neither if it rolls back.
 * The instance that made the change drops its caches as soon as the commit returns, so
 * its next answer is new at once; the others hear the notification on a connection of
 * their own that LISTENs (milliseconds later). Notifications can be lost (the listening
 * connection drops): the counter is re-read every CACHE_RECHECK_INTERVAL_MS, and whenever
 * the listener connects again, and any move drops everything.
 *
 * What is kept is tagged with the `epoch` at which its reading began; a cache entry is
 * good only while the epoch is the same. On the embedded database there is one process
 * (the data directory is locked), so no listener is needed.
 *
 * Each notification heard is counted, and the time from its announcement to its arrival
 * observed (Metrics), so a fleet whose instances hear of changes late can be seen.
 */
@Injectable()
export class ChangeFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeFeed');
  private readonly instance = randomUUID();
  private readonly dropListeners = new Set<() => void>();
  /** Transactions that announced a change, with the generation they moved the counter to. */
  private readonly announced = new WeakMap<object, bigint>();
  private epochValue = 0;
  /** The counter's value whose changes this instance has taken in. */
  private seen = 0n;
  private listener: Client | undefined;
  private listenerDown = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private recheckTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly connection: DatabaseConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** Moves on whenever anything that answers depend on may have changed. */
  get epoch(): number {
    return this.epochValue;
  }

  /** Called (synchronously) each time the epoch moves, to free what is no longer good. */
  onDrop(listener: () => void): void {
    this.dropListeners.add(listener);
  }

  /**
   * Runs `work` in one transaction. If it announced a change, this instance's caches are
   * dropped once the transaction has committed, before the caller answers anyone.
   */
  async transaction<T>(work: (tx: PrismaTransaction) => Promise<T>): Promise<T> {
    let used: PrismaTransaction | undefined;
    const result = await this.prisma.$transaction((tx) => {
      used = tx;
      return work(tx);
    });
    const generation = used && this.announced.get(used);
    if (generation !== undefined) {
      // Every change up to this one is committed: whatever the others announced before it
      // is covered by this drop too.
      if (generation > this.seen) this.seen = generation;
      this.drop();
    }
    return result;
  }

  /** Announces a change inside `tx` (which must come from `transaction`): counter and notification. */
  async announce(tx: PrismaTransaction, change: Change): Promise<void> {
    const payload = JSON.stringify({
      instance: this.instance,
      topic: change.topic,
      name: change.name,
      sentAt: Date.now(),
    });
    const rows = await tx.$queryRaw<{ generation: bigint }[]>`
      WITH bumped AS (
        INSERT INTO change_feed (id, generation) VALUES (1, 1)
        ON CONFLICT (id) DO UPDATE SET generation = change_feed.generation + 1, changed_at = now()
        RETURNING generation
      )
      SELECT bumped.generation FROM bumped
      CROSS JOIN LATERAL (
        SELECT pg_notify(${CHANGE_CHANNEL}, jsonb_set(${payload}::jsonb, '{generation}', to_jsonb(bumped.generation::text))::text)
      ) AS sent`;
    this.announced.set(tx, BigInt(rows[0].generation));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.seen = await this.readGeneration();
    if (this.connection.mode === 'embedded') return;
    this.recheckTimer = setInterval(
      () => void this.recheck().catch(() => undefined),
      this.config.cacheRecheckIntervalMs,
    );
    this.recheckTimer.unref();
    await this.listen().catch((error: unknown) => this.listenerLost(undefined, error));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.recheckTimer);
    clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => undefined);
  }

  /** Re-reads the counter; a move that no notification brought drops everything. */
  async recheck(): Promise<void> {
    const generation = await this.readGeneration();
    if (generation > this.seen) {
      this.seen = generation;
      this.drop();
    }
  }

  private drop(): void {
    this.epochValue++;
    for (const listener of this.dropListeners) listener();
  }

  private async readGeneration(): Promise<bigint> {
    const rows = await this.prisma.$queryRaw<{ generation: bigint }[]>`SELECT generation FROM change_feed WHERE id = 1`;
    return rows.length > 0 ? BigInt(rows[0].generation) : 0n;
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.connection.url,
      connectionTimeoutMillis: this.connection.timeouts.connectMs,
      keepAlive: true,
    });
    client.on('notification', (message) => this.heard(message));
    client.on('error', (error) => this.listenerLost(client, error));
    client.on('end', () => this.listenerLost(client, undefined));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    if (this.listenerDown) {
      this.listenerDown = false;
      this.logger.log('change listener connected again; caches dropped and re-checked');
      // Whatever was announced while nobody listened is unknown: start afresh.
      this.drop();
      await this.recheck().catch(() => undefined);
    }
  }

  private heard(message: Notification): void {
    if (message.channel !== CHANGE_CHANNEL) return;
    const arrived = Date.now();
    const announcement = readAnnouncement(message.payload);
    if (announcement === undefined) {
      this.metrics?.countChangeNotification('unknown', undefined);
      this.drop();
      return;
    }
    const sentAt = announcement.sentAt;
    const lagSeconds = typeof sentAt === 'number' && Number.isFinite(sentAt) ? (arrived - sentAt) / 1000 : undefined;
    const self = announcement.instance === this.instance;
    this.metrics?.countChangeNotification(self ? 'self' : 'peer', lagSeconds);
    if (self) return; // dropped already, at commit
    const generation = BigInt(announcement.generation);
    if (generation > this.seen) this.seen = generation;
    this.drop();
  }

  private listenerLost(client: Client | undefined, error: unknown): void {
    // Events of a client that is not (or no longer) the listener are old news.
    if (this.stopped || (client !== undefined && client !== this.listener)) return;
    if (client !== undefined) {
      this.listener = undefined;
      void client.end().catch(() => undefined);
    }
    if (!this.listenerDown) {
      this.listenerDown = true;
      const reason = error instanceof Error ? error.message : 'connection closed';
      this.logger.warn(
        `change listener lost its connection (${reason}); reconnecting, and re-checking every ${this.config.cacheRecheckIntervalMs} ms meanwhile`,
      );
    }
    if (this.reconnectTimer !== undefined) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.stopped) return;
      void this.listen().catch((reconnectError: unknown) => this.listenerLost(undefined, reconnectError));
    }, delay);
    this.reconnectTimer.unref();
  }
}

/** A notification's payload, or undefined when it is not one this service sends. */
function readAnnouncement(payload: string | undefined): Announcement | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload ?? '');
  } catch {
    return undefined;
  }
  const { instance, generation } = (value ?? {}) as Partial<Announcement>;
  if (typeof instance !== 'string' || typeof generation !== 'string' || !/^\d+$/.test(generation)) return undefined;
  return value as Announcement;
}

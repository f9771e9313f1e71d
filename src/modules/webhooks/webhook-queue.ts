import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import PgBoss from 'pg-boss';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { PrismaService, type PrismaTransaction } from '../../database/prisma.service';

/** One attempt of one delivery: what a queued job carries. */
export interface DeliveryJob {
  readonly deliveryId: string;
  /** The attempt this job makes (1 for the first); a job for an attempt already recorded does nothing. */
  readonly attempt: number;
}

/** The pg-boss queue every instance takes delivery attempts from. */
export const DELIVERY_QUEUE = 'webhook-delivery';
/** pg-boss's own tables live in this schema, beside the service's. */
const QUEUE_SCHEMA = 'pgboss';
/**
 * A job whose instance died mid-delivery is handed out again once it has been active this
 * much longer than a delivery may take; it is retried this many times (the attempt is the
 * same one: it was never recorded).
 */
const EXPIRY_MARGIN_SECONDS = 30;
const CRASH_RETRIES = 5;
/** How long a stopping instance waits for deliveries in flight before it lets them expire. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * The job queue webhook deliveries go through: pg-boss on the service's own database, so a
 * job is written in the transaction of the change it is about (publish, deprecate, profile
 * edit) and exists exactly when that change does; any instance takes it (SKIP LOCKED: one
 * at a time), and a job whose instance died is handed out again after it expires.
 *
 * pg-boss sends its statements through the service's connection pool (its `db` option)
 * rather than a pool of its own: on the embedded database there is one connection, and a
 * second pool would interleave with it; on a server, the pool's limits and timeouts apply
 * to the queue too. A job enqueued inside a transaction goes through that transaction.
 */
@Injectable()
export class WebhookQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookQueue');
  private readonly boss: PgBoss;
  private started = false;
  private lastErrorLoggedAt = 0;

  constructor(
    prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const pool = prisma.pool;
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values ?? []) },
      schema: QUEUE_SCHEMA,
      // No cron schedules are used; expiry and archiving are.
      schedule: false,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: 30,
    });
    this.boss.on('error', (error: Error) => this.logError(error));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(DELIVERY_QUEUE, {
      name: DELIVERY_QUEUE,
      policy: 'standard',
      retryLimit: CRASH_RETRIES,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: Math.ceil(this.config.webhooks.timeoutMs / 1000) + EXPIRY_MARGIN_SECONDS,
    });
    this.started = true;
  }

  /** Before the database closes (DatabaseModule's shutdown hook): deliveries in flight finish first. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // The pool is the service's: pg-boss must not close it (close: false).
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: STOP_TIMEOUT_MS });
  }

  /**
   * Queues attempts inside `tx`, in one statement: they are taken only once `tx` commits,
   * and never if it rolls back. `startAfter` delays one (a retry).
   */
  async enqueue(tx: PrismaTransaction, jobs: ReadonlyArray<DeliveryJob & { startAfter?: Date }>): Promise<void> {
    if (jobs.length === 0) return;
    const db = {
      executeSql: async (text: string, values: unknown[]) => ({
        rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values.map((value) => value ?? null)),
      }),
    };
    await this.boss.insert(
      jobs.map(({ deliveryId, attempt, startAfter }) => ({
        name: DELIVERY_QUEUE,
        data: { deliveryId, attempt },
        ...(startAfter === undefined ? {} : { startAfter: startAfter.toISOString() }),
      })),
      { db },
    );
  }

  /** Takes jobs with `concurrency` workers on this instance, each one job at a time. */
  async work(concurrency: number, handle: (job: DeliveryJob) => Promise<void>): Promise<void> {
    const pollingIntervalSeconds = this.config.webhooks.pollIntervalMs / 1000;
    for (let worker = 0; worker < concurrency; worker++) {
      await this.boss.work<DeliveryJob>(DELIVERY_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async (jobs) => {
        for (const job of jobs) await handle(job.data);
      });
    }
  }

  /** The queue's errors (a database outage makes every poll fail): one line a minute at most. */
  private logError(error: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLoggedAt < 60_000) return;
    this.lastErrorLoggedAt = now;
    this.logger.warn(`webhook queue: ${error.message.split('\n')[0]}`);
  }
}

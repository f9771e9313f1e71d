import { Injectable } from '@nestjs/common';
import { DatabaseUnavailableError, ShuttingDownError } from '../../common/errors/domain-error';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';
import { DatabaseFailure } from '../../database/database-failure';
import { DatabaseHealth } from '../../database/database-health';
import { PrismaService } from '../../database/prisma.service';

export interface HealthStatus {
  status: 'ok';
  database?: 'up';
}

/** The longest /ready waits for the database before it answers 503. */
const READY_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  /** The probe in flight: concurrent /ready calls share it rather than queue more. */
  private probe: Promise<void> | undefined;

  constructor(
    private readonly prisma: PrismaService,
    private readonly database: DatabaseHealth,
    private readonly shutdown: ShutdownState,
  ) {}

  liveness(): HealthStatus {
    return { status: 'ok' };
  }

  /**
   * 503 at once while the process shuts down (see installGracefulShutdown). Otherwise
   * 200 when the database answers `SELECT 1` within READY_TIMEOUT_MS, 503 with
   * Retry-After otherwise. During a known outage with a probe still out (a frozen server
   * keeps it until the connect timeout), the answer is 503 at once.
   */
  async readiness(): Promise<HealthStatus> {
    if (this.shutdown.draining) throw new ShuttingDownError();
    if (!this.database.available && this.probe !== undefined) {
      throw new DatabaseUnavailableError(DatabaseFailure.QueryTimeout);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseUnavailableError(DatabaseFailure.QueryTimeout)), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.probeOnce(), timeout]);
      return { status: 'ok', database: 'up' };
    } catch (error) {
      this.database.noteFailure(error);
      throw DatabaseUnavailableError.from(error) ?? new DatabaseUnavailableError(DatabaseFailure.QueryTimeout);
    } finally {
      clearTimeout(timer);
    }
  }

  private probeOnce(): Promise<void> {
    this.probe ??= this.prisma.$queryRaw`SELECT 1`.then(() => undefined).finally(() => (this.probe = undefined));
    return this.probe;
  }
}

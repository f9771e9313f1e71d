import { Injectable, Logger } from '@nestjs/common';
import { DatabaseUnavailableError } from '../common/errors/domain-error';
import { describeDatabaseFailure, type DatabaseFailure } from './database-failure';

interface Outage {
  readonly since: number;
  readonly failure: DatabaseFailure;
}

/**
 * Whether the database is serving, as the service's own calls find it: an outage starts
 * with the first call that fails because of the database and ends with the first query
 * sent after that which succeeds. Each change is logged once, so an outage is two lines
 * in the log however many requests fail during it.
 */
@Injectable()
export class DatabaseHealth {
  private readonly logger = new Logger('Database');
  private outage: Outage | undefined;

  get available(): boolean {
    return this.outage === undefined;
  }

  /**
   * Notes an error some call got: the failure it stands for when it is the database's
   * (logged when it starts an outage), undefined when it is not.
   */
  noteFailure(error: unknown): DatabaseFailure | undefined {
    const failure = DatabaseUnavailableError.from(error)?.failure;
    if (failure !== undefined && this.outage === undefined) {
      this.outage = { since: Date.now(), failure };
      this.logger.error(`database unavailable: ${describeDatabaseFailure(failure)}`);
    }
    return failure;
  }

  /**
   * Notes a query that succeeded. One sent before the outage began (and answered late)
   * says nothing about now, so only a later one ends it.
   */
  noteSuccess(sentAt: number = Date.now()): void {
    if (this.outage === undefined || sentAt < this.outage.since) return;
    const seconds = Math.round((Date.now() - this.outage.since) / 1000);
    this.outage = undefined;
    this.logger.log(`database available again after ${seconds} s`);
  }
}

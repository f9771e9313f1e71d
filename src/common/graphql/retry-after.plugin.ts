import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Inject } from '@nestjs/common';
import { DatabaseHealth } from '../../database/database-health';
import { toErrorResponse } from '../errors/error-response';

/**
 * What the REST filter does for a REST answer, for a GraphQL one: an error that says when
 * to try again (the database unavailable, a rate limit) puts `Retry-After` on the answer
 * and its status into Apollo's, and a database outage is noted (logged once, by
 * DatabaseHealth). The errors Prisma and pg throw carry no `extensions.http` of their own,
 * so this cannot be left to Apollo. Nest's Apollo driver then puts the status of an answer
 * that has `data` back to 200 (see RateLimitedError); the header stays.
 */
@Plugin()
export class RetryAfterPlugin implements ApolloServerPlugin {
  constructor(@Inject(DatabaseHealth) private readonly database: DatabaseHealth) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const database = this.database;
    return {
      async didEncounterErrors({ errors, response }) {
        for (const error of errors) {
          const original = error.originalError;
          if (original === undefined) continue;
          const { statusCode, retryAfterSeconds } = toErrorResponse(original);
          database.noteFailure(original);
          if (retryAfterSeconds === undefined) continue;
          const current = Number(response.http.headers.get('retry-after') ?? 0);
          response.http.headers.set('retry-after', String(Math.max(current, retryAfterSeconds)));
          response.http.status = statusCode;
        }
      },
    };
  }
}

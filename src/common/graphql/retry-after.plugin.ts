import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Inject } from '@nestjs/common';
import { DatabaseHealth } from '../../database/database-health';
import { RateLimitedError, type RateLimitKind } from '../errors/domain-error';
import { toErrorResponse } from '../errors/error-response';
import { Metrics } from '../observability/metrics';

/**
 * What the REST filter does for a REST answer, for a GraphQL one: an error that says when
 * to try again (the database unavailable, a rate limit) puts `Retry-After` on the answer
 * and its status into Apollo's, and a database outage is noted (logged once, by
 * DatabaseHealth). The errors Prisma and pg throw carry no `extensions.http` of their own,
 * so this cannot be left to Apollo. Nest's Apollo driver then puts the status of an answer
 * that has `data` back to 200 (see RateLimitedError); the header stays. A refusal is
 * counted once per request, however many root fields it refused.
 */
@Plugin()
export class RetryAfterPlugin implements ApolloServerPlugin {
  constructor(
    @Inject(DatabaseHealth) private readonly database: DatabaseHealth,
    private readonly metrics: Metrics,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const { database, metrics } = this;
    return {
      async didEncounterErrors({ errors, response }) {
        const refused = new Set<RateLimitKind>();
        for (const error of errors) {
          const original = error.originalError;
          if (original === undefined) continue;
          if (original instanceof RateLimitedError) refused.add(original.limit);
          const { statusCode, retryAfterSeconds } = toErrorResponse(original);
          database.noteFailure(original);
          if (retryAfterSeconds === undefined) continue;
          const current = Number(response.http.headers.get('retry-after') ?? 0);
          response.http.headers.set('retry-after', String(Math.max(current, retryAfterSeconds)));
          response.http.status = statusCode;
        }
        for (const limit of refused) metrics.countRefusal(limit);
      },
    };
  }
}

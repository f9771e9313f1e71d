import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import type { FlowDiff } from '../../core/flows';
import { FlowQueryService, type VersionDiff } from '../flows/flow-query.service';
import { RenderingService } from '../rendering/rendering.service';
import type { ProfileChangeContext } from './webhook-events';
import type { AttemptRow } from './webhook.repository';

/** The change rendered in the subscription's format, as the artifact endpoints answer it. */
interface PayloadArtifact {
  readonly format: string;
  readonly contentType: string;
  readonly fileName: string;
  readonly content: string;
}

/** A diff, or, for a first publication, every flow added from nothing (`from` null). */
type PayloadDiff = VersionDiff | (FlowDiff & { readonly from: null; readonly to: string });

/** A part of the payload that could not be made, and why (the API's error code and message). */
interface PayloadProblem {
  readonly code: string;
  readonly message: string;
}

/** The JSON body of a delivery. */
export interface WebhookPayload {
  /** The delivery's id (X-Webhook-Delivery). */
  readonly id: string;
  readonly event: string;
  /** When the change happened (its transaction). */
  readonly occurredAt: string;
  readonly profile: string;
  /** The profile's effective catalog version before and after (null: none). */
  readonly catalog: { readonly from: string | null; readonly to: string | null };
  /** Added, removed and changed flows: what GET /catalogs/{from}/diff/{to}?profile= answers. */
  readonly diff: PayloadDiff | null;
  /** catalog.*: the `?since=` change artifact; profile.changed: the profile's whole artifact now. */
  readonly artifact: PayloadArtifact | null;
  /** Why `diff` or `artifact` is null although asked for. */
  readonly problems: readonly PayloadProblem[];
}

/**
 * Builds a delivery's body at its first attempt, with the service's own answers: the diff
 * endpoint's and the artifact endpoint's, so a receiver gets exactly what it would have
 * asked for. The body is then kept, and every retry sends the same bytes.
 */
@Injectable()
export class WebhookPayloads {
  constructor(
    private readonly flows: FlowQueryService,
    private readonly rendering: RenderingService,
  ) {}

  async build(delivery: AttemptRow): Promise<string> {
    const problems: PayloadProblem[] = [];
    const attempt = async <T>(part: () => Promise<T>): Promise<T | null> => {
      try {
        return await part();
      } catch (error) {
        // Only the API's own refusals (a profile deleted since, a platform limit) go into
        // the payload; anything else (the database down) fails the attempt, to be retried.
        if (!(error instanceof DomainError)) throw error;
        problems.push({ code: error.code, message: error.message });
        return null;
      }
    };
    const diff = await attempt(() => this.diff(delivery));
    const format = delivery.subscription.format;
    const artifact = format === null ? null : await attempt(() => this.artifact(delivery, format));
    const payload: WebhookPayload = {
      id: delivery.id,
      event: delivery.event,
      occurredAt: delivery.createdAt.toISOString(),
      profile: delivery.profile,
      catalog: { from: delivery.fromVersion, to: delivery.toVersion },
      diff,
      artifact,
      problems,
    };
    return JSON.stringify(payload);
  }

  private async diff(delivery: AttemptRow): Promise<PayloadDiff | null> {
    const { fromVersion: from, toVersion: to, profile } = delivery;
    if (delivery.event === 'profile.changed') {
      const { before, after } = delivery.context as unknown as ProfileChangeContext;
      if (before.version === null || after.version === null) return null;
      return this.flows.diffContexts(
        { catalog: before.version, params: before.params },
        { catalog: after.version, params: after.params },
      );
    }
    if (to === null) return null;
    if (from === null) {
      // Nothing was published before: every flow is new.
      const { flows } = await this.flows.flows({ catalog: to, profile });
      return { from: null, to, added: flows, removed: [], changed: [] };
    }
    return (await this.flows.diff(from, to, { profile })).data;
  }

  private async artifact(delivery: AttemptRow, format: string): Promise<PayloadArtifact | null> {
    const { fromVersion: from, toVersion: to, profile } = delivery;
    if (to === null) return null;
    const since = delivery.event === 'profile.changed' || from === null ? undefined : from;
    const { contentType, fileName, content } = await this.rendering.artifact(format, { catalog: to, profile, since });
    return { format, contentType, fileName, content };
  }
}

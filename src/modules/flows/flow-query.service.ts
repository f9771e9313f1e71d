import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  diffFlows,
  explainFlow,
  flowMatrix,
  resolveFlows,
  UnknownFlowError,
  UnknownRoleError,
  whoMustReach,
  type FlowDiff,
  type FlowExplanation,
  type FlowMatrix,
  type ResolvedFlow,
  type ResolvedProtocol,
  type ReverseLookupResult,
} from '../../core/flows';
import { LATEST } from '../../core/catalog/version-label';
import { ParameterError, resolveParameterValues } from '../../core/parameters/parameter-values';
import type { ParameterSpec, ParameterValues } from '../../core/parameters/parameter.types';
import { NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import { etagOf } from '../../common/http/conditional-response';
import { Metrics } from '../../common/observability/metrics';
import { checkParamLimits } from '../../common/validation/limited-length';
import { ProfileService, type ProfileRecord } from '../profiles/profile.service';
import { CatalogSnapshotService, type CatalogSnapshot } from '../catalogs/catalog-snapshot.service';

/** Where a question is asked: a catalog version, a profile, ad-hoc parameter values. */
export interface FlowContext {
  /** Version label or "latest"; defaults to the profile's version, else "latest". */
  readonly catalog?: string;
  readonly profile?: string;
  /** Parameter values given with the question; they override the profile's. */
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface FlowQuestion extends FlowContext {
  readonly from?: string;
  readonly to?: string;
}

/** The flows of one version under one set of values, serialised once. */
interface FlowListBody {
  readonly version: string;
  readonly flows: readonly ResolvedFlow[];
  /** `{"flows":[...]}`. */
  readonly body: string;
  readonly etag: string;
}

/** An answer with what HTTP caching needs: the version it came from and a validator. */
export interface FlowAnswer extends FlowListBody {
  /**
   * True when the same question always gets the same answer: a published version asked by
   * label, with no profile. Decided per question, never kept with the cached body.
   */
  readonly immutable: boolean;
}

/** Any other answer, with the version it came from and whether it can ever change. */
export interface Answer<T> {
  readonly version: string;
  /** True when the same question always gets the same answer (published versions by label, no profile). */
  readonly immutable: boolean;
  readonly data: T;
}

export interface VersionDiff extends FlowDiff {
  readonly from: string;
  readonly to: string;
}

/** A question resolved: its version, parameter values and profile. */
export interface ResolvedContext {
  readonly snapshot: CatalogSnapshot;
  readonly values: ParameterValues;
  readonly profile: ProfileRecord | undefined;
  readonly immutable: boolean;
}

const MAX_CACHED_BYTES = 32 * 1024 * 1024;

/**
 * The questions every consumer asks, for REST and GraphQL alike: which flows apply
 * between two roles under a profile, the role matrix, who must reach a role, why a flow
 * is required, and what changed between two versions.
 *
 * Flow lists are kept (bounded by size) by what they are computed from: the version's id
 * and revision (so a draft's edit or "latest" moving on asks for another entry), the
 * roles, and the parameter values after the profile's and the question's were applied.
 * Which version "latest" names and what a profile says come from caches that the change
 * feed empties at every change.
 */
@Injectable()
export class FlowQueryService {
  private readonly answers = new LRUCache<string, FlowListBody>({
    maxSize: MAX_CACHED_BYTES,
    sizeCalculation: (answer, key) => answer.body.length + key.length + 256,
  });

  constructor(
    private readonly snapshots: CatalogSnapshotService,
    private readonly profiles: ProfileService,
    private readonly metrics: Metrics,
  ) {}

  async flows(question: FlowQuestion): Promise<FlowAnswer> {
    const { snapshot, values, immutable } = await this.resolveContext(question);
    const key = JSON.stringify([snapshot.versionId, snapshot.revision, question.from, question.to, values]);
    let answer = this.answers.get(key);
    this.metrics.countCacheLookup('flows', answer !== undefined);
    if (!answer) {
      const flows = this.guard(
        () => resolveFlows(snapshot.compiled, values, { from: question.from, to: question.to }),
        question,
      );
      const body = JSON.stringify({ flows });
      answer = { version: snapshot.label, flows, body, etag: etagOf(body) };
      this.answers.set(key, answer);
    }
    return { ...answer, immutable };
  }

  /** Everything a rendering needs of a question: version, values, profile and flows. */
  async resolveQuestion(question: FlowQuestion): Promise<ResolvedContext & { flows: readonly ResolvedFlow[] }> {
    const context = await this.resolveContext(question);
    const flows = this.guard(() => resolveFlows(context.snapshot.compiled, context.values, question), question);
    return { ...context, flows };
  }

  async matrix(context: FlowContext): Promise<Answer<FlowMatrix>> {
    const { snapshot, values, immutable } = await this.resolveContext(context);
    return { version: snapshot.label, immutable, data: flowMatrix(snapshot.compiled, values) };
  }

  async whoMustReach(
    context: FlowContext,
    query: { to: string; port?: number; protocol?: ResolvedProtocol },
  ): Promise<Answer<ReverseLookupResult>> {
    const { snapshot, values, immutable } = await this.resolveContext(context);
    return {
      version: snapshot.label,
      immutable,
      data: this.guard(() => whoMustReach(snapshot.compiled, values, query), query),
    };
  }

  async explain(context: FlowContext, key: string): Promise<Answer<FlowExplanation>> {
    const { snapshot, values, immutable } = await this.resolveContext(context);
    return { version: snapshot.label, immutable, data: this.guard(() => explainFlow(snapshot.compiled, values, key)) };
  }

  /**
   * What changed between two versions under the same profile and values: the rules a
   * firewall team adds and removes for an upgrade. A parameter only one of the versions
   * declares applies to that version alone.
   */
  async diff(
    fromVersion: string,
    toVersion: string,
    question: Omit<FlowQuestion, 'catalog'>,
  ): Promise<Answer<VersionDiff>> {
    checkParamLimits(question.params);
    const profile = question.profile === undefined ? undefined : await this.profiles.findProfile(question.profile);
    const [before, after] = await Promise.all([this.snapshots.get(fromVersion), this.snapshots.get(toVersion)]);
    const known = new Set([...before.compiled.parameters, ...after.compiled.parameters].map((spec) => spec.name));
    const layers = [profile?.params, question.params];
    const unknown = layers.flatMap((layer) => Object.keys(layer ?? {})).find((name) => !known.has(name));
    if (unknown !== undefined) {
      throw new ValidationFailedError(unknown, `unknown parameter "${unknown}"`, { parameter: unknown });
    }
    const resolve = (snapshot: CatalogSnapshot) =>
      this.guard(() => {
        const values = this.values(snapshot.compiled.parameters, layers, true);
        return resolveFlows(snapshot.compiled, values, { from: question.from, to: question.to });
      }, question);
    const byLabel = fromVersion !== LATEST && toVersion !== LATEST;
    return {
      version: after.label,
      immutable: byLabel && before.immutable && after.immutable && profile === undefined,
      data: { from: before.label, to: after.label, ...diffFlows(resolve(before), resolve(after)) },
    };
  }

  /**
   * What changed between two questions without a profile (each a version and parameter
   * values): what a profile's edit changed, asked with its states before and after.
   */
  async diffContexts(before: FlowContext, after: FlowContext): Promise<VersionDiff> {
    const [a, b] = await Promise.all([this.resolveContext(before), this.resolveContext(after)]);
    const flowsOf = (context: ResolvedContext) =>
      this.guard(() => resolveFlows(context.snapshot.compiled, context.values));
    return { from: a.snapshot.label, to: b.snapshot.label, ...diffFlows(flowsOf(a), flowsOf(b)) };
  }

  private async resolveContext(context: FlowContext): Promise<ResolvedContext> {
    // GraphQL's params argument, under the limits REST query parsing applies.
    checkParamLimits(context.params);
    const profile = context.profile === undefined ? undefined : await this.profiles.findProfile(context.profile);
    const catalog = context.catalog ?? profile?.version ?? LATEST;
    const snapshot = await this.snapshots.get(catalog);
    const values = this.values(snapshot.compiled.parameters, [profile?.params, context.params], false);
    return { snapshot, values, profile, immutable: snapshot.immutable && profile === undefined && catalog !== LATEST };
  }

  /** Profile values, then the question's, over the defaults; `lenient` drops names the version lacks. */
  private values(
    specs: readonly ParameterSpec[],
    layers: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>,
    lenient: boolean,
  ): ParameterValues {
    const names = new Set(specs.map((spec) => spec.name));
    const usable = lenient ? layers.map((layer) => onlyKnown(layer, names)) : layers;
    return this.guard(() => resolveParameterValues(specs, ...usable));
  }

  /** Turns the core's errors about the question into client errors naming the problem. */
  private guard<T>(run: () => T, roles?: { readonly from?: string; readonly to?: string }): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof UnknownRoleError) {
        const field = roles?.from === error.role ? 'from' : roles?.to === error.role ? 'to' : 'role';
        throw new ValidationFailedError(field, error.message, { role: error.role });
      }
      if (error instanceof ParameterError) {
        throw new ValidationFailedError(error.parameter, error.message, { parameter: error.parameter });
      }
      if (error instanceof UnknownFlowError) {
        throw new NotFoundError('flow', error.key, error.message);
      }
      throw error;
    }
  }
}

function onlyKnown(
  layer: Readonly<Record<string, unknown>> | undefined,
  known: ReadonlySet<string>,
): Readonly<Record<string, unknown>> | undefined {
  return layer && Object.fromEntries(Object.entries(layer).filter(([name]) => known.has(name)));
}

/** The REST form of an answer: its data with the version it came from. */
export function withVersion<T extends object>(answer: Answer<T>): T & { version: string } {
  return { version: answer.version, ...answer.data };
}

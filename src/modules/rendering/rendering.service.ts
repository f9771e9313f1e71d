import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ALLOW_EVERY_HOST,
  changeInput,
  DEFAULT_MANAGEMENT_PORTS,
  type HostFirewall,
  type RenderInput,
  type RenderRole,
} from '../../core/rendering/render-input';
import { hostFirewallProblem } from '../../core/rendering/renderers/host-view';
import { exceededLimit, type Renderer } from '../../core/rendering/renderer';
import { RendererRegistry } from '../../core/rendering/renderer-registry';
import type { CompiledCatalog } from '../../core/flows';
import { NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import { etagOf } from '../../common/http/conditional-response';
import { Metrics } from '../../common/observability/metrics';
import { TRACER_NAME } from '../../common/observability/tracing';
import { FlowQueryService, type FlowQuestion } from '../flows/flow-query.service';
import type { ProfileManagement } from '../profiles/profile.service';
import type { HostFirewallOptions } from './dto/host-firewall.args';

/** A no-op until the OpenTelemetry SDK is started (tracing.ts), then the service's tracer. */
const tracer = trace.getTracer(TRACER_NAME);

/**
 * A question as an artifact: `since` asks for the change from an earlier version; the
 * host firewall options (host, mode, egress, management) shape the firewall formats.
 */
export interface ArtifactQuestion extends FlowQuestion {
  readonly since?: string;
  readonly firewall?: HostFirewallOptions;
}

export interface Artifact {
  readonly format: string;
  readonly contentType: string;
  readonly fileName: string;
  readonly content: string;
  readonly etag: string;
  readonly immutable: boolean;
}

export interface ArtifactFormat {
  readonly format: string;
  readonly contentType: string;
  readonly fileExtension: string;
  readonly description: string;
}

/**
 * Renders the answer to a flow question in any registered format. The renderers get the
 * resolved, platform-neutral flows and the profile's address sets, never database rows.
 */
@Injectable()
export class RenderingService {
  constructor(
    private readonly flowQueries: FlowQueryService,
    private readonly renderers: RendererRegistry,
    private readonly metrics: Metrics,
  ) {}

  formats(): ArtifactFormat[] {
    return this.renderers.all().map(({ format, contentType, fileExtension, description }) => ({
      format,
      contentType,
      fileExtension,
      description,
    }));
  }

  /** The content type of a format's artifacts; undefined for a format there is no renderer for. */
  contentTypeOf(format: string): string | undefined {
    return this.renderers.get(format)?.contentType;
  }

  /** Host firewall options given for a format that does not take them: 400 naming those that do. */
  private refuseFirewallOptions(renderer: Renderer, options: HostFirewallOptions | undefined): void {
    if (renderer.takesHostFirewall || options === undefined) return;
    const given = Object.entries(options).find(([, value]) => value !== null);
    if (given === undefined) return;
    const formats = this.renderers
      .all()
      .filter((candidate) => candidate.takesHostFirewall)
      .map((candidate) => candidate.format);
    throw new ValidationFailedError(
      given[0],
      `${given[0]} is a host firewall option: only ${formats.join(', ')} take it, not ${renderer.format}`,
      { formats },
    );
  }

  async artifact(format: string, question: ArtifactQuestion): Promise<Artifact> {
    const renderer = this.renderers.get(format);
    if (!renderer) {
      const known = this.renderers.all().map((candidate) => candidate.format);
      throw new NotFoundError(
        'artifact-format',
        format,
        `unknown artifact format "${format}"; formats: ${known.join(', ')}`,
      );
    }
    this.refuseFirewallOptions(renderer, question.firewall);
    const resolved = await this.flowQueries.resolveQuestion(question);
    const roles = rolesOf(resolved.snapshot.compiled);
    const firewall = renderer.takesHostFirewall
      ? hostFirewallOf(roles, question.firewall, resolved.profile?.management ?? null)
      : ALLOW_EVERY_HOST;
    let input: RenderInput = {
      catalog: { version: resolved.snapshot.label, title: resolved.snapshot.compiled.definition.title },
      profile: resolved.profile?.name ?? null,
      parameters: resolved.values,
      roles,
      addresses: resolved.profile?.addresses ?? {},
      flows: resolved.flows,
      removed: [],
      since: null,
      firewall,
    };
    let immutable = resolved.immutable;
    if (question.since !== undefined) {
      const change = await this.flowQueries.diff(question.since, resolved.snapshot.label, question);
      input = changeInput(input, change.data, change.data.from);
      immutable = immutable && change.immutable;
    }
    // A platform limit the flows do not fit (e.g. Azure's 400 rules per security group).
    const exceeded = exceededLimit(renderer, input);
    if (exceeded) {
      throw new ValidationFailedError('format', exceeded.message, {
        format,
        limit: exceeded.limit.max,
        count: exceeded.count,
      });
    }
    let content: string;
    const started = performance.now();
    try {
      content = renderTraced(renderer, input);
      this.metrics.observeRender(renderer.format, (performance.now() - started) / 1000, true);
    } catch (error) {
      this.metrics.observeRender(renderer.format, (performance.now() - started) / 1000, false);
      throw error;
    }
    return {
      format: renderer.format,
      contentType: renderer.contentType,
      fileName: fileNameOf(input, renderer.fileExtension),
      content,
      etag: etagOf(`${renderer.contentType}\n${content}`),
      immutable,
    };
  }
}

/** The render itself (no database work) as a span "render <format>", when tracing is on. */
function renderTraced(renderer: Renderer, input: RenderInput): string {
  const attributes = {
    'render.format': renderer.format,
    'render.content_type': renderer.contentType,
    'render.flow_count': input.flows.length,
    'render.removed_flow_count': input.removed.length,
    'catalog.version': input.catalog.version,
  };
  return tracer.startActiveSpan(`render ${renderer.format}`, { attributes }, (span) => {
    try {
      const content = renderer.render(input);
      if (span.isRecording()) span.setAttribute('render.output_bytes', Buffer.byteLength(content));
      return content;
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The options as the renderers take them, checked against the catalog's roles: the
 * query's management networks and ports override the profile's; ports default to 22.
 */
function hostFirewallOf(
  roles: readonly RenderRole[],
  options: HostFirewallOptions | undefined,
  profileManagement: ProfileManagement | null,
): HostFirewall {
  const firewall: HostFirewall = {
    host: options?.host ?? null,
    mode: options?.mode ?? 'allow',
    egress: options?.egress ?? 'allow',
    management: {
      cidrs: options?.managementCidrs ?? profileManagement?.cidrs ?? [],
      ports: options?.managementPorts ?? profileManagement?.ports ?? DEFAULT_MANAGEMENT_PORTS,
    },
  };
  const problem = hostFirewallProblem(roles, firewall);
  if (problem) throw new ValidationFailedError(problem.field, problem.message);
  return firewall;
}

function rolesOf(catalog: CompiledCatalog): RenderRole[] {
  return catalog.definition.roles.map((role) => ({
    key: role.key,
    name: role.name,
    members: catalog.members.get(role.key)!,
    kind: role.kind,
    defaultCidrs: role.defaultCidrs,
  }));
}

/** "network-flows-1.30.0-prod-eu-1-master-enforce-since-1.29.0.rules", safe as a file name. */
function fileNameOf(input: RenderInput, extension: string): string {
  const { host, mode } = input.firewall;
  const parts = [
    'network-flows',
    input.catalog.version,
    input.profile,
    host,
    host === null || mode === 'allow' ? null : mode,
    input.since === null ? null : `since-${input.since}`,
  ];
  const base = parts
    .filter((part): part is string => part !== null)
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${base}.${extension}`;
}

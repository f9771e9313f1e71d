import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ALLOW_EVERY_HOST, changeInput, type RenderInput, type RenderRole } from '../../core/rendering/render-input';
import { exceededLimit, type Renderer } from '../../core/rendering/renderer';
import { RendererRegistry } from '../../core/rendering/renderer-registry';
import type { CompiledCatalog } from '../../core/flows';
import { NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import { etagOf } from '../../common/http/conditional-response';
import { Metrics } from '../../common/observability/metrics';
import { TRACER_NAME } from '../../common/observability/tracing';
import { FlowQueryService, type FlowQuestion } from '../flows/flow-query.service';

/** A no-op until the OpenTelemetry SDK is started (tracing.ts), then the service's tracer. */
const tracer = trace.getTracer(TRACER_NAME);

/** A question as an artifact: `since` asks for the change from an earlier version. */
export interface ArtifactQuestion extends FlowQuestion {
  readonly since?: string;
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
    const resolved = await this.flowQueries.resolveQuestion(question);
    let input: RenderInput = {
      catalog: { version: resolved.snapshot.label, title: resolved.snapshot.compiled.definition.title },
      profile: resolved.profile?.name ?? null,
      parameters: resolved.values,
      roles: rolesOf(resolved.snapshot.compiled),
      addresses: resolved.profile?.addresses ?? {},
      flows: resolved.flows,
      removed: [],
      since: null,
    firewall: ALLOW_EVERY_HOST,
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

function rolesOf(catalog: CompiledCatalog): RenderRole[] {
  return catalog.definition.roles.map((role) => ({
    key: role.key,
    name: role.name,
    members: catalog.members.get(role.key)!,
    kind: role.kind,
    defaultCidrs: role.defaultCidrs,
  }));
}

/** "kublr-network-1.30.0-prod-eu-1-since-1.29.0.rules", safe as a file name. */
function fileNameOf(input: RenderInput, extension: string): string {
  const parts = [
    'network-flows',
    input.catalog.version,
    input.profile,
    input.since === null ? null : `since-${input.since}`,
  ];
  const base = parts
    .filter((part): part is string => part !== null)
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${base}.${extension}`;
}

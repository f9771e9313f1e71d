import { Logger } from '@nestjs/common';
import { core, type tracing } from '@opentelemetry/sdk-node';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { reportingExporter, tracingRequested } from './tracing';

describe('tracingRequested', () => {
  it.each([
    ['nothing set', {}, false],
    ['an OTLP endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    ['a traces endpoint', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    ['an endpoint of blanks', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, false],
    ['an exporter by name', { OTEL_TRACES_EXPORTER: 'console' }, true],
    ['otlp by name, default endpoint', { OTEL_TRACES_EXPORTER: 'otlp' }, true],
    ['exporter none', { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    ['none first (the SDK then sets up nothing)', { OTEL_TRACES_EXPORTER: 'none,otlp' }, false],
    ['the SDK disabled', { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    ['OTEL_SDK_DISABLED=false', { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, true],
    ['only other OTEL_* variables', { OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, false],
  ])('%s → %s', (_, env, expected) => {
    expect(tracingRequested(env)).toBe(expected);
  });
});

describe('reportingExporter', () => {
  let warn: MockInstance;
  let log: MockInstance;

  beforeEach(() => {
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => vi.restoreAllMocks());

  function exporterAnswering(results: core.ExportResult[]): tracing.SpanExporter {
    return {
      export: (_spans, done) => done(results.shift()!),
      shutdown: async () => undefined,
    };
  }

  function exportOnce(exporter: tracing.SpanExporter): Promise<core.ExportResult> {
    return new Promise((done) => exporter.export([], done));
  }

  it('logs one line when exports start failing and one when they work again', async () => {
    const refused = { code: core.ExportResultCode.FAILED, error: new Error('connect ECONNREFUSED 10.0.0.1:4318') };
    const exporter = reportingExporter(
      exporterAnswering([
        { code: core.ExportResultCode.SUCCESS },
        refused,
        { ...refused, error: new Error('connect ECONNREFUSED 10.0.0.1:4318') },
        { code: core.ExportResultCode.FAILED },
        { code: core.ExportResultCode.SUCCESS },
        { code: core.ExportResultCode.SUCCESS },
      ]),
      'http://collector:4318',
    );
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await exportOnce(exporter));

    const { SUCCESS, FAILED } = core.ExportResultCode;
    expect(results.map((result) => result.code)).toEqual([SUCCESS, FAILED, FAILED, FAILED, SUCCESS, SUCCESS]);
    // A failure always carries an error, so that the SDK's error handler can tell it was reported.
    expect(results.filter((result) => result.code === FAILED).every((result) => result.error)).toBe(true);
    expect(warn.mock.calls).toEqual([
      [
        'tracing: cannot export spans to http://collector:4318: connect ECONNREFUSED 10.0.0.1:4318; spans are dropped until it answers',
      ],
    ]);
    expect(log.mock.calls).toEqual([['tracing: spans reach http://collector:4318 again']]);
  });
});

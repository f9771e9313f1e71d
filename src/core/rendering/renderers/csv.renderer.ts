import { stringify } from 'csv-stringify/sync';
import type { RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { flowRows } from './flow-rows';

const COLUMNS = [
  'change',
  'key',
  'source',
  'destination',
  'protocol',
  'ipProtocolNumber',
  'fromPort',
  'toPort',
  'component',
  'notes',
  'sections',
] as const;

/** One row per flow, for spreadsheets. */
export class CsvRenderer extends Renderer {
  readonly format = 'csv';
  readonly contentType = 'text/csv; charset=utf-8';
  readonly fileExtension = 'csv';
  readonly description = 'One row per flow (RFC 4180), for spreadsheets';

  render(input: RenderInput): string {
    const rows = flowRows(input).map(({ change, flow }) => [
      change ?? '',
      flow.key,
      flow.source,
      flow.destination,
      flow.protocol,
      flow.ipProtocolNumber,
      flow.fromPort ?? '',
      flow.toPort ?? '',
      neutralise(flow.component),
      neutralise(flow.notes),
      neutralise(flow.sections.join('; ')),
    ]);
    return stringify([[...COLUMNS], ...rows], { record_delimiter: '\r\n' });
  }
}

/** A cell a spreadsheet would run as a formula ("=", "+", "-", "@") is written as text. */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

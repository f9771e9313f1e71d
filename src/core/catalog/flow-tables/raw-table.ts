import type { CatalogDefinition, FlowDefinition } from '../catalog-definition';
import type { CatalogProblem } from '../catalog-document';

/** What the table readers share: the table as read, its columns, the problem list. */

export type FlowTableFormat = 'markdown' | 'csv';

/** Extra aliases for cell text the built-in matching does not understand. */
export interface FlowTableVocabulary {
  /** Cell text -> role key ("Managed Clusters' Masters" -> "master"). */
  readonly roles?: Readonly<Record<string, string>>;
  /** Cell text -> condition expression ("master LB" -> "masterLoadBalancer"). */
  readonly conditions?: Readonly<Record<string, string>>;
}

export type FlowTableCatalog = Pick<CatalogDefinition, 'roles' | 'parameters'>;

export const MAX_FLOW_TABLE_ROWS = 2000;
export const MAX_FLOW_TABLE_TEXT_LENGTH = 5 * 1024 * 1024;
const MAX_PROBLEMS = 1000;

export type Column =
  'port' | 'protocol' | 'source' | 'destination' | 'conditions' | 'notes' | 'component' | 'key' | 'section';

/** Header text (trimmed, lowercased, single spaces) -> column. */
export const COLUMN_NAMES: ReadonlyMap<string, Column> = new Map([
  ['port', 'port'],
  ['ports', 'port'],
  ['protocol', 'protocol'],
  ['protocols', 'protocol'],
  ['source', 'source'],
  ['destination', 'destination'],
  ['condition', 'conditions'],
  ['conditions', 'conditions'],
  ['note', 'notes'],
  ['notes', 'notes'],
  ['component', 'component'],
  ['key', 'key'],
  ['section', 'section'],
]);

/** How problems name a column: the document's own headings. */
export const COLUMN_LABELS: Readonly<Record<Column, string>> = {
  port: 'Port',
  protocol: 'Protocol',
  source: 'Source',
  destination: 'Destination',
  conditions: 'Conditions',
  notes: 'Notes',
  component: 'Component',
  key: 'Key',
  section: 'Section',
};

/** A table as read from the text, before any cell is interpreted. */
export interface RawTable {
  /** "table 2" in Markdown, "" in CSV (one table per file). */
  readonly at: string;
  readonly title: string | null;
  readonly header: readonly string[];
  readonly rows: readonly RawRow[];
}

export interface RawRow {
  /** "table 2, row 3" or "row 3". */
  readonly at: string;
  readonly cells: readonly string[];
  /** Set when the reader already knows the row is unusable (ragged, control characters). */
  readonly defect?: string;
}

/** A row read into a flow, before keys are settled. */
export interface FlowDraft {
  readonly at: string;
  readonly flow: Omit<FlowDefinition, 'key'>;
  readonly key: string | null;
}

/** Problems in order, capped so that hostile input cannot make the list unbounded. */
export class ProblemList {
  readonly items: CatalogProblem[] = [];

  add(path: string, message: string): void {
    if (this.items.length < MAX_PROBLEMS) {
      this.items.push({ path, message });
    } else if (this.items.length === MAX_PROBLEMS) {
      this.items.push({ path: '', message: `more than ${MAX_PROBLEMS} problems; the rest are not listed` });
    }
  }
}

/** The first C0 or C1 control character other than tab, line feed and carriage return, as "U+0007". */
export function findControlCharacter(text: string): string | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) {
      return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return undefined;
}

export function firstLine(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return message.length > 200 ? `${message.slice(0, 200)}...` : message;
}

/** Header text as COLUMN_NAMES keys it: trimmed, lowercased, single spaces. */
export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

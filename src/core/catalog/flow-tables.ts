import { parse as parseCsv } from 'csv-parse/sync';
import MarkdownIt from 'markdown-it';
import { compileCondition, formatLiteral, isConditionError } from '../conditions';
import { quoteText } from '../conditions/condition.errors';
import { InvalidPortRangeError, parsePortRange } from '../parameters/port-range';
import type { CatalogDefinition, FlowDefinition, FlowPorts, FlowProtocolSpec } from './catalog-definition';
import { deriveFlowKey, type CatalogProblem } from './catalog-document';

/**
 * Reads flow tables written like the "Network Access" document's port tables (Port,
 * Protocol, Source, Destination, Conditions, Notes) as Markdown or CSV and turns them into
 * flow definitions against a catalog's roles and parameters. Pure: no I/O, and it never
 * throws on bad input; every row it cannot read becomes a problem and no flow.
 *
 * Problems are located as "table 2, row 3, column Port" in Markdown (tables counted from 1
 * in document order, rows counted from 1 below the header) and as "row 3, column Port" in
 * CSV (data rows counted from 1 below the header).
 */

export type FlowTableFormat = 'markdown' | 'csv';

/** Extra aliases for cell text the built-in matching does not understand. */
export interface FlowTableVocabulary {
  /** Cell text -> role key ("Managed Clusters' Masters" -> "master"). */
  readonly roles?: Readonly<Record<string, string>>;
  /** Cell text -> condition expression ("master LB" -> "masterLoadBalancer"). */
  readonly conditions?: Readonly<Record<string, string>>;
}

export interface FlowTableImport {
  readonly flows: FlowDefinition[];
  readonly problems: CatalogProblem[];
}

export type FlowTableCatalog = Pick<CatalogDefinition, 'roles' | 'parameters'>;

export const MAX_FLOW_TABLE_ROWS = 2000;
export const MAX_FLOW_TABLE_TEXT_LENGTH = 5 * 1024 * 1024;
const MAX_PROBLEMS = 1000;
// The catalog document's limits (catalog-document.schema.ts), so imported flows fit them.
const MAX_KEY_LENGTH = 128;
const MAX_COMPONENT_LENGTH = 200;
const MAX_NOTES_LENGTH = 2000;
const MAX_SECTION_LENGTH = 200;
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PORT_PARAMETER_PATTERN = /^\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}$/;
/** "4 (IP-in-IP)", "IP-in-IP", "IPIP": IP protocol 4, written in the Port column. */
const IPIP_PORT_PATTERN = /^(?:4\s*\(\s*ip-?in-?ip\s*\)|ip-?in-?ip|ipip)$/i;
/** A Markdown paragraph line that names a table: "Table 1. Node to Node", "Table 4: Other". */
const TABLE_TITLE_LINE = /^table\s+[0-9a-z]+\s*[.:)]?\s+\S/i;

type Column = 'port' | 'protocol' | 'source' | 'destination' | 'conditions' | 'notes' | 'component' | 'key' | 'section';

/** Header text (trimmed, lowercased, single spaces) -> column. */
const COLUMN_NAMES: ReadonlyMap<string, Column> = new Map([
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
const COLUMN_LABELS: Readonly<Record<Column, string>> = {
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
interface RawTable {
  /** "table 2" in Markdown, "" in CSV (one table per file). */
  readonly at: string;
  readonly title: string | null;
  readonly header: readonly string[];
  readonly rows: readonly RawRow[];
}

interface RawRow {
  /** "table 2, row 3" or "row 3". */
  readonly at: string;
  readonly cells: readonly string[];
  /** Set when the reader already knows the row is unusable (ragged, control characters). */
  readonly defect?: string;
}

/** A row read into a flow, before keys are settled. */
interface FlowDraft {
  readonly at: string;
  readonly flow: Omit<FlowDefinition, 'key'>;
  readonly key: string | null;
}

/**
 * Parses flow tables and maps them onto the catalog's roles and parameters.
 *
 * Cells are read as follows (all matching is deterministic; the first rule that applies wins):
 * - Source, Destination: a role key as written; then, comparing texts lowercased and stripped
 *   of everything but letters and digits, a vocabulary.roles entry, then a role's key or name
 *   ("Master LB" -> master-lb); then both again with one trailing "s" removed ("Workers" ->
 *   worker). Two roles matching at the same step is a problem, not a guess. A table without
 *   Source/Destination columns takes them from its title, "[Table N.] X to Y [(...)]": the
 *   Markdown heading or "Table N. ..." line above it, a CSV's leading title record, or a CSV
 *   row's Section cell.
 * - Protocol: TCP, UDP, TCP/UDP (or UDP/TCP), IPIP; empty with a Port of "4 (IP-in-IP)" is
 *   protocol ipip without ports.
 * - Port: "A", "A-B" or "${portRangeParameter}". A range that happens to equal a parameter's
 *   default stays a fixed range.
 * - Conditions: empty is none; a condition expression that type-checks is kept as written;
 *   otherwise the text is reduced to a phrase (lowercased, "(default)" dropped, punctuation
 *   to spaces, the filler words "deployment(s)", "cluster(s)" dropped) and looked up in
 *   vocabulary.conditions (keys reduced the same way), then matched against the parameters:
 *   an enum value ("Canal (default)" -> cni == "canal") or a boolean parameter's name
 *   ("air-gap deployment" -> airGap), both compared without spaces or case. A phrase that
 *   only matches after a leading "non", "no" or "not" is negated ("non-air-gap deployment"
 *   -> !airGap; an enum value gives `!=`).
 * - Notes: kept as notes; without a Component column it is the component too (cut to 200
 *   characters). Section: the row's Section cell, else the table title.
 * - Key: the Key cell, else deriveFlowKey(source, destination, protocol, ports, component);
 *   rows whose derived keys collide get the condition folded into theirs, so that keys do
 *   not depend on row order.
 */
export function parseFlowTables(
  text: string,
  format: FlowTableFormat,
  catalog: FlowTableCatalog,
  vocabulary: FlowTableVocabulary = {},
): FlowTableImport {
  const problems = new ProblemList();
  if (typeof text !== 'string') {
    problems.add('', 'the input is not text');
    return { flows: [], problems: problems.items };
  }
  if (format !== 'markdown' && format !== 'csv') {
    problems.add('', `unknown table format ${quoteText(String(format))}; use markdown or csv`);
    return { flows: [], problems: problems.items };
  }
  if (text.length > MAX_FLOW_TABLE_TEXT_LENGTH) {
    problems.add('', 'the input is larger than 5 MiB');
    return { flows: [], problems: problems.items };
  }
  const tables = format === 'csv' ? readCsvTables(text, problems) : readMarkdownTables(text, problems);
  if (tables.length === 0 && problems.items.length === 0) {
    problems.add('', format === 'csv' ? 'the CSV has no header row' : 'no table found');
  }
  const reader = new RowReader(catalog, vocabulary, problems);
  const drafts: FlowDraft[] = [];
  let rowCount = 0;
  tables: for (const table of tables) {
    const columns = readHeader(table, problems);
    if (!columns) continue;
    if (!reader.checkTableEndpoints(table, columns)) continue;
    for (const row of table.rows) {
      if (row.cells.every((cell) => cell.trim() === '') && row.defect === undefined) continue;
      rowCount += 1;
      if (rowCount > MAX_FLOW_TABLE_ROWS) {
        problems.add(row.at, `more than ${MAX_FLOW_TABLE_ROWS} rows; this row and the ones after it are not read`);
        break tables;
      }
      if (row.defect !== undefined) {
        problems.add(row.at, row.defect);
        continue;
      }
      const draft = reader.readRow(table, row, columns);
      if (draft) drafts.push(draft);
    }
  }
  return { flows: settleKeys(drafts, catalog, problems), problems: problems.items };
}

/** Problems in order, capped so that hostile input cannot make the list unbounded. */
class ProblemList {
  readonly items: CatalogProblem[] = [];

  add(path: string, message: string): void {
    if (this.items.length < MAX_PROBLEMS) {
      this.items.push({ path, message });
    } else if (this.items.length === MAX_PROBLEMS) {
      this.items.push({ path: '', message: `more than ${MAX_PROBLEMS} problems; the rest are not listed` });
    }
  }
}

// ---------------------------------------------------------------------------------------
// Markdown

/**
 * markdown-it (CommonJS, maintained, GFM tables per the spec) with its default preset:
 * raw HTML off, no typographic replacements, so cell text arrives as written.
 */
const markdown = new MarkdownIt();

type MarkdownToken = MarkdownIt.Token;

/**
 * Top-level GFM tables, each with the heading or "Table N. ..." paragraph line written
 * since the previous table as its title. markdown-it pads short rows and drops extra cells,
 * as GFM says; an import must not guess which column a cell belongs to, so the cells of
 * each row's source line are counted the way markdown-it splits them and a row that does
 * not match its header is reported instead.
 */
function readMarkdownTables(text: string, problems: ProblemList): RawTable[] {
  let tokens: MarkdownToken[];
  try {
    tokens = markdown.parse(text, {});
  } catch (error) {
    problems.add('', `not readable as Markdown: ${firstLine(error)}`);
    return [];
  }
  // markdown-it's own line split (after it normalises line breaks), so token.map indexes it.
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const tables: RawTable[] = [];
  let tableCount = 0;
  let title: { text: string; lines: [number, number] } | null = null;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token.type === 'heading_open' && token.level === 0 && token.map) {
      title = { text: inlineText(tokens[index + 1]).trim(), lines: token.map };
    } else if (token.type === 'paragraph_open' && token.level === 0 && token.map) {
      const named = inlineText(tokens[index + 1])
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => TABLE_TITLE_LINE.test(line));
      if (named.length > 0) title = { text: named[named.length - 1], lines: token.map };
    } else if (token.type === 'table_open') {
      tableCount += 1;
      const at = `table ${tableCount}`;
      const end = findClose(tokens, index, 'table_close');
      if (token.level !== 0) {
        problems.add(at, 'is inside a list or a quote; write flow tables at the top level; the table is not read');
      } else {
        tables.push(readMarkdownTable(tokens.slice(index, end + 1), lines, at, titleOf(title, lines, at, problems)));
      }
      index = end;
      title = null;
    }
  }
  return tables;
}

function titleOf(
  title: { text: string; lines: [number, number] } | null,
  lines: readonly string[],
  at: string,
  problems: ProblemList,
): string | null {
  if (!title) return null;
  const control = lines
    .slice(title.lines[0], title.lines[1])
    .map(findControlCharacter)
    .find((found) => found !== undefined);
  if (control !== undefined) {
    problems.add(`${at}, title`, `contains control character ${control}; the title is not used`);
    return null;
  }
  return title.text;
}

function readMarkdownTable(
  tokens: readonly MarkdownToken[],
  lines: readonly string[],
  at: string,
  title: string | null,
): RawTable {
  let header: string[] = [];
  const rows: RawRow[] = [];
  let cells: string[] = [];
  let line = -1;
  let inHead = false;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    switch (token.type) {
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        cells = [];
        line = token.map ? token.map[0] : -1;
        break;
      case 'th_open':
      case 'td_open':
        cells.push(inlineText(tokens[index + 1]).trim());
        break;
      case 'tr_close': {
        if (inHead) {
          header = cells;
          break;
        }
        const rowAt = `${at}, row ${rows.length + 1}`;
        const source = line >= 0 ? (lines[line] ?? '') : '';
        const written = countMarkdownCells(source);
        const control = findControlCharacter(source);
        const defect = control
          ? `contains control character ${control}`
          : written !== header.length
            ? `has ${written} cell${written === 1 ? '' : 's'}, the header has ${header.length}`
            : undefined;
        rows.push(defect === undefined ? { at: rowAt, cells } : { at: rowAt, cells, defect });
        break;
      }
    }
  }
  return { at, title, header, rows };
}

/** Cells on a table row line as markdown-it counts them: split on pipes not after "\", outer pipes dropped. */
function countMarkdownCells(line: string): number {
  const text = line.trim();
  let count = 1;
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '|' && text[index - 1] !== '\\') count += 1;
  }
  if (text.startsWith('|')) count -= 1;
  if (text.length > 1 && text.endsWith('|') && text[text.length - 2] !== '\\') count -= 1;
  return Math.max(count, 0);
}

/** The plain text of an inline token: text and code as written, line breaks as "\n". */
function inlineText(token: MarkdownToken | undefined): string {
  if (!token || token.type !== 'inline') return '';
  return (token.children ?? [])
    .map((child) => {
      switch (child.type) {
        case 'text':
        case 'code_inline':
        case 'html_inline':
        case 'image':
          return child.content;
        case 'softbreak':
        case 'hardbreak':
          return '\n';
        default:
          return '';
      }
    })
    .join('');
}

function findClose(tokens: readonly MarkdownToken[], from: number, type: string): number {
  for (let index = from; index < tokens.length; index += 1) {
    if (tokens[index].type === type) return index;
  }
  return tokens.length - 1;
}

// ---------------------------------------------------------------------------------------
// CSV

/**
 * One table per file: an optional title record (a single non-empty cell that is not a
 * column name), the header record, then rows. csv-parse does the quoting; column counts
 * are left loose there so that a ragged row is reported here, with its row number.
 */
function readCsvTables(text: string, problems: ProblemList): RawTable[] {
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Title, header, the rows allowed and one more to notice that there are too many.
      to: MAX_FLOW_TABLE_ROWS + 3,
    });
  } catch (error) {
    problems.add('', `not valid CSV: ${firstLine(error)}`);
    return [];
  }
  let title: string | null = null;
  let start = records.findIndex((record) => record.some((cell) => cell.trim() !== ''));
  if (start < 0) return [];
  const first = records[start];
  if (first) {
    const filled = first.map((cell) => cell.trim()).filter((cell) => cell !== '');
    if (filled.length === 1 && !COLUMN_NAMES.has(normalizeHeader(filled[0]))) {
      const control = findControlCharacter(filled[0]);
      if (control) {
        problems.add('title', `contains control character ${control}; the title is not used`);
      } else {
        title = filled[0];
      }
      start += 1;
    }
  }
  const header = records[start];
  if (!header) return [];
  const rows = records.slice(start + 1).map((cells, index): RawRow => {
    const at = `row ${index + 1}`;
    const control = cells.map(findControlCharacter).find((found) => found !== undefined);
    const defect = control
      ? `contains control character ${control}`
      : cells.length !== header.length
        ? `has ${cells.length} cell${cells.length === 1 ? '' : 's'}, the header has ${header.length}`
        : undefined;
    return defect === undefined ? { at, cells } : { at, cells, defect };
  });
  return [{ at: '', title, header: header.map((cell) => cell.trim()), rows }];
}

// ---------------------------------------------------------------------------------------
// Rows

type Columns = ReadonlyMap<Column, number>;

function readHeader(table: RawTable, problems: ProblemList): Columns | undefined {
  const at = table.at || 'header';
  const columns = new Map<Column, number>();
  const faults: string[] = [];
  table.header.forEach((name, index) => {
    const column = COLUMN_NAMES.get(normalizeHeader(name));
    if (column === undefined) {
      faults.push(
        name.trim() === ''
          ? `column ${index + 1} has no name`
          : `column ${quoteText(name)} is not one of Port, Protocol, Source, Destination, Conditions, Notes, Component, Key, Section`,
      );
    } else if (columns.has(column)) {
      faults.push(`column ${quoteText(name)} repeats column ${COLUMN_LABELS[column]}`);
    } else {
      columns.set(column, index);
    }
  });
  for (const required of ['port', 'protocol'] as const) {
    if (!columns.has(required)) faults.push(`has no ${COLUMN_LABELS[required]} column`);
  }
  for (const fault of faults) problems.add(at, `${fault}; the table is not read`);
  return faults.length === 0 ? columns : undefined;
}

/** Where a table's title is: "table 2, title" in Markdown, "title" in CSV. */
function titlePath(table: RawTable): string {
  return table.at ? `${table.at}, title` : 'title';
}

function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

interface Endpoints {
  readonly source: string;
  readonly destination: string;
}

type Resolution = { readonly value: string } | { readonly error: string };

class RowReader {
  private readonly roles: RoleMatcher;
  private readonly conditions: ConditionMatcher;
  private readonly portParameters: ReadonlyMap<string, string>;
  private readonly titles = new Map<string, Endpoints | string>();

  constructor(
    catalog: FlowTableCatalog,
    vocabulary: FlowTableVocabulary,
    private readonly problems: ProblemList,
  ) {
    this.roles = new RoleMatcher(catalog, vocabulary.roles ?? {}, problems);
    this.conditions = new ConditionMatcher(catalog, vocabulary.conditions ?? {}, problems);
    this.portParameters = new Map(catalog.parameters.map((parameter) => [parameter.name, parameter.type]));
  }

  /**
   * A table missing a Source or Destination column takes them from its title, unless rows
   * carry their own (Section column). False when the table cannot be read at all.
   */
  checkTableEndpoints(table: RawTable, columns: Columns): boolean {
    if ((columns.has('source') && columns.has('destination')) || columns.has('section')) return true;
    const at = table.at || 'header';
    if (table.title === null) {
      this.problems.add(
        at,
        'has no Source and Destination columns, no Section column and no title "X to Y" to take them from; the table is not read',
      );
      return false;
    }
    const endpoints = this.endpointsFromTitle(table.title);
    if (typeof endpoints === 'string') {
      this.problems.add(titlePath(table), `${endpoints}; the table is not read`);
      return false;
    }
    return true;
  }

  readRow(table: RawTable, row: RawRow, columns: Columns): FlowDraft | undefined {
    const cell = (column: Column): string => {
      const index = columns.get(column);
      return index === undefined ? '' : (row.cells[index] ?? '').trim();
    };
    const at = (column: Column): string => `${row.at}, column ${COLUMN_LABELS[column]}`;
    const failures: Array<[string, string]> = [];
    const fail = (path: string, message: string): undefined => {
      failures.push([path, message]);
      return undefined;
    };

    const sectionCell = cell('section');
    const section = sectionCell || table.title || '';
    if (section.length > MAX_SECTION_LENGTH) {
      fail(sectionCell ? at('section') : titlePath(table), `is longer than ${MAX_SECTION_LENGTH} characters`);
    }
    const endpoint = (column: 'source' | 'destination'): string | undefined => {
      const text = cell(column);
      if (text !== '') {
        const role = this.roles.resolve(text);
        return 'value' in role ? role.value : fail(at(column), role.error);
      }
      const titleText = sectionCell || table.title;
      const titleAt = sectionCell ? at('section') : titlePath(table);
      if (!titleText) {
        return fail(at(column), `is empty and the row has no title "X to Y" to take it from`);
      }
      const endpoints = this.endpointsFromTitle(titleText);
      return typeof endpoints === 'string' ? fail(titleAt, endpoints) : endpoints[column];
    };
    const source = endpoint('source');
    const destination = endpoint('destination');

    const transport = this.readTransport(cell('protocol'), cell('port'), at('protocol'), at('port'), fail);

    const conditionText = cell('conditions');
    const resolved = this.conditions.resolve(conditionText);
    const condition = 'value' in resolved ? resolved.value || null : fail(at('conditions'), resolved.error);

    const notes = cell('notes');
    if (notes.length > MAX_NOTES_LENGTH) fail(at('notes'), `is longer than ${MAX_NOTES_LENGTH} characters`);
    let component = notes;
    if (columns.has('component')) {
      component = cell('component');
      if (component.length > MAX_COMPONENT_LENGTH) {
        fail(at('component'), `is longer than ${MAX_COMPONENT_LENGTH} characters`);
      }
    } else if (component.length > MAX_COMPONENT_LENGTH) {
      component = `${component.slice(0, MAX_COMPONENT_LENGTH - 1).trimEnd()}…`;
    }
    const key = cell('key');
    if (key !== '' && (key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key))) {
      fail(
        at('key'),
        `${quoteText(key)} is not a flow key (letters, digits, ".", "_", "-", at most ${MAX_KEY_LENGTH})`,
      );
    }

    // Dedupe: a title that fails is reported once per row, not once per endpoint.
    const seen = new Set<string>();
    for (const [path, message] of failures) {
      const id = `${path}\u0000${message}`;
      if (!seen.has(id)) this.problems.add(path, message);
      seen.add(id);
    }
    if (failures.length > 0 || source === undefined || destination === undefined || !transport) return undefined;
    return {
      at: row.at,
      key: key || null,
      flow: { source, destination, ...transport, condition: condition ?? null, component, notes, section },
    };
  }

  private readTransport(
    protocolText: string,
    portText: string,
    protocolAt: string,
    portAt: string,
    fail: (path: string, message: string) => undefined,
  ): { protocol: FlowProtocolSpec; ports: FlowPorts } | undefined {
    const ipipPort = IPIP_PORT_PATTERN.test(portText);
    const written = protocolText.toLowerCase().replace(/\s+/g, '');
    let protocol: FlowProtocolSpec;
    if (written === '') {
      if (!ipipPort) return fail(protocolAt, 'is empty; write TCP, UDP or TCP/UDP');
      protocol = 'ipip';
    } else if (written === 'tcp' || written === 'udp' || written === 'ipip') {
      protocol = written;
    } else if (written === 'tcp/udp' || written === 'udp/tcp') {
      protocol = 'tcp/udp';
    } else if (written === 'ip-in-ip') {
      protocol = 'ipip';
    } else {
      return fail(protocolAt, `${quoteText(protocolText)} is not TCP, UDP, TCP/UDP or IPIP`);
    }
    if (protocol === 'ipip') {
      if (portText !== '' && !ipipPort) {
        return fail(portAt, `protocol IPIP (IP protocol 4) has no ports; remove ${quoteText(portText)}`);
      }
      return { protocol, ports: { kind: 'none' } };
    }
    if (ipipPort) {
      return fail(portAt, `${quoteText(portText)} is IP protocol 4, but the protocol is ${protocolText}`);
    }
    if (portText === '')
      return fail(portAt, 'is empty; write a port ("443"), a range ("30000-32767") or "${parameter}"');
    const parameter = PORT_PARAMETER_PATTERN.exec(portText);
    if (parameter) {
      const type = this.portParameters.get(parameter[1]);
      if (type === undefined) return fail(portAt, `names unknown parameter "${parameter[1]}"`);
      if (type !== 'portRange') {
        return fail(portAt, `names parameter "${parameter[1]}", which is of type ${type}, not a portRange`);
      }
      return { protocol, ports: { kind: 'parameter', name: parameter[1] } };
    }
    try {
      // Documents write ranges with dashes of all kinds and spaces around them.
      const range = parsePortRange(portText.replace(/\s*[-‐‑‒–—]\s*/g, '-'));
      return { protocol, ports: { kind: 'range', from: range.from, to: range.to } };
    } catch (error) {
      if (!(error instanceof InvalidPortRangeError)) throw error;
      return fail(portAt, error.message);
    }
  }

  /** "Table 2. Workers to Masters (all)" -> worker, master; or why not. */
  private endpointsFromTitle(title: string): Endpoints | string {
    const known = this.titles.get(title);
    if (known !== undefined) return known;
    const result = this.readTitle(title);
    this.titles.set(title, result);
    return result;
  }

  private readTitle(title: string): Endpoints | string {
    const body = title
      .replace(/^table\s+[0-9a-z]+\s*[.:)]?\s+/i, '')
      .replace(/(?:\s*\([^()]*\))+\s*$/, '')
      .trim();
    const parts = body.split(/\s+to\s+/i);
    if (parts.length < 2) return `title ${quoteText(title)} does not say "X to Y"`;
    // "A to B to C" splits ambiguously: take the first split whose two sides are both roles.
    const errors: string[] = [];
    for (let split = 1; split < parts.length; split += 1) {
      const source = this.roles.resolve(parts.slice(0, split).join(' to '));
      const destination = this.roles.resolve(parts.slice(split).join(' to '));
      if ('value' in source && 'value' in destination) {
        return { source: source.value, destination: destination.value };
      }
      if (errors.length === 0) {
        errors.push(
          ...['error' in source ? source.error : '', 'error' in destination ? destination.error : ''].filter(Boolean),
        );
      }
    }
    return `title ${quoteText(title)}: ${errors.join('; ')}`;
  }
}

/** Letters and digits only, lowercased: "Master LB", "master-lb", "MASTER_LB" are one name. */
function compactName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

class RoleMatcher {
  private readonly keys: ReadonlySet<string>;
  private readonly aliases = new Map<string, Set<string>>();
  private readonly names = new Map<string, Set<string>>();

  constructor(catalog: FlowTableCatalog, vocabulary: Readonly<Record<string, string>>, problems: ProblemList) {
    this.keys = new Set(catalog.roles.map((role) => role.key));
    for (const role of catalog.roles) {
      addTo(this.names, compactName(role.key), role.key);
      addTo(this.names, compactName(role.name), role.key);
    }
    for (const [text, key] of Object.entries(vocabulary)) {
      if (typeof key !== 'string' || !this.keys.has(key)) {
        problems.add(`vocabulary, roles, ${quoteText(text)}`, `names unknown role ${quoteText(String(key))}`);
      } else {
        addTo(this.aliases, compactName(text), key);
      }
    }
  }

  resolve(text: string): Resolution {
    const written = text.trim();
    if (this.keys.has(written)) return { value: written };
    const compact = compactName(written);
    const forms = compact.length > 1 && compact.endsWith('s') ? [compact, compact.slice(0, -1)] : [compact];
    for (const form of forms) {
      for (const table of [this.aliases, this.names]) {
        const keys = form === '' ? undefined : table.get(form);
        if (keys?.size === 1) return { value: [...keys][0] };
        if (keys && keys.size > 1) {
          return { error: `role ${quoteText(written)} could be any of ${[...keys].sort().join(', ')}` };
        }
      }
    }
    return { error: `unknown role ${quoteText(written)}` };
  }
}

/** Words that qualify a condition without changing it ("air-gap deployment"). */
const FILLER_WORDS: ReadonlySet<string> = new Set(['deployment', 'deployments', 'cluster', 'clusters']);
const NEGATION = /^(?:non|no|not) (.+)$/;

class ConditionMatcher {
  private readonly aliases = new Map<string, Set<string>>();
  private readonly enumValues = new Map<string, Set<string>>();
  private readonly booleans = new Map<string, Set<string>>();

  constructor(
    private readonly catalog: FlowTableCatalog,
    vocabulary: Readonly<Record<string, string>>,
    problems: ProblemList,
  ) {
    for (const parameter of catalog.parameters) {
      if (parameter.type === 'boolean') {
        addTo(this.booleans, compactName(parameter.name), parameter.name);
      } else if (parameter.type === 'enum') {
        for (const value of parameter.values ?? []) {
          addTo(this.enumValues, compactName(value), `${parameter.name}\u0000${value}`);
        }
      }
    }
    for (const [text, expression] of Object.entries(vocabulary)) {
      const checked = typeof expression === 'string' ? this.compile(expression) : 'not text';
      if (typeof checked === 'string') {
        problems.add(`vocabulary, conditions, ${quoteText(text)}`, `${quoteText(String(expression))}: ${checked}`);
      } else {
        addTo(this.aliases, conditionPhrase(text), expression.trim());
      }
    }
  }

  /** The condition text for a cell ('' for none), or why there is none. */
  resolve(text: string): Resolution {
    if (text === '') return { value: '' };
    if (typeof this.compile(text) !== 'string') return { value: text };
    const phrase = conditionPhrase(text);
    const direct = this.lookup(phrase, false);
    if (direct !== undefined) return direct;
    const negated = NEGATION.exec(phrase);
    const opposite = negated ? this.lookup(negated[1], true) : undefined;
    if (opposite !== undefined) return opposite;
    return {
      error: `cannot read ${quoteText(text)} as a condition: not an expression over the parameters, a vocabulary entry, an enum value or a boolean parameter`,
    };
  }

  private lookup(phrase: string, negate: boolean): Resolution | undefined {
    if (phrase === '') return undefined;
    const aliases = this.aliases.get(phrase);
    const candidates = aliases
      ? [...aliases].map((expression) => (negate ? `!(${expression})` : expression))
      : [
          ...[...(this.enumValues.get(compactName(phrase)) ?? [])].map((entry) => {
            const [name, value] = entry.split('\u0000');
            return `${name} ${negate ? '!=' : '=='} ${formatLiteral(value)}`;
          }),
          ...[...(this.booleans.get(compactName(phrase)) ?? [])].map((name) => (negate ? `!${name}` : name)),
        ];
    if (candidates.length === 0) return undefined;
    if (candidates.length > 1) {
      return { error: `condition ${quoteText(phrase)} could mean any of ${candidates.sort().join(', ')}` };
    }
    const problem = this.compile(candidates[0]);
    return typeof problem === 'string' ? { error: problem } : { value: candidates[0] };
  }

  /** True when the expression type-checks against the parameters, else the reason. */
  private compile(expression: string): true | string {
    try {
      compileCondition(expression, this.catalog.parameters);
      return true;
    } catch (error) {
      if (!isConditionError(error)) throw error;
      return error.message;
    }
  }
}

/** Lowercased words of a condition cell without "(default)", punctuation or filler words. */
function conditionPhrase(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(\s*default\s*\)/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !FILLER_WORDS.has(word))
    .join(' ');
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  if (key === '') return;
  const values = map.get(key) ?? new Set<string>();
  values.add(value);
  map.set(key, values);
}

// ---------------------------------------------------------------------------------------
// Keys and duplicates

/**
 * Drops rows that repeat an earlier row's identity, gives every row its key, and drops rows
 * whose key is still taken. Derived keys that collide (same roles, protocol, ports and
 * component under different conditions) all get the condition folded in, whatever the order.
 */
function settleKeys(drafts: readonly FlowDraft[], catalog: FlowTableCatalog, problems: ProblemList): FlowDefinition[] {
  const identities = new Map<string, string>();
  const distinct = drafts.filter((draft) => {
    const { source, destination, protocol, ports, condition } = draft.flow;
    const identity = JSON.stringify([source, destination, protocol, ports, canonical(condition, catalog)]);
    const twin = identities.get(identity);
    if (twin !== undefined) {
      problems.add(draft.at, `repeats ${twin} (same roles, protocol, ports and condition)`);
      return false;
    }
    identities.set(identity, draft.at);
    return true;
  });
  const plain = distinct.map(
    (draft) =>
      draft.key ??
      deriveFlowKey(
        draft.flow.source,
        draft.flow.destination,
        draft.flow.protocol,
        draft.flow.ports,
        draft.flow.component,
      ),
  );
  const uses = new Map<string, number>();
  for (const key of plain) uses.set(key, (uses.get(key) ?? 0) + 1);
  const owners = new Map<string, string>();
  const flows: FlowDefinition[] = [];
  distinct.forEach((draft, index) => {
    const { flow } = draft;
    const key =
      draft.key === null && (uses.get(plain[index]) ?? 0) > 1
        ? deriveFlowKey(
            flow.source,
            flow.destination,
            flow.protocol,
            flow.ports,
            `${conditionWords(canonical(flow.condition, catalog))} ${flow.component}`,
          )
        : plain[index];
    const owner = owners.get(key);
    if (owner !== undefined) {
      problems.add(draft.at, `flow key "${key}" is used by ${owner} too; add a Key column to tell them apart`);
      return;
    }
    owners.set(key, draft.at);
    flows.push({ key, ...flow });
  });
  return flows;
}

function canonical(condition: string | null, catalog: FlowTableCatalog): string {
  if (condition === null) return '';
  try {
    return compileCondition(condition, catalog.parameters).canonical;
  } catch (error) {
    if (!isConditionError(error)) throw error;
    return condition;
  }
}

/** 'cni == "canal"' -> 'cni canal', '!airGap' -> 'not airGap': words for a key. */
function conditionWords(condition: string): string {
  return condition
    .replace(/!=/g, ' not ')
    .replace(/==/g, ' ')
    .replace(/!/g, ' not ')
    .replace(/&&/g, ' and ')
    .replace(/\|\|/g, ' or ');
}

/** The first C0 or C1 control character other than tab, line feed and carriage return, as "U+0007". */
function findControlCharacter(text: string): string | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) {
      return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return undefined;
}

function firstLine(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return message.length > 200 ? `${message.slice(0, 200)}...` : message;
}

import { compileCondition, formatLiteral, isConditionError } from '../../conditions';
import { quoteText } from '../../conditions/condition.errors';
import { InvalidPortRangeError, parsePortRange } from '../../parameters/port-range';
import type { FlowPorts, FlowProtocolSpec } from '../catalog-definition';
import {
  COLUMN_LABELS,
  COLUMN_NAMES,
  normalizeHeader,
  type Column,
  type FlowDraft,
  type FlowTableCatalog,
  type FlowTableVocabulary,
  type ProblemList,
  type RawRow,
  type RawTable,
} from './raw-table';

// The catalog document's limits (catalog-document.schema.ts), so imported flows fit them.
const MAX_KEY_LENGTH = 128;
const MAX_COMPONENT_LENGTH = 200;
const MAX_NOTES_LENGTH = 2000;
const MAX_SECTION_LENGTH = 200;
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PORT_PARAMETER_PATTERN = /^\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}$/;
/** "4 (IP-in-IP)", "IP-in-IP", "IPIP": IP protocol 4, written in the Port column. */
const IPIP_PORT_PATTERN = /^(?:4\s*\(\s*ip-?in-?ip\s*\)|ip-?in-?ip|ipip)$/i;

type Columns = ReadonlyMap<Column, number>;

export function readHeader(table: RawTable, problems: ProblemList): Columns | undefined {
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

interface Endpoints {
  readonly source: string;
  readonly destination: string;
}

type Resolution = { readonly value: string } | { readonly error: string };

export class RowReader {
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

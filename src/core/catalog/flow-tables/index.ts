import { compileCondition } from '../../conditions';
import { quoteText } from '../../conditions/condition.errors';
import type { FlowDefinition } from '../catalog-definition';
import type { CatalogProblem } from '../catalog-document';
import { readCsvTables } from './csv-tables';
import { settleKeys } from './flow-keys';
import { readMarkdownTables } from './markdown-tables';
import {
  MAX_FLOW_TABLE_ROWS,
  MAX_FLOW_TABLE_TEXT_LENGTH,
  ProblemList,
  type FlowDraft,
  type FlowTableCatalog,
  type FlowTableFormat,
  type FlowTableVocabulary,
} from './raw-table';
import { readHeader, RowReader } from './table-rows';

export {
  MAX_FLOW_TABLE_ROWS,
  MAX_FLOW_TABLE_TEXT_LENGTH,
  type FlowTableCatalog,
  type FlowTableFormat,
  type FlowTableVocabulary,
} from './raw-table';

/**
 * The part of a vocabulary that fits a catalog: role entries that name one of its roles,
 * condition entries that are expressions over its parameters. A vocabulary written for
 * one vendor's document (Kublr's) is then a set of hints any draft can be read with: a
 * draft without `byoInfrastructure` reads its tables without the entry for it, and a cell
 * that needs a dropped entry is reported where it stands, as any unreadable cell is.
 * parseFlowTables itself still refuses entries that do not fit, since a vocabulary a
 * caller wrote for this very catalog should.
 */
export function fittingVocabulary(vocabulary: FlowTableVocabulary, catalog: FlowTableCatalog): FlowTableVocabulary {
  const roles = new Set(catalog.roles.map((role) => role.key));
  const compiles = (expression: string): boolean => {
    try {
      compileCondition(expression, catalog.parameters);
      return true;
    } catch {
      return false;
    }
  };
  return {
    roles: Object.fromEntries(Object.entries(vocabulary.roles ?? {}).filter(([, key]) => roles.has(key))),
    conditions: Object.fromEntries(
      Object.entries(vocabulary.conditions ?? {}).filter(([, expression]) => compiles(expression)),
    ),
  };
}

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

export interface FlowTableImport {
  readonly flows: FlowDefinition[];
  readonly problems: CatalogProblem[];
  /** Rows read, but worth a look: repeats of another row (see settleKeys). */
  readonly warnings: CatalogProblem[];
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
 * - Repeats: a row with the roles, protocol, ports and condition of an earlier row is kept
 *   under another component, folded into that row (notes joined) under the same one; both
 *   are warnings, never problems (a vendor's page lists one port under each component).
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
    return { flows: [], problems: problems.items, warnings: [] };
  }
  if (format !== 'markdown' && format !== 'csv') {
    problems.add('', `unknown table format ${quoteText(String(format))}; use markdown or csv`);
    return { flows: [], problems: problems.items, warnings: [] };
  }
  if (text.length > MAX_FLOW_TABLE_TEXT_LENGTH) {
    problems.add('', 'the input is larger than 5 MiB');
    return { flows: [], problems: problems.items, warnings: [] };
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
  const warnings: CatalogProblem[] = [];
  const flows = settleKeys(drafts, catalog, problems, warnings);
  return { flows, problems: problems.items, warnings };
}

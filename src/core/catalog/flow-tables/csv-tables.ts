import { parse as parseCsv } from 'csv-parse/sync';
import {
  COLUMN_NAMES,
  findControlCharacter,
  firstLine,
  MAX_FLOW_TABLE_ROWS,
  normalizeHeader,
  type ProblemList,
  type RawRow,
  type RawTable,
} from './raw-table';

/**
 * One table per file: an optional title record (a single non-empty cell that is not a
 * column name), the header record, then rows. csv-parse does the quoting; column counts
 * are left loose there so that a ragged row is reported here, with its row number.
 */
export function readCsvTables(text: string, problems: ProblemList): RawTable[] {
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

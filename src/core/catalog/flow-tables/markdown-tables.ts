import MarkdownIt from 'markdown-it';
import { findControlCharacter, firstLine, type ProblemList, type RawRow, type RawTable } from './raw-table';

/** A Markdown paragraph line that names a table: "Table 1. Node to Node", "Table 4: Other". */
const TABLE_TITLE_LINE = /^table\s+[0-9a-z]+\s*[.:)]?\s+\S/i;

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
export function readMarkdownTables(text: string, problems: ProblemList): RawTable[] {
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

import type { AddressFamily } from './address-family';
import { identifierOf } from '../render-input';
import { oneLine, wellFormed } from './text';

/**
 * HCL (Terraform) text for the Terraform renderers. Everything that comes from a catalog or
 * a profile reaches the output through these functions only: strings through hclString,
 * names through hclIdentifier, comments through hclComment. The layout is what
 * `terraform fmt` writes, so a rendered file is already formatted.
 */

const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  // A quoted HCL string is a template: "${" and "%{" would start an interpolation or a directive.
  '${': '$${',
  '%{': '%%{',
};

/** What a quoted string cannot hold as is: quotes, backslashes, control characters, template starts. */
// eslint-disable-next-line no-control-regex -- control characters are what must be escaped
const TO_ESCAPE = /[\\"\u0000-\u001f\u007f]|\$\{|%\{/g;

/**
 * A quoted HCL string whose value is exactly `text`: no interpolation, no directive, one line.
 * HCL reads string literals in Unicode normal form C, so the text is written in it already.
 */
export function hclString(text: string): string {
  const escaped = wellFormed(text)
    .normalize('NFC')
    .replace(TO_ESCAPE, (match) => STRING_ESCAPES[match] ?? `\\u${match.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

/** A list of quoted strings: `["a", "b"]`. */
export function hclStringList(items: readonly string[]): string {
  return `[${items.map(hclString).join(', ')}]`;
}

/** A name HCL accepts as an identifier or a block label (`[A-Za-z_][A-Za-z0-9_]*`), from any text ("9-x" → "_9_x"). */
export function hclIdentifier(text: string): string {
  const identifier = identifierOf(text);
  return /^[A-Za-z_]/.test(identifier) ? identifier : `_${identifier}`;
}

/** Comment lines (`# …`) for any text: line breaks and control characters become spaces. */
export function hclComment(...lines: readonly string[]): string[] {
  return lines.map((line) => (line === '' ? '#' : `# ${oneLine(line)}`));
}

/** `name = value`; the value is an HCL expression, already written (hclString for text). */
export interface HclAttribute {
  readonly name: string;
  readonly value: string;
}

/** `type "label" … { body }`, with optional comment lines above it. */
export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: readonly HclBodyItem[];
  readonly comment?: readonly string[];
}

export type HclBodyItem = HclAttribute | HclBlock;

export const attribute = (name: string, value: string): HclAttribute => ({ name, value });

export const block = (
  type: string,
  labels: readonly string[],
  body: readonly HclBodyItem[],
  comment?: readonly string[],
): HclBlock => ({ type, labels, body, comment });

/** A file: the leading comment lines, then the blocks, one blank line apart. */
export function formatHclFile(leadingComment: readonly string[], blocks: readonly HclBlock[]): string {
  const parts = [leadingComment.join('\n'), ...blocks.map((item) => formatBlock(item, '').join('\n'))];
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

function formatBlock(item: HclBlock, indent: string): string[] {
  const head = [item.type, ...item.labels.map(hclString)].join(' ');
  const comment = (item.comment ?? []).map((line) => `${indent}${line}`);
  if (item.body.length === 0) return [...comment, `${indent}${head} {}`];
  return [...comment, `${indent}${head} {`, ...formatBody(item.body, `${indent}  `), `${indent}}`];
}

/** Attributes in a run align their "=" (as terraform fmt does); a nested block stands apart by a blank line. */
function formatBody(items: readonly HclBodyItem[], indent: string): string[] {
  const lines: string[] = [];
  let run: HclAttribute[] = [];
  const flush = () => {
    const width = Math.max(...run.map((item) => item.name.length));
    lines.push(...run.map((item) => `${indent}${item.name.padEnd(width)} = ${item.value}`));
    run = [];
  };
  for (const item of items) {
    if ('value' in item) {
      if (run.length === 0 && lines.length > 0) lines.push('');
      run.push(item);
      continue;
    }
    if (run.length > 0) flush();
    if (lines.length > 0) lines.push('');
    lines.push(...formatBlock(item, indent));
  }
  if (run.length > 0) flush();
  return lines;
}

/**
 * The variables of a file, each declared once however often it is used: the platform's own
 * (declared with `first`) in the order given, then the placeholders by name.
 */
export class HclVariables {
  private readonly declared = new Map<string, { readonly first: boolean; readonly block: HclBlock }>();

  /** Declares `name` (once) and returns the expression that reads it. */
  use(name: string, type: string, description: string, first = false): string {
    if (!this.declared.has(name)) {
      const body = [attribute('description', hclString(description)), attribute('type', type)];
      this.declared.set(name, { first, block: block('variable', [name], body) });
    }
    return `var.${name}`;
  }

  get size(): number {
    return this.declared.size;
  }

  blocks(): HclBlock[] {
    const entries = [...this.declared.entries()];
    const placeholders = entries.filter(([, entry]) => !entry.first).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return [...entries.filter(([, entry]) => entry.first), ...placeholders].map(([, entry]) => entry.block);
  }
}

/** Literal items of a list, or an expression whose value is a list. */
export type HclListPart = { readonly items: readonly string[] } | { readonly expression: string };

/**
 * A list expression from literal items and list-valued expressions: `["a", "b"]`, `var.x`,
 * or `concat(["a"], var.x)` when both come.
 */
export function hclListOf(parts: readonly HclListPart[]): string {
  const written: string[] = [];
  let literal: string[] = [];
  const flush = () => {
    if (literal.length > 0) written.push(hclStringList([...new Set(literal)]));
    literal = [];
  };
  for (const part of parts) {
    if ('items' in part) literal.push(...part.items);
    else {
      flush();
      written.push(part.expression);
    }
  }
  flush();
  if (written.length === 0) return '[]';
  return written.length === 1 ? written[0] : `concat(${written.join(', ')})`;
}

/** `[for cidr in var.x : cidr if strcontains(cidr, ":")]`: a list variable's ranges of one family. */
export function familyFilter(expression: string, family: AddressFamily): string {
  return `[for cidr in ${expression} : cidr if ${family === 'ipv6' ? '' : '!'}strcontains(cidr, ":")]`;
}

/**
 * Hands out names that are unique within one output: the first claim of a base gets it as
 * is, later ones a suffix ("_2", "_3", …). `fold` says which names the platform takes as equal.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  constructor(
    private readonly withSuffix: (base: string, suffix: number) => string = (base, suffix) => `${base}_${suffix}`,
    private readonly fold: (name: string) => string = (name) => name,
  ) {}

  claim(base: string): string {
    let name = base;
    for (let suffix = 2; this.taken.has(this.fold(name)); suffix += 1) name = this.withSuffix(base, suffix);
    this.taken.add(this.fold(name));
    return name;
  }
}

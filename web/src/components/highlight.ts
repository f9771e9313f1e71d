// Prism (with markup, CSS, C-like and JavaScript), then the grammars of the other formats
// the service renders; each grammar file adds itself to `Prism.languages`.
import Prism from 'prismjs';
import 'prismjs/components/prism-bash';
import 'prismjs/components/prism-yaml';
import 'prismjs/components/prism-json';
import 'prismjs/components/prism-hcl';
import 'prismjs/components/prism-markdown';
import 'prismjs/components/prism-csv';
import 'prismjs/components/prism-dot';

/**
 * The grammar for an artifact, by its file extension: Terraform is HCL, the iptables and
 * nftables files are read with the shell's grammar (their comments, strings and options
 * come out right), the check script is shell. Undefined: shown plain.
 */
const GRAMMAR_BY_EXTENSION: Record<string, string> = {
  tf: 'hcl',
  yaml: 'yaml',
  yml: 'yaml',
  json: 'json',
  sh: 'bash',
  rules: 'bash',
  nft: 'bash',
  md: 'markdown',
  html: 'markup',
  csv: 'csv',
  dot: 'dot',
};

/**
 * Each line of `content` as HTML with Prism's token spans (Prism escapes the text), or null
 * when there is no grammar for the extension. Line by line, so line numbers stay one per
 * line; the formats rendered here have no token that spans lines.
 */
export function highlightLines(lines: readonly string[], fileExtension: string): string[] | null {
  const name = GRAMMAR_BY_EXTENSION[fileExtension];
  const grammar = name === undefined ? undefined : Prism.languages[name];
  if (name === undefined || grammar === undefined) return null;
  return lines.map((line) => Prism.highlight(line, grammar, name));
}

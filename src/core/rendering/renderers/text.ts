import { createHash } from 'node:crypto';
import { describePorts, type ResolvedFlow } from '../../flows/resolved-flow';
import type { RenderInput } from '../render-input';

/*
 * Text every renderer writes into comments, labels and names: user text on one line,
 * byte-bounded, hashed apart, and the usual ways of describing ports and roles.
 */

/**
 * User text made safe for a one-line comment or label: runs of control characters (C0,
 * DEL, C1, line breaks and the Unicode line and paragraph separators) become one space,
 * and lone UTF-16 surrogates (not encodable as UTF-8) become U+FFFD.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must not reach a comment
  return wellFormed(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/** Lone UTF-16 surrogates become U+FFFD, as String#toWellFormed does. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** At most maxBytes bytes of UTF-8, never cutting a character in two. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let result = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    result += char;
    bytes += size;
  }
  return result;
}

/** Eight hex digits that tell apart names a sanitising step made equal. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** "node (master, worker)" or "master". */
export function describeRole(input: RenderInput, roleKey: string): string {
  const members = (input.roles.find((role) => role.key === roleKey)?.members ?? []).filter(
    (member) => member !== roleKey,
  );
  return members.length === 0 ? roleKey : `${roleKey} (${members.join(', ')})`;
}

/** "tcp/443", "udp/30000-32767", "ipip (IP protocol 4)". */
export function describeMatch(flow: ResolvedFlow): string {
  if (flow.protocol === 'ipip') return `ipip (IP protocol ${flow.ipProtocolNumber})`;
  if (flow.fromPort === null) return flow.protocol;
  const toPort = flow.toPort ?? flow.fromPort;
  return `${flow.protocol}/${flow.fromPort}${toPort === flow.fromPort ? '' : `-${toPort}`}`;
}

/** "tcp 443", "udp 30000-32767", "ipip (IP protocol 4)". */
export function describeFlowPorts(flow: ResolvedFlow): string {
  return flow.protocol === 'ipip' ? 'ipip (IP protocol 4)' : describePorts(flow).replace('/', ' ');
}

/**
 * Deepest nesting of arrays and objects accepted in JSON from a client: request bodies
 * (REST, and GraphQL with its variables), and the variables and extensions of GraphQL GET
 * requests. The service's own
 * documents nest 5 levels at most; code that walks a value recursively (class-transformer,
 * JSON.stringify, YAML) runs out of stack from about a thousand.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * True when JSON text nests arrays and objects deeper than `limit`: one pass over the
 * text, skipping strings and the escapes in them, without recursion, so it is safe to run
 * before JSON.parse on any text (and several times faster than it). Text that is not JSON
 * gets an answer too, which does not matter: the parser refuses it afterwards.
 */
export function jsonTextDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = endOfString(text, index);
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/**
 * The index of the quote closing the string opened at `start` (or the end of the text): the
 * next quote after an even run of backslashes. Each backslash is looked at once.
 */
function endOfString(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}

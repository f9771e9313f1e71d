/**
 * Text in code-unit order, the same whatever the database's collation: how lists of
 * names, ids and keys are sorted, and how their pages continue after a cursor.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One page of a list, and the key to continue after, or null when it is the last page. */
export interface KeysetPage<T, K> {
  readonly items: T[];
  readonly nextKey: K | null;
}

/**
 * A page of `sorted` (in the order `compare` gives their keys): the items whose key comes
 * after `after` (all of them without it), at most `limit` (all without it). Continuing
 * after a key rather than at an offset means an item added or removed before the page
 * does not shift it: nothing is shown twice or skipped, and the key need not still exist.
 */
export function keysetPage<T, K>(
  sorted: readonly T[],
  keyOf: (item: T) => K,
  compare: (a: K, b: K) => number,
  after: K | undefined,
  limit: number | undefined,
): KeysetPage<T, K> {
  const rest = after === undefined ? sorted : sorted.filter((item) => compare(keyOf(item), after) > 0);
  if (limit === undefined || rest.length <= limit) return { items: [...rest], nextKey: null };
  const items = rest.slice(0, limit);
  return { items, nextKey: keyOf(items[items.length - 1]) };
}

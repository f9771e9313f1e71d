import { useLocation } from 'preact-iso';

/**
 * A view's state in the URL's query (so the URL can be shared): the current values, and a
 * way to change some of them (empty values drop out; `push` adds a history entry).
 */
export function useUrlState(): [
  Readonly<Record<string, string>>,
  (patch: Record<string, string | null | undefined>, push?: boolean) => void,
] {
  const { path, query, route } = useLocation();
  const update = (patch: Record<string, string | null | undefined>, push = false) => {
    const params = new URLSearchParams(query);
    for (const [name, value] of Object.entries(patch)) {
      if (value === null || value === undefined || value === '') params.delete(name);
      else params.set(name, value);
    }
    const search = params.toString();
    route(search === '' ? path : `${path}?${search}`, !push);
  };
  return [query, update];
}

/** A role as the role graph needs it: its key and the roles it includes. */
export interface RoleNode {
  readonly key: string;
  readonly includes: readonly string[];
}

/**
 * A cycle of inclusions ("a -> b -> a"), or undefined when the graph has none.
 * Unknown included roles are ignored here (they are reported on their own).
 */
export function findInclusionCycle(roles: readonly RoleNode[]): string[] | undefined {
  const includes = new Map(roles.map((role) => [role.key, role.includes]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];

  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === 'done') return undefined;
    if (state.get(key) === 'visiting') return [...path.slice(path.indexOf(key)), key];
    state.set(key, 'visiting');
    path.push(key);
    for (const included of includes.get(key) ?? []) {
      if (!includes.has(included)) continue;
      const cycle = visit(included);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(key, 'done');
    return undefined;
  };

  for (const role of roles) {
    const cycle = visit(role.key);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * For each role, the roles whose flows apply to it: itself and every role that includes
 * it, directly or through others (`worker` -> `worker`, `node`). Assumes no cycle.
 */
export function rolesCovering(roles: readonly RoleNode[]): ReadonlyMap<string, ReadonlySet<string>> {
  const parents = new Map<string, string[]>();
  for (const role of roles) {
    for (const included of role.includes) {
      parents.set(included, [...(parents.get(included) ?? []), role.key]);
    }
  }
  const covering = new Map<string, Set<string>>();
  const collect = (key: string, into: Set<string>): void => {
    if (into.has(key)) return;
    into.add(key);
    for (const parent of parents.get(key) ?? []) collect(parent, into);
  };
  for (const role of roles) {
    const set = new Set<string>();
    collect(role.key, set);
    covering.set(role.key, set);
  }
  return covering;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findInclusionCycle, rolesCovering, type RoleNode } from './role-graph';

const role = (key: string, ...includes: string[]): RoleNode => ({
  key,
  includes,
});

/** Whether `cycle` is a closed walk along inclusion edges ("a -> b -> a"). */
function isCycleOf(cycle: readonly string[], roles: readonly RoleNode[]): boolean {
  const includes = new Map(roles.map((r) => [r.key, r.includes]));
  if (cycle.length < 2 || cycle[0] !== cycle[cycle.length - 1]) return false;
  return cycle.slice(1).every((next, index) => includes.get(cycle[index])?.includes(next) ?? false);
}

describe('findInclusionCycle', () => {
  it('finds none in an acyclic graph (the Kublr node/master/worker shape)', () => {
    expect(findInclusionCycle([role('node', 'master', 'worker'), role('master'), role('worker')])).toBeUndefined();
    expect(findInclusionCycle([])).toBeUndefined();
  });

  it('finds none in a diamond, where a role is reached twice without a cycle', () => {
    const roles = [role('top', 'left', 'right'), role('left', 'bottom'), role('right', 'bottom'), role('bottom')];
    expect(findInclusionCycle(roles)).toBeUndefined();
  });

  it('reports a role that includes itself', () => {
    expect(findInclusionCycle([role('a'), role('b', 'b')])).toEqual(['b', 'b']);
  });

  it('reports a two-role cycle', () => {
    expect(findInclusionCycle([role('a', 'b'), role('b', 'a')])).toEqual(['a', 'b', 'a']);
  });

  it('reports a three-role cycle as a closed path, without the roles leading into it', () => {
    const roles = [role('entry', 'a'), role('a', 'b'), role('b', 'c'), role('c', 'a')];
    const cycle = findInclusionCycle(roles);
    expect(cycle).toEqual(['a', 'b', 'c', 'a']);
    expect(isCycleOf(cycle ?? [], roles)).toBe(true);
  });

  it('ignores included roles that are not declared', () => {
    expect(findInclusionCycle([role('a', 'ghost'), role('b', 'a', 'ghost')])).toBeUndefined();
    // An undeclared role cannot close a cycle either.
    expect(findInclusionCycle([role('a', 'ghost')])).toBeUndefined();
  });

  it('property: finds a cycle exactly when a graph has one, and the cycle is real', () => {
    const graph = fc
      .integer({ min: 1, max: 6 })
      .chain((size) =>
        fc.array(
          fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), {
            maxLength: size,
          }),
          {
            minLength: size,
            maxLength: size,
          },
        ),
      )
      .map((edges) => edges.map((targets, index) => role(`r${index}`, ...targets.map((t) => `r${t}`))));
    fc.assert(
      fc.property(graph, (roles) => {
        const cycle = findInclusionCycle(roles);
        // Reference check: a graph is acyclic iff repeatedly removing roles that include
        // no remaining role removes them all.
        let remaining = roles.map((r) => r.key);
        for (;;) {
          const next = remaining.filter((key) =>
            roles.find((r) => r.key === key)!.includes.some((included) => remaining.includes(included)),
          );
          if (next.length === remaining.length) break;
          remaining = next;
        }
        expect(cycle !== undefined).toBe(remaining.length > 0);
        if (cycle) expect(isCycleOf(cycle, roles)).toBe(true);
      }),
    );
  });
});

describe('rolesCovering', () => {
  const kublr = [role('node', 'master', 'worker'), role('master'), role('worker'), role('kcp')];

  it('covers a role by itself and the roles that include it', () => {
    const covering = rolesCovering(kublr);
    expect(covering.get('worker')).toEqual(new Set(['worker', 'node']));
    expect(covering.get('master')).toEqual(new Set(['master', 'node']));
  });

  it('does not cover a role by the roles it includes', () => {
    const covering = rolesCovering(kublr);
    expect(covering.get('node')).toEqual(new Set(['node']));
    expect(covering.get('kcp')).toEqual(new Set(['kcp']));
  });

  it('has an entry for every declared role and no other', () => {
    expect([...rolesCovering([role('a', 'ghost'), role('b')]).keys()].sort()).toEqual(['a', 'b']);
  });

  it('follows inclusion chains transitively', () => {
    const covering = rolesCovering([role('any', 'node'), role('node', 'worker'), role('worker', 'gpu'), role('gpu')]);
    expect(covering.get('gpu')).toEqual(new Set(['gpu', 'worker', 'node', 'any']));
    expect(covering.get('worker')).toEqual(new Set(['worker', 'node', 'any']));
    expect(covering.get('any')).toEqual(new Set(['any']));
  });

  it('collects every parent in a diamond', () => {
    const covering = rolesCovering([
      role('top', 'left', 'right'),
      role('left', 'bottom'),
      role('right', 'bottom'),
      role('bottom'),
    ]);
    expect(covering.get('bottom')).toEqual(new Set(['bottom', 'left', 'right', 'top']));
  });
});

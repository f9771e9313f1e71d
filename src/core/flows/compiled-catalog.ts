import type { CatalogDefinition, FlowDefinition, RoleDefinition } from '../catalog/catalog-definition';
import { compileCondition, type CompiledCondition } from '../conditions';
import type { ParameterSpec } from '../parameters/parameter.types';

/** A catalog row with its condition parsed once, ready to be evaluated on every query. */
export interface CompiledFlow {
  readonly definition: FlowDefinition;
  readonly condition: CompiledCondition;
}

/**
 * A catalog version prepared for queries: conditions compiled, the role graph walked.
 * Built once per version and reused for every question asked of it.
 */
export interface CompiledCatalog {
  readonly definition: CatalogDefinition;
  readonly parameters: readonly ParameterSpec[];
  readonly roles: ReadonlyMap<string, RoleDefinition>;
  readonly flows: readonly CompiledFlow[];
  /** For each role, itself and every role it includes, transitively, in catalog order ("node" → node, master, worker). */
  readonly members: ReadonlyMap<string, readonly string[]>;
  /** For each role, the flow roles a query for it matches (see `compileCatalog`). */
  readonly matchingRoles: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Prepares a (validated) catalog for queries. A role stands for a set of endpoints: its
 * own and those of every role it includes. A query role matches the flows written for any
 * role whose set shares an endpoint with its own: `worker` matches `node` flows (a worker
 * is a node), `node` matches `master` flows (those are flows of some nodes), and so does a
 * `control-plane` role that also includes `master`. A role that includes another therefore
 * always answers a superset of what the included one answers.
 */
export function compileCatalog(definition: CatalogDefinition): CompiledCatalog {
  const roles = new Map(definition.roles.map((role) => [role.key, role]));
  const members = new Map<string, ReadonlySet<string>>();
  const membersOf = (key: string): ReadonlySet<string> => {
    let found = members.get(key);
    if (!found) {
      const seen = new Set<string>();
      const stack = [key];
      while (stack.length > 0) {
        const next = stack.pop()!;
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...(roles.get(next)?.includes ?? []));
      }
      found = seen;
      members.set(key, found);
    }
    return found;
  };
  const matchingRoles = new Map<string, ReadonlySet<string>>();
  for (const query of definition.roles) {
    const own = membersOf(query.key);
    const matches = definition.roles
      .filter((flowRole) => [...membersOf(flowRole.key)].some((member) => own.has(member)))
      .map((flowRole) => flowRole.key);
    matchingRoles.set(query.key, new Set(matches));
  }
  return {
    definition,
    parameters: definition.parameters,
    roles,
    members: new Map(
      definition.roles.map((role) => [
        role.key,
        definition.roles.map((member) => member.key).filter((key) => membersOf(role.key).has(key)),
      ]),
    ),
    matchingRoles,
    flows: definition.flows.map((flow) => ({
      definition: flow,
      condition: compileCondition(flow.condition, definition.parameters),
    })),
  };
}

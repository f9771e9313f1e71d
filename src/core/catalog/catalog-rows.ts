import type { CatalogDefinition, FlowDefinition, ParameterDefinition, RoleDefinition } from './catalog-definition';

/** Rows to create, rows whose content changed, and keys to delete, for one kind of row. */
export interface RowChanges<T> {
  readonly created: readonly T[];
  readonly updated: readonly T[];
  readonly deleted: readonly string[];
}

/** What must be written to turn the stored rows of one version into another definition. */
export interface CatalogRowChanges {
  readonly roles: RowChanges<RoleDefinition>;
  readonly parameters: RowChanges<ParameterDefinition>;
  readonly flows: RowChanges<FlowDefinition>;
  /** Version-level fields (title, notes) differ. */
  readonly header: boolean;
}

/**
 * Row-level changes between two definitions of one version, matching rows by key. A row
 * is updated only when its content differs, so untouched rows keep their revision.
 */
export function catalogRowChanges(before: CatalogDefinition, after: CatalogDefinition): CatalogRowChanges {
  return {
    roles: rowChanges(before.roles, after.roles, (role) => role.key),
    parameters: rowChanges(before.parameters, after.parameters, (parameter) => parameter.name),
    flows: rowChanges(before.flows, after.flows, (flow) => flow.key),
    header: before.title !== after.title || before.notes !== after.notes,
  };
}

export function hasRowChanges(changes: CatalogRowChanges): boolean {
  return (
    changes.header ||
    [changes.roles, changes.parameters, changes.flows].some(
      (kind) => kind.created.length + kind.updated.length + kind.deleted.length > 0,
    )
  );
}

function rowChanges<T>(before: readonly T[], after: readonly T[], keyOf: (row: T) => string): RowChanges<T> {
  const old = new Map(before.map((row) => [keyOf(row), row]));
  const kept = new Set(after.map(keyOf));
  return {
    created: after.filter((row) => !old.has(keyOf(row))),
    updated: after.filter((row) => {
      const previous = old.get(keyOf(row));
      return previous !== undefined && canonical(previous) !== canonical(row);
    }),
    deleted: before.map(keyOf).filter((key) => !kept.has(key)),
  };
}

/** JSON with object keys sorted, so two equal rows compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

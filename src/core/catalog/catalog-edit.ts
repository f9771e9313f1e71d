import { parseCondition, referencedParameters } from '../conditions';
import type { CatalogDefinition } from './catalog-definition';
import { InvalidCatalogError, readCatalog, toCatalogDocument, type CatalogProblem } from './catalog-document';

/** The kinds of row a catalog version holds, with the document field and the key of each. */
export const CATALOG_ENTITIES = {
  role: { field: 'roles', keyField: 'id', noun: 'role' },
  parameter: { field: 'parameters', keyField: 'name', noun: 'parameter' },
  flow: { field: 'flows', keyField: 'key', noun: 'flow' },
} as const;
export type CatalogEntity = keyof typeof CATALOG_ENTITIES;

/**
 * One edit of a draft, with the item as the client wrote it (document form: a role is
 * `{id, name, includes}`, a flow `{key, source, destination, protocol, ports, ...}`).
 */
export type CatalogEdit =
  | { readonly op: 'create'; readonly entity: CatalogEntity; readonly item: unknown }
  | { readonly op: 'replace'; readonly entity: CatalogEntity; readonly key: string; readonly item: unknown }
  | { readonly op: 'delete'; readonly entity: CatalogEntity; readonly key: string };

export interface CatalogEditResult {
  readonly catalog: CatalogDefinition;
  /** The item's key after the edit (a replace may rename it); the deleted key for a delete. */
  readonly key: string;
  /** The item in document form before and after the edit (null where there is none). */
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}

/** An edit that names an item that is not there (`not-found`) or clashes with one (`conflict`). */
export class CatalogEditError extends Error {
  override readonly name = 'CatalogEditError';

  constructor(
    readonly kind: 'not-found' | 'conflict',
    message: string,
    /** The entity and key of the item that is missing or in the way. */
    readonly item?: { readonly entity: CatalogEntity; readonly key: string },
  ) {
    super(message);
  }
}

type DocumentItem = Record<string, unknown>;
type CatalogDocumentShape = Record<string, unknown> & Record<'roles' | 'parameters' | 'flows', DocumentItem[]>;

/**
 * Applies one edit to a catalog and checks the whole result with the same rules as an
 * imported document, so a draft can never hold what an import would refuse. Works on the
 * document form: the item is checked by the document's JSON Schema, and a renamed role
 * carries into the roles that include it and the flows that name it.
 *
 * Throws CatalogEditError (not-found, conflict) or InvalidCatalogError, whose problem paths
 * point into the item (`/ports`) when the problem is the item's own.
 */
export function applyCatalogEdit(catalog: CatalogDefinition, edit: CatalogEdit): CatalogEditResult {
  const { field, keyField, noun } = CATALOG_ENTITIES[edit.entity];
  const document = toCatalogDocument(catalog) as CatalogDocumentShape;
  const items = document[field];
  const indexOf = (key: string) => items.findIndex((item) => item[keyField] === key);

  if (edit.op === 'delete') {
    const index = indexOf(edit.key);
    if (index < 0) {
      throw new CatalogEditError('not-found', `${noun} "${edit.key}" not found`, {
        entity: edit.entity,
        key: edit.key,
      });
    }
    const references = referencesTo(catalog, edit.entity, edit.key);
    if (references.length > 0) {
      throw new CatalogEditError(
        'conflict',
        `${noun} "${edit.key}" is still used by ${references.join(', ')}; change or delete those first`,
      );
    }
    const before = items[index];
    items.splice(index, 1);
    return { catalog: rebuild(document, field, -1), key: edit.key, before, after: null };
  }

  if (!isPlainObject(edit.item)) {
    throw new InvalidCatalogError([{ path: '', message: `the ${noun} must be a JSON object` }]);
  }
  const item: DocumentItem = { ...edit.item };
  if (edit.op === 'create') {
    const key = item[keyField];
    if (typeof key === 'string' && indexOf(key) >= 0) {
      throw new CatalogEditError('conflict', `${noun} "${key}" already exists in catalog version "${catalog.version}"`);
    }
    items.push(item);
    const built = rebuild(document, field, items.length - 1);
    const after = toCatalogDocument(built)[field] as DocumentItem[];
    const created = after[after.length - 1];
    return { catalog: built, key: String(created[keyField]), before: null, after: created };
  }

  const index = indexOf(edit.key);
  if (index < 0) {
    throw new CatalogEditError('not-found', `${noun} "${edit.key}" not found`, { entity: edit.entity, key: edit.key });
  }
  if (item[keyField] === undefined) item[keyField] = edit.key;
  const newKey = item[keyField];
  if (typeof newKey === 'string' && newKey !== edit.key && indexOf(newKey) >= 0) {
    throw new CatalogEditError('conflict', `cannot rename ${noun} "${edit.key}" to "${newKey}": that ${noun} exists`);
  }
  const before = items[index];
  items[index] = item;
  if (edit.entity === 'role' && typeof newKey === 'string' && newKey !== edit.key) {
    renameRole(document, edit.key, newKey);
  }
  const built = rebuild(document, field, index);
  const after = (toCatalogDocument(built)[field] as DocumentItem[])[index];
  return { catalog: built, key: String(after[keyField]), before, after };
}

/** Where a role or parameter is used, as "flow \"x\"" and "role \"y\"" phrases. */
export function referencesTo(catalog: CatalogDefinition, entity: CatalogEntity, key: string): string[] {
  switch (entity) {
    case 'role':
      return [
        ...catalog.roles.filter((role) => role.includes.includes(key)).map((role) => `role "${role.key}"`),
        ...catalog.flows
          .filter((flow) => flow.source === key || flow.destination === key)
          .map((flow) => `flow "${flow.key}"`),
      ];
    case 'parameter':
      return catalog.flows
        .filter(
          (flow) =>
            (flow.ports.kind === 'parameter' && flow.ports.name === key) ||
            (flow.condition !== null && referencedParameters(parseCondition(flow.condition)).includes(key)),
        )
        .map((flow) => `flow "${flow.key}"`);
    case 'flow':
      return [];
  }
}

function renameRole(document: CatalogDocumentShape, from: string, to: string): void {
  for (const role of document.roles) {
    if (Array.isArray(role.includes)) role.includes = role.includes.map((key) => (key === from ? to : key));
  }
  for (const flow of document.flows) {
    if (flow.source === from) flow.source = to;
    if (flow.destination === from) flow.destination = to;
  }
}

/** Builds the edited document; problems of the edited item get paths relative to it. */
function rebuild(document: CatalogDocumentShape, field: string, editedIndex: number): CatalogDefinition {
  try {
    const { catalog, repeats } = readCatalog(document);
    const folded = repeats.find((repeat) => repeat.exact);
    if (folded) {
      // An import folds a row that repeats another exactly; an edit that would is refused:
      // it would change nothing, and the row it was asked to write would not exist.
      const at = field === 'flows' && folded.twin === editedIndex ? folded.twin : folded.index;
      const key = String(document.flows[at === folded.index ? folded.twin : folded.index].key);
      throw new InvalidCatalogError([
        {
          path: `/flows/${at}`,
          message: `repeats flow "${key}" (same roles, protocol, ports, condition and component); a draft holds each flow once: edit "${key}" instead`,
        },
      ]);
    }
    return catalog;
  } catch (error) {
    if (!(error instanceof InvalidCatalogError)) throw error;
    const prefix = `/${field}/${editedIndex}`;
    throw new InvalidCatalogError(
      error.problems.map((problem): CatalogProblem =>
        editedIndex >= 0 && (problem.path === prefix || problem.path.startsWith(`${prefix}/`))
          ? { path: problem.path.slice(prefix.length), message: problem.message }
          : problem,
      ),
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

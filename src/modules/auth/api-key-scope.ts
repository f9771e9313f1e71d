import { ApiKeyScope } from '../../database/generated/enums';

export { ApiKeyScope };

/**
 * Scopes from least to most: each includes every one before it (admin ⊇ publisher ⊇
 * editor ⊇ reader).
 * - reader: read catalogs, profiles, flows and artifacts (needed only with READS_REQUIRE_KEY=true);
 * - editor: write profiles and catalog drafts (catalog owners, CI pipelines);
 * - publisher: publish and deprecate catalog versions;
 * - admin: manage API keys, and everything else.
 */
export const API_KEY_SCOPES: readonly ApiKeyScope[] = [
  ApiKeyScope.reader,
  ApiKeyScope.editor,
  ApiKeyScope.publisher,
  ApiKeyScope.admin,
];

const RANK = new Map(API_KEY_SCOPES.map((scope, rank) => [scope, rank]));

/** True when one of the granted scopes is `required` or includes it. */
export function scopesInclude(granted: readonly ApiKeyScope[], required: ApiKeyScope): boolean {
  const needed = RANK.get(required)!;
  return granted.some((scope) => (RANK.get(scope) ?? -1) >= needed);
}

/** The highest of the granted scopes (what the key can do), or undefined for none. */
export function highestScope(granted: readonly ApiKeyScope[]): ApiKeyScope | undefined {
  return [...granted].sort((a, b) => RANK.get(b)! - RANK.get(a)!)[0];
}

/** Scopes without duplicates, from least to most. */
export function normalizeScopes(scopes: readonly ApiKeyScope[]): ApiKeyScope[] {
  return API_KEY_SCOPES.filter((scope) => scopes.includes(scope));
}

/** A query names a role the catalog version does not have. */
export class UnknownRoleError extends Error {
  override readonly name = 'UnknownRoleError';

  constructor(
    readonly role: string,
    readonly known: readonly string[],
  ) {
    super(`unknown role "${role}"; this catalog version has ${known.join(', ')}`);
  }
}

/** A query names a catalog row that does not exist. */
export class UnknownFlowError extends Error {
  override readonly name = 'UnknownFlowError';

  constructor(readonly key: string) {
    super(`no flow with key "${key}" in this catalog version`);
  }
}

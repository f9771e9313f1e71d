/**
 * Root fields that look something up by name are nullable: a missing catalog version,
 * profile or flow (or a bad value) is null with the error in `errors`, and the query's
 * other fields still answer.
 */
export const NULL_ON_ERROR =
  'Null when a catalog version, profile or flow it names does not exist or a value is wrong, with the error in errors';

import { PROFILE_NAME_PATTERN } from '../profile-command';

/** The `{name}` path parameter of the profile endpoints. */
export const PROFILE_NAME_PARAM = {
  name: 'name',
  description: 'The profile name: 1-128 letters, digits, ".", "_" and "-", starting with a letter or digit',
  schema: { type: 'string', pattern: PROFILE_NAME_PATTERN.source, example: 'prod' },
};

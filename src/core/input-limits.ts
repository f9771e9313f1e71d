/**
 * The one set of input limits: the catalog document's schema, REST query parsing and
 * GraphQL arguments all take their maximum lengths from here, so a value refused by one
 * transport is refused by the other, with the same code and message.
 */
export const INPUT_LIMITS = {
  /** A catalog version label ("1.30.0"), or "latest". */
  versionLabel: 64,
  /** A role id ("master", "ingress-lb"). */
  roleId: 64,
  /** A profile name. */
  profileName: 128,
  /** A flow key ("kubelet-api"). */
  flowKey: 128,
  /** A parameter name ("cni", "nodePortRange"). */
  parameterName: 64,
  /** One parameter value as text ("calico", "30000-32767", "true"). */
  parameterValue: 256,
  /** An artifact format name ("aws-terraform"). */
  artifactFormat: 64,
  /** A comma-separated list of networks as one query parameter ("10.0.0.0/8,2001:db8::/32"). */
  cidrList: 1024,
} as const;

export type InputLimit = keyof typeof INPUT_LIMITS;

/** The message of a value over its limit, word for word the same on both transports. */
export function tooLongMessage(field: string, max: number): string {
  return `"${field}" is longer than ${max} characters`;
}

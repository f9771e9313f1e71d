import { compare as compareSemver, valid as validSemver } from 'semver';

/** What "latest" needs to know of a published version. */
export interface RankedVersion {
  readonly label: string;
  readonly publishedAt: Date | null;
}

/**
 * Orders versions newest first: semantic-version labels by semantic-version precedence,
 * above labels that are not semantic versions, which go by publish time (newest first),
 * then by label; semantic versions that rank equal are ordered like those. So publishing
 * 1.29.5 after 1.30.0 does not make it the latest.
 */
export function compareVersionsNewestFirst(a: RankedVersion, b: RankedVersion): number {
  const semverA = validSemver(a.label);
  const semverB = validSemver(b.label);
  if (semverA && semverB) {
    // Labels semver ranks equal ("1.0.0+a", "v1.0.0") fall through to the tie-breaks below.
    const bySemver = compareSemver(semverB, semverA);
    if (bySemver !== 0) return bySemver;
  } else if (semverA) {
    return -1;
  } else if (semverB) {
    return 1;
  }
  const timeA = a.publishedAt?.getTime() ?? 0;
  const timeB = b.publishedAt?.getTime() ?? 0;
  if (timeA !== timeB) return timeB - timeA;
  return a.label < b.label ? 1 : a.label > b.label ? -1 : 0;
}

/** The newest of the given versions, or undefined when there is none. */
export function pickLatest<T extends RankedVersion>(versions: readonly T[]): T | undefined {
  return [...versions].sort(compareVersionsNewestFirst)[0];
}

export const LATEST = 'latest';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersionsNewestFirst, pickLatest, type RankedVersion } from './version-label';

const at = (day: number): Date => new Date(Date.UTC(2025, 0, day));
const version = (label: string, publishedAt: Date | null = null): RankedVersion => ({
  label,
  publishedAt,
});
const labelsNewestFirst = (versions: readonly RankedVersion[]): string[] =>
  [...versions].sort(compareVersionsNewestFirst).map((v) => v.label);

describe('compareVersionsNewestFirst', () => {
  it('ranks by semantic version, not by publish time', () => {
    const older = version('1.30.0', at(1));
    const patchedLater = version('1.29.5', at(20));
    expect(compareVersionsNewestFirst(older, patchedLater)).toBeLessThan(0);
    expect(compareVersionsNewestFirst(patchedLater, older)).toBeGreaterThan(0);
    expect(pickLatest([patchedLater, older])).toBe(older);
  });

  it('ranks a release above its pre-release', () => {
    expect(labelsNewestFirst([version('1.30.0-rc.1', at(2)), version('1.30.0', at(1))])).toEqual([
      '1.30.0',
      '1.30.0-rc.1',
    ]);
  });

  it('compares numerically, not as text', () => {
    expect(labelsNewestFirst([version('1.9.0'), version('1.10.0'), version('1.2.0')])).toEqual([
      '1.10.0',
      '1.9.0',
      '1.2.0',
    ]);
  });

  it('ranks labels that are not semantic versions below all semantic versions', () => {
    const versions = [version('2025-draft', at(30)), version('0.0.1', at(1)), version('zzz', at(31))];
    expect(labelsNewestFirst(versions)).toEqual(['0.0.1', 'zzz', '2025-draft']);
    expect(pickLatest(versions)?.label).toBe('0.0.1');
  });

  it('orders non-semantic labels by publish time, newest first, unpublished last', () => {
    const versions = [version('b', at(1)), version('a', at(3)), version('c', null), version('d', at(2))];
    expect(labelsNewestFirst(versions)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('breaks publish-time ties by label', () => {
    const sorted = labelsNewestFirst([version('alpha', at(1)), version('beta', at(1))]);
    expect(sorted).toEqual(labelsNewestFirst([version('beta', at(1)), version('alpha', at(1))]));
    expect(new Set(sorted)).toEqual(new Set(['alpha', 'beta']));
  });

  it('gives a deterministic order to labels semver considers equal (build metadata, "v" prefix)', () => {
    const a = [version('1.0.0+build.1', at(1)), version('1.0.0+build.2', at(2)), version('v1.0.0', at(1))];
    expect(labelsNewestFirst(a)).toEqual(labelsNewestFirst([...a].reverse()));
    expect(labelsNewestFirst(a)[0]).toBe('1.0.0+build.2');
  });
});

describe('pickLatest', () => {
  it('returns undefined for no versions', () => {
    expect(pickLatest([])).toBeUndefined();
  });

  it('returns the only version and does not reorder its input', () => {
    const input = [version('1.0.0'), version('2.0.0')];
    expect(pickLatest([input[0]])).toBe(input[0]);
    expect(pickLatest(input)).toBe(input[1]);
    expect(input.map((v) => v.label)).toEqual(['1.0.0', '2.0.0']);
  });
});

describe('ordering properties', () => {
  const label = fc.oneof(
    fc
      .tuple(
        // Small numbers, so that labels semver ranks equal ("1.2.0", "v1.2.0+7") come up often.
        fc.nat(1),
        fc.constantFrom(2, 9, 10),
        fc.nat(1),
        fc.option(fc.constantFrom('rc.1', 'rc.2', 'alpha', 'beta.1'), {
          nil: undefined,
        }),
        fc.option(fc.constantFrom('build.1', 'build.2', '7'), {
          nil: undefined,
        }),
        fc.boolean(),
      )
      .map(
        ([major, minor, patch, pre, build, vPrefix]) =>
          `${vPrefix ? 'v' : ''}${major}.${minor}.${patch}${pre ? `-${pre}` : ''}${build ? `+${build}` : ''}`,
      ),
    fc.constantFrom('draft', 'latest-fixes', '2025.01', '1.30', 'next'),
  );
  const rankedVersion = fc.record({
    label,
    publishedAt: fc.option(fc.integer({ min: 1, max: 5 }).map(at), {
      nil: null,
    }),
  });
  // Distinct labels: the database keeps one version per label.
  const versions = fc.uniqueArray(rankedVersion, {
    selector: (v) => v.label,
    maxLength: 12,
  });

  it('sorts to the same order whatever the input order', () => {
    fc.assert(
      fc.property(versions, fc.infiniteStream(fc.nat()), (list, seeds) => {
        const shuffled = list
          .map((v) => ({ v, key: seeds.next().value as number }))
          .sort((x, y) => x.key - y.key)
          .map(({ v }) => v);
        expect(labelsNewestFirst(shuffled)).toEqual(labelsNewestFirst(list));
        expect(pickLatest(shuffled)?.label).toBe(labelsNewestFirst(list)[0]);
      }),
    );
  });

  it('is a strict total order on distinct labels: antisymmetric, transitive, never a tie', () => {
    fc.assert(
      fc.property(rankedVersion, rankedVersion, rankedVersion, (a, b, c) => {
        fc.pre(a.label !== b.label && b.label !== c.label && a.label !== c.label);
        const ab = compareVersionsNewestFirst(a, b);
        expect(ab).not.toBe(0);
        expect(Math.sign(compareVersionsNewestFirst(b, a))).toBe(-Math.sign(ab));
        if (ab < 0 && compareVersionsNewestFirst(b, c) < 0) {
          expect(compareVersionsNewestFirst(a, c)).toBeLessThan(0);
        }
        expect(compareVersionsNewestFirst(a, a)).toBe(0);
      }),
    );
  });
});

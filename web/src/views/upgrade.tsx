import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../api/client';
import { graphql } from '../gql';
import type { UpgradeDiffQuery } from '../gql/graphql';
import {
  fieldError,
  PARAM_PREFIX,
  ParamFields,
  paramsFromQuery,
  type ParameterInfo,
} from '../components/question-params';
import { saveFile } from '../components/save-file';
import { ErrorNotice, Loading } from '../components/status';
import { useQuery } from '../components/use-query';
import { useUrlState } from '../components/url-state';
import { differences, portsOf } from './flow-changes';

const UPGRADE_CHOICES = graphql(`
  query UpgradeChoices {
    catalogs {
      version
      status
    }
    profiles {
      name
    }
    artifactFormats {
      format
      description
    }
  }
`);

const UPGRADE_VERSIONS = graphql(`
  query UpgradeVersions($from: String!, $to: String!) {
    before: catalog(version: $from) {
      version
      ...ExplorerQuestionShape
    }
    after: catalog(version: $to) {
      version
      ...ExplorerQuestionShape
    }
  }
`);

const UPGRADE_DIFF = graphql(`
  query UpgradeDiff(
    $from: String!
    $to: String!
    $profile: String
    $fromRole: String
    $toRole: String
    $params: ParamsInput
  ) {
    diff(from: $from, to: $to, profile: $profile, fromRole: $fromRole, toRole: $toRole, params: $params) {
      from
      to
      added {
        key
        source
        destination
        protocol
        fromPort
        toPort
        component
        notes
      }
      removed {
        key
        source
        destination
        protocol
        fromPort
        toPort
        component
        notes
      }
      changed {
        before {
          key
          source
          destination
          protocol
          fromPort
          toPort
          component
          notes
        }
        after {
          key
          source
          destination
          protocol
          fromPort
          toPort
          component
          notes
        }
      }
    }
  }
`);

const CHANGE_ARTIFACT = graphql(`
  query UpgradeChangeArtifact(
    $format: String!
    $catalog: String!
    $since: String!
    $profile: String
    $fromRole: String
    $toRole: String
    $params: ParamsInput
  ) {
    artifact(
      format: $format
      catalog: $catalog
      since: $since
      profile: $profile
      from: $fromRole
      to: $toRole
      params: $params
    ) {
      content
      fileName
      contentType
    }
  }
`);

/** The change artifacts offered for download, in this order (when the service has the format). */
export const CHANGE_FORMATS = ['iptables', 'nftables', 'aws-terraform'] as const;

type DiffFlow = NonNullable<UpgradeDiffQuery['diff']>['added'][number];

/**
 * What an upgrade changes: the flows added, removed and changed between two versions (under
 * a profile, role filters and parameter values), and the change artifacts (`since=`) to
 * download. Every choice is in the URL: from, to, profile, fromRole, toRole, p.<name>.
 */
export function UpgradeView() {
  const [query, update] = useUrlState();
  const choices = useQuery(UPGRADE_CHOICES, {});
  const published = (choices.data?.catalogs ?? []).filter((catalog) => catalog.status === 'published');
  const from = query.from ?? '';
  const to = query.to ?? '';

  // No versions in the URL: the latest published one and the one before, written into the URL.
  useEffect(() => {
    if (from !== '' || to !== '' || published.length === 0) return;
    update({ to: published[0]?.version, from: published[1]?.version ?? published[0]?.version });
  }, [from, to, published.length]);

  const versions = useQuery(UPGRADE_VERSIONS, { from, to }, from === '' || to === '');
  const parameters: ParameterInfo[] = unionBy(
    [...(versions.data?.before?.parameters ?? []), ...(versions.data?.after?.parameters ?? [])],
    (parameter) => parameter.name,
  );
  const roles = unionBy(
    [...(versions.data?.before?.roles ?? []), ...(versions.data?.after?.roles ?? [])],
    (role) => role.key,
  );
  const question = {
    profile: query.profile || null,
    fromRole: query.fromRole || null,
    toRole: query.toRole || null,
    params: paramsFromQuery(query, parameters) ?? null,
  };
  const diff = useQuery(UPGRADE_DIFF, { from, to, ...question }, versions.data === null);
  const error = diff.error;
  const roleError = { fromRole: fieldError(error, 'from', 'fromRole'), toRole: fieldError(error, 'to', 'toRole') };
  const shownAtField =
    roleError.fromRole !== null ||
    roleError.toRole !== null ||
    parameters.some((parameter) => fieldError(error, parameter.name) !== null);
  const formats = new Set((choices.data?.artifactFormats ?? []).map((format) => format.format));

  return (
    <section aria-labelledby="upgrade-title">
      <h1 id="upgrade-title">Upgrade</h1>
      <p>What changes in the network requirements from one catalog version to another.</p>
      {choices.loading && <Loading what="catalog versions and profiles" />}
      {choices.error && <ErrorNotice error={choices.error} />}
      {choices.data && (
        <form class="question" aria-label="The upgrade to compare" onSubmit={(event) => event.preventDefault()}>
          <div>
            <label for="upgrade-from">From version</label>
            <select id="upgrade-from" value={from} onChange={(event) => update({ from: event.currentTarget.value })}>
              {from === '' && <option value="">choose</option>}
              {choices.data.catalogs.map((catalog) => (
                <option key={catalog.version} value={catalog.version}>
                  {catalog.version} ({catalog.status})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="upgrade-to">To version</label>
            <select id="upgrade-to" value={to} onChange={(event) => update({ to: event.currentTarget.value })}>
              {to === '' && <option value="">choose</option>}
              {choices.data.catalogs.map((catalog) => (
                <option key={catalog.version} value={catalog.version}>
                  {catalog.version} ({catalog.status})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="upgrade-profile">Profile</label>
            <select
              id="upgrade-profile"
              value={query.profile ?? ''}
              onChange={(event) => update({ profile: event.currentTarget.value })}
            >
              <option value="">none</option>
              {choices.data.profiles.map((profile) => (
                <option key={profile.name} value={profile.name}>
                  {profile.name}
                </option>
              ))}
            </select>
          </div>
          <RoleField
            id="upgrade-from-role"
            label="Source role"
            value={query.fromRole ?? ''}
            roles={roles}
            problem={roleError.fromRole}
            onChange={(value) => update({ fromRole: value })}
          />
          <RoleField
            id="upgrade-to-role"
            label="Destination role"
            value={query.toRole ?? ''}
            roles={roles}
            problem={roleError.toRole}
            onChange={(value) => update({ toRole: value })}
          />
          <ParamFields
            parameters={parameters}
            query={query}
            error={error}
            onChange={(name, value) => update({ [`${PARAM_PREFIX}${name}`]: value })}
          />
        </form>
      )}
      {versions.loading && <Loading what={`catalogs ${from} and ${to}`} />}
      {versions.error && <ErrorNotice error={versions.error} />}
      {diff.loading && versions.data && <Loading what={`the changes from ${from} to ${to}`} />}
      {error && !shownAtField && <ErrorNotice error={error} />}
      {error && shownAtField && (
        <p class="error" role="alert">
          Check the field marked above: {error.message}
        </p>
      )}
      {diff.data?.diff && (
        <>
          <ChangeDownloads
            formats={CHANGE_FORMATS.filter((format) => formats.has(format))}
            variables={{ catalog: diff.data.diff.to, since: diff.data.diff.from, ...question }}
          />
          <DiffTables diff={diff.data.diff} />
        </>
      )}
    </section>
  );
}

function RoleField(props: {
  id: string;
  label: string;
  value: string;
  roles: ReadonlyArray<{ key: string; name: string }>;
  problem: string | null;
  onChange(value: string): void;
}) {
  const { id, label, value, roles, problem, onChange } = props;
  return (
    <div>
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={problem !== null ? 'true' : undefined}
        aria-describedby={problem !== null ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.currentTarget.value)}
      >
        <option value="">any</option>
        {roles.map((role) => (
          <option key={role.key} value={role.key}>
            {role.key} ({role.name})
          </option>
        ))}
        {value !== '' && !roles.some((role) => role.key === value) && <option value={value}>{value}</option>}
      </select>
      {problem !== null && (
        <p id={`${id}-error`} class="field-error">
          {problem}
        </p>
      )}
    </div>
  );
}

/** One button per change artifact: asks GraphQL for it and saves it under the service's file name. */
function ChangeDownloads({
  formats,
  variables,
}: {
  formats: readonly string[];
  variables: {
    catalog: string;
    since: string;
    profile: string | null;
    fromRole: string | null;
    toRole: string | null;
    params: Record<string, string | number | boolean> | null;
  };
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const download = async (format: string) => {
    setBusy(format);
    setSaved(null);
    setFailure(null);
    try {
      const { artifact } = await request(CHANGE_ARTIFACT, { format, ...variables });
      if (artifact === null || artifact === undefined) throw new ApiError('NOT_FOUND', `no ${format} artifact`);
      saveFile(artifact);
      setSaved(artifact.fileName);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="change-downloads-title" class="change-downloads">
      <h2 id="change-downloads-title">
        Rules to change, {variables.since} → {variables.catalog}
      </h2>
      <p>The rules to add and to remove for this upgrade, for the firewall that applies them.</p>
      <div class="button-row">
        {formats.map((format) => (
          <button key={format} type="button" disabled={busy !== null} onClick={() => void download(format)}>
            Download {format} change
          </button>
        ))}
      </div>
      {busy !== null && <Loading what={`the ${busy} change`} />}
      {saved !== null && (
        <p role="status" class="saved">
          Saved {saved}
        </p>
      )}
      {failure && <ErrorNotice error={failure} />}
    </section>
  );
}

function DiffTables({ diff }: { diff: NonNullable<UpgradeDiffQuery['diff']> }) {
  return (
    <>
      <p>
        From {diff.from} to {diff.to}: {diff.added.length} added, {diff.removed.length} removed, {diff.changed.length}{' '}
        changed.
      </p>
      <FlowSection kind="added" title="Added" flows={diff.added} version={diff.to} />
      <FlowSection kind="removed" title="Removed" flows={diff.removed} version={diff.from} />
      <section aria-labelledby="diff-changed-title">
        <h2 id="diff-changed-title">Changed ({diff.changed.length})</h2>
        {diff.changed.length === 0 ? (
          <p>No flow changed.</p>
        ) : (
          <div class="table-wrap">
            <table class="diff-table">
              <caption>
                Flows both versions require, with what differs: before ({diff.from}) → after ({diff.to})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Change</th>
                  <th scope="col">Flow</th>
                  <th scope="col">What differs</th>
                </tr>
              </thead>
              <tbody>
                {diff.changed.map(({ before, after }) => (
                  <tr key={after.key} class="changed">
                    <td>
                      <span class="badge">changed</span>
                    </td>
                    <th scope="row">{after.key}</th>
                    <td>
                      <ul class="differences">
                        {differences(before, after).map(({ field, was, now }) => (
                          <li key={field}>
                            <strong>{field}</strong>: <del>{was}</del> → <ins>{now}</ins>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function FlowSection(props: { kind: 'added' | 'removed'; title: string; flows: readonly DiffFlow[]; version: string }) {
  const { kind, title, flows, version } = props;
  return (
    <section aria-labelledby={`diff-${kind}-title`}>
      <h2 id={`diff-${kind}-title`}>
        {title} ({flows.length})
      </h2>
      {flows.length === 0 ? (
        <p>No flow {kind}.</p>
      ) : (
        <div class="table-wrap">
          <table class="diff-table">
            <caption>Flows {kind === 'added' ? `only ${version} requires` : `only ${version} required`}</caption>
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Flow</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Protocol</th>
                <th scope="col">Ports</th>
                <th scope="col">Component</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {flows.map((flow) => (
                <tr key={flow.key} class={kind}>
                  <td>
                    <span class="badge">{kind}</span>
                  </td>
                  <th scope="row">{flow.key}</th>
                  <td>{flow.source}</td>
                  <td>{flow.destination}</td>
                  <td>{flow.protocol}</td>
                  <td>{portsOf(flow)}</td>
                  <td>{flow.component}</td>
                  <td>{flow.notes || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Entries of both versions, each id once (the later version's wins). */
function unionBy<T>(entries: readonly T[], id: (entry: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const entry of entries) byId.set(id(entry), entry);
  return [...byId.values()];
}
